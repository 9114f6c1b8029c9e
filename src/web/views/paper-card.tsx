import type { ComponentChildren } from 'preact';
import type { PaperCard } from '../../store/feed.js';
import { AddToCollection } from './add-to-collection.js';
import { compactCount } from '../render/compact-count.js';
import type { PageContext } from './layout.js';
import { MathText } from './math.js';
import { OrgBadge } from './org-badge.js';
import { CardMedia } from './media.js';
import { Thumbnail } from './thumbnail.js';
import { Ago, Day } from './time.js';
import { UserLink } from './user-link.js';
import { VoteButton } from './vote-button.js';

/** How many authors a card names before "+N". */
const CARD_AUTHORS = 3;
/** Cross-lists a card shows beside the primary category. */
const CROSS_LISTS = 2;

export function paperPath(id: string): string {
  return `/papers/${id}`;
}

export function categoryPath(category: string): string {
  return `/papers/category/${encodeURIComponent(category)}`;
}

export function authorPath(slug: string): string {
  return `/authors/${encodeURIComponent(slug)}`;
}

/** The first `shown` authors, each a link to their page when it has one (`slugs` by position), then "+N". */
export function authorLine(authors: string[], slugs: readonly (string | null | undefined)[] = [], shown = CARD_AUTHORS) {
  const names = authors.slice(0, shown).map((name, i) => {
    const slug = slugs[i];
    return <>{i > 0 ? ', ' : ''}{slug ? <a href={authorPath(slug)}>{name}</a> : name}</>;
  });
  return <>{names}{authors.length > shown ? ` +${authors.length - shown}` : ''}</>;
}

/** What a list shows beside each card, besides the card itself. */
export interface CardOptions {
  /** Say each card's feed day (week, month, trending: lists spanning days; 'year': search, spanning years). */
  showDay?: boolean | 'year';
  /** A title with the query's matches marked, already escaped (search results). */
  titleHtml?: string | null;
  /** Text shown instead of the teaser, already escaped (search: the abstract around the match). */
  excerptHtml?: string | null;
  /** The small card of side lists (similar papers): no teaser, the upvotes as a number, not a button. */
  compact?: boolean;
}

export function PaperList({ ctx, cards, voted, start = 1, options = {} }: { ctx: PageContext; cards: PaperCard[]; voted: ReadonlySet<string>; start?: number; options?: CardOptions }) {
  if (cards.length === 0) return null;
  return (
    <ol class={options.compact ? 'papers compact' : ctx.listView ? 'papers list' : 'papers grid'} start={start}>
      {cards.map((c) => (
        <PaperCardView ctx={ctx} card={c} voted={voted.has(c.id)} options={options} />
      ))}
    </ol>
  );
}

/**
 * A paper as every list shows it: enough to decide in two seconds whether to open it. Title,
 * authors, a two-line teaser, the categories as links to their feeds, comments, code, who
 * submitted it, and the upvote (one click, a form without JavaScript).
 */
export function PaperCardView({ ctx, card, voted, options = {}, after }: { ctx: PageContext; card: PaperCard; voted: boolean; options?: CardOptions; after?: ComponentChildren }) {
  const cross = card.categories.filter((c) => c !== card.primaryCategory).slice(0, CROSS_LISTS);
  const chips = card.primaryCategory ? [card.primaryCategory, ...cross] : cross;
  return (
    <li class="card" id={`p-${card.id}`}>
      {options.compact ? null : card.media ? <CardMedia card={card} media={card.media} /> : (
        <a class="thumb" href={paperPath(card.id)} tabindex={-1} aria-hidden="true">
          <Thumbnail card={card} decorative />
        </a>
      )}
      {options.compact ? null : <VoteButton ctx={ctx} paperId={card.id} upvotes={card.upvotes} voted={voted} />}
      <div class="body">
        <h2>
          <a href={paperPath(card.id)}>{options.titleHtml ? <span dangerouslySetInnerHTML={{ __html: options.titleHtml }} /> : <MathText text={card.title} />}</a>
        </h2>
        {card.authors.length ? <p class="authors">{authorLine(card.authors, card.authorSlugs)}</p> : null}
        {options.compact ? null : options.excerptHtml ? <p class="teaser" dangerouslySetInnerHTML={{ __html: options.excerptHtml }} /> : card.teaser ? <MathText tag="p" class="teaser" text={card.teaser} /> : null}
        <div class="meta">
          {options.compact ? <span class="ups">▲ {card.upvotes}<span class="vh"> upvotes</span></span> : null}
          {chips.length ? (
            <span class="chips">
              {chips.map((cat, i) => <a class={i === 0 && card.primaryCategory ? 'cat primary' : 'cat'} href={categoryPath(cat)}>{cat}</a>)}
            </span>
          ) : null}
          {options.showDay && card.feedDate ? <Day date={card.feedDate} year={options.showDay === 'year'} /> : null}
          <a class="comments" href={`${paperPath(card.id)}#comments`}>
            {card.comments}<span class="vh">{card.comments === 1 ? ' comment' : ' comments'}</span>
          </a>
          {card.githubUrl ? (
            <a href={card.githubUrl} rel="nofollow noopener" title={card.githubStars != null ? `${card.githubStars.toLocaleString('en-US')} stars on GitHub` : undefined}>
              code{card.githubStars != null ? ` · ★ ${compactCount(card.githubStars)}` : ''}
            </a>
          ) : null}
          {card.submittedBy ? (
            <span class="by">
              submitted by <UserLink handle={card.submittedBy} name={card.submitterName ?? card.submittedBy} />
              {card.org ? <> under <OrgBadge org={card.org} /></> : null}
              {card.dailyAt ? <> · <Ago at={card.dailyAt} now={ctx.now} /></> : null}
            </span>
          ) : null}
          {options.compact ? null : <AddToCollection ctx={ctx} paperId={card.id} />}
        </div>
        {after}
      </div>
    </li>
  );
}
