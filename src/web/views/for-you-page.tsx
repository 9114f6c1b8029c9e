import type { Period } from '../../recommend/index.js';
import type { Reason } from '../../recommend/rank.js';
import { reasonWords } from '../../recommend/reason-text.js';
import type { PaperCard } from '../../store/feed.js';
import { formatDay } from '../../domain/date-format.js';
import { Layout, type PageContext } from './layout.js';
import { PaperCardView, paperPath } from './paper-card.js';
import { MathText } from './math.js';

export interface ForYouView {
  period: Period;
  range: { from: string; to: string } | null;
  items: { card: PaperCard; reason: Reason }[];
  coldStart: boolean;
  /** Cold start: categories of the week to pick from (followed ones checked), and trending papers to seed with. */
  picker?: { categories: { category: string; papers: number; followed: boolean }[]; seeds: PaperCard[] };
}

export function forYouPath(period: Period): string {
  return period === 'week' ? '/for-you?period=week' : '/for-you';
}

/** A reason as one line: "Because you upvoted <X>", X a link to the paper. */
export function ReasonLine({ reason }: { reason: Reason }) {
  const w = reasonWords(reason);
  return (
    <p class="reason">
      {w.lead}
      {w.paper ? <> <a href={paperPath(w.paper.id)}><MathText text={w.paper.title} /></a></> : null}
    </p>
  );
}

/** "Not interested" / "More like this": plain POST forms back to this page; site.js sends them with fetch. */
export function FeedbackButtons({ ctx, paperId, back, only }: { ctx: PageContext; paperId: string; back: string; only?: 'more_like_this' }) {
  const form = (kind: 'not_interested' | 'more_like_this', label: string) => (
    <form method="post" action="/for-you/feedback" class="inline feedback-form">
      <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
      <input type="hidden" name="paper_id" value={paperId} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="back" value={back} />
      <button class="secondary" type="submit">{label}</button>
    </form>
  );
  return (
    <div class="feedback">
      {only ? null : form('not_interested', 'Not interested')}
      {form('more_like_this', 'More like this')}
    </div>
  );
}

/** `/for-you`: the signed-in user's ranking of today's or the week's papers, each with its reason. */
export function ForYouPage({ ctx, view }: { ctx: PageContext; view: ForYouView }) {
  const back = forYouPath(view.period);
  const heading = view.range ? `For you · ${view.period === 'day' ? formatDay(view.range.to) : `week to ${formatDay(view.range.to)}`}` : 'For you';
  return (
    <Layout ctx={ctx} title="For you" section="daily" description="Papers ranked for you from what you upvote, save, comment on and follow.">
      <div class="period"><h1>{heading}</h1></div>
      <div class="toolbar">
        <nav class="tabs" aria-label="Period">
          <a href={view.range ? `/papers/date/${view.range.to}` : '/papers'}>Daily</a>
          <a href="/papers/following">Following</a>
          <a href={forYouPath('day')} aria-current={view.period === 'day' ? 'page' : undefined}>For you · Day</a>
          <a href={forYouPath('week')} aria-current={view.period === 'week' ? 'page' : undefined}>For you · Week</a>
        </nav>
        <a href="/for-you/history">Your signals and privacy</a>
      </div>
      {view.picker ? <ColdStartPicker ctx={ctx} picker={view.picker} back={back} /> : null}
      {view.range === null ? <div class="notice">No papers yet: they show here as they come.</div>
        : view.items.length === 0 ? <div class="notice">Nothing left to recommend for this {view.period === 'day' ? 'day' : 'week'}: you have seen it all.</div> : (
          <ol class={ctx.listView ? 'papers list for-you' : 'papers grid for-you'}>
            {view.items.map(({ card, reason }) => (
              <PaperCardView ctx={ctx} card={card} voted={false} options={{ showDay: view.period === 'week' }}
                after={<><ReasonLine reason={reason} /><FeedbackButtons ctx={ctx} paperId={card.id} back={back} /></>} />
            ))}
          </ol>
        )}
    </Layout>
  );
}

/** Cold start: pick categories (follows of kind category) and a few seed papers ("More like this" on this week's trending ones). */
function ColdStartPicker({ ctx, picker, back }: { ctx: PageContext; picker: NonNullable<ForYouView['picker']>; back: string }) {
  return (
    <section class="cold-start notice" aria-labelledby="cold-start-heading">
      <h2 id="cold-start-heading">Tell For you what you read</h2>
      <p>Upvote, save or ask for more like a few papers, and this page learns your taste. To start, choose categories:</p>
      <form method="post" action="/for-you/categories">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <input type="hidden" name="back" value={back} />
        <fieldset class="categories">
          <legend class="vh">Categories</legend>
          {picker.categories.map((c) => (
            <label><input type="checkbox" name="category" value={c.category} checked={c.followed} /> {c.category} <span class="muted">({c.papers})</span></label>
          ))}
        </fieldset>
        <button type="submit">Follow these categories</button>
      </form>
      {picker.seeds.length ? (
        <>
          <p>…and a few papers of this week you like:</p>
          <ul class="seeds">
            {picker.seeds.map((p) => (
              <li><a href={paperPath(p.id)}><MathText text={p.title} /></a> <FeedbackButtons ctx={ctx} paperId={p.id} back={back} only="more_like_this" /></li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
