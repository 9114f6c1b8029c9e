import type { PaperCard } from '../../store/feed.js';
import type { PageContext } from './layout.js';
import { MathText } from './math.js';
import { UserLink } from './user-link.js';
import { VoteButton } from './vote-button.js';

/** How many authors a card names before "+N more". */
const CARD_AUTHORS = 3;

export function paperPath(id: string): string {
  return `/papers/${id}`;
}

export function authorLine(authors: string[], shown = CARD_AUTHORS): string {
  if (authors.length <= shown) return authors.join(', ');
  return `${authors.slice(0, shown).join(', ')} +${authors.length - shown} more`;
}

export function PaperList({ ctx, cards, voted, start = 1 }: { ctx: PageContext; cards: PaperCard[]; voted: Set<string>; start?: number }) {
  if (cards.length === 0) return null;
  return (
    <ol class="papers" start={start}>
      {cards.map((c) => (
        <PaperCardView ctx={ctx} card={c} voted={voted.has(c.id)} />
      ))}
    </ol>
  );
}

export function PaperCardView({ ctx, card, voted }: { ctx: PageContext; card: PaperCard; voted: boolean }) {
  return (
    <li class="card" id={`p-${card.id}`}>
      <VoteButton ctx={ctx} paperId={card.id} upvotes={card.upvotes} voted={voted} />
      <div class="body">
        <h2>
          <a href={paperPath(card.id)}>
            <MathText text={card.title} />
          </a>
        </h2>
        <div class="meta">
          <span>{authorLine(card.authors)}</span>
          <a href={`${paperPath(card.id)}#comments`}>{card.comments === 1 ? '1 comment' : `${card.comments} comments`}</a>
          {card.categories.slice(0, 3).map((cat) => (
            <span class="cat">{cat}</span>
          ))}
          {card.githubUrl ? <a href={card.githubUrl} rel="nofollow noopener">code</a> : null}
          {card.submittedBy ? (
            <span>
              submitted by <UserLink handle={card.submittedBy} name={card.submitterName ?? card.submittedBy} />
            </span>
          ) : null}
        </div>
      </div>
    </li>
  );
}
