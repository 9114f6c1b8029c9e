import { abstractsByIds, type PaperCard } from '../../../store/feed.js';
import type { Store } from '../../../store/database.js';
import { userIdsByName } from '../../../store/paper-listing.js';
import type { CompatPaperSource } from './presenters.js';

/**
 * Completes feed cards with what the public shapes need beyond a card: abstracts and the
 * submitters' ids, two queries for the whole page whatever its length.
 */
export async function compatSources(store: Store, cards: readonly PaperCard[]): Promise<CompatPaperSource[]> {
  const abstracts = await abstractsByIds(store, cards.map((c) => c.id));
  const userIds = await userIdsByName(store, cards.flatMap((c) => (c.submittedBy ? [c.submittedBy] : [])));
  return cards.map((card) => {
    const id = card.submittedBy ? userIds.get(card.submittedBy) : undefined;
    return { card, abstract: abstracts.get(card.id) ?? '', submitter: id !== undefined ? { id, name: card.submittedBy!, displayName: card.submitterName ?? card.submittedBy! } : null };
  });
}
