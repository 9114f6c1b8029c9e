import { formatDay } from '../../domain/date-format.js';
import type { PaperCard } from '../../store/feed.js';
import { compactCount } from '../render/compact-count.js';
import { Layout, type PageContext } from './layout.js';
import { PaperList } from './paper-card.js';
import { ViewToggle } from './view-toggle.js';

/** `/trending/stars`: the papers whose code gains GitHub stars fastest. */
export function StarsTrendingPage({ ctx, cards, velocity, voted, days, velocityDays, until }: { ctx: PageContext; cards: PaperCard[]; velocity: Map<string, number>; voted: Set<string>; days: number; velocityDays: number; until: string }) {
  const top = cards[0] ? velocity.get(cards[0].id) : undefined;
  return (
    <Layout ctx={ctx} title="Trending by stars" section="trending" description="Papers whose code gains GitHub stars fastest.">
      <div class="period">
        <h1>Trending by stars</h1>
        <ViewToggle ctx={ctx} />
      </div>
      <p class="muted">
        Papers of the {days} days up to {formatDay(until)}, by the GitHub stars their code gained in the last {velocityDays} days
        {top ? ` (the first: +${compactCount(top)})` : ''}. <a href="/trending">Trending by upvotes</a>
      </p>
      {cards.length === 0 ? <div class="notice">No paper's code has gained stars yet: star counts come in the background, a day at a time.</div> : null}
      <PaperList ctx={ctx} cards={cards} voted={voted} options={{ showDay: true }} />
    </Layout>
  );
}
