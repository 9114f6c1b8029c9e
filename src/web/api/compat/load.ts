import type { OrgBadge } from '../../../store/orgs.js';
import { absoluteUrl } from '../../render/absolute-url.js';
import { orgAvatarPath } from '../../views/org-badge.js';
import { paperLinksOf } from '../../../domain/paper-links.js';
import type { PaperCard } from '../../../store/feed.js';
import type { Store } from '../../../store/database.js';
import { paperTextsByIds } from '../../../store/papers.js';
import { userIdsByName } from '../../../store/paper-listing.js';
import { verifiedAuthorsOfPapers } from '../../../store/author-claims.js';
import type { CompatPaperSource, Organization } from './presenters.js';

/**
 * Completes feed cards with what the public shapes need beyond a card: abstracts, the code and
 * project links (stored, else found in the abstract or comments field) and the submitters'
 * ids, two queries for the whole page whatever its length; `baseUrl` makes the media URLs absolute.
 */
export async function compatSources(store: Store, cards: readonly PaperCard[], baseUrl = ''): Promise<CompatPaperSource[]> {
  const texts = await paperTextsByIds(store, cards.map((c) => c.id));
  const userIds = await userIdsByName(store, cards.flatMap((c) => (c.submittedBy ? [c.submittedBy] : [])));
  const authors = await verifiedAuthorsOfPapers(store, cards.map((c) => c.id));
  return cards.map((card) => {
    const id = card.submittedBy ? userIds.get(card.submittedBy) : undefined;
    const text = texts.get(card.id);
    const links = paperLinksOf({ abstract: text?.abstract ?? null, comments: text?.comments ?? null, githubUrl: card.githubUrl, projectUrl: card.projectUrl });
    const mediaUrl = card.media ? absoluteUrl(baseUrl, `/media/${card.media.key}`) : null;
    const organization = card.org ? presentOrganization(card.org, baseUrl) : null;
    const authorUsers = authors.byPaper.get(card.id);
    return {
      card, abstract: text?.abstract ?? '', links, submitter: id !== undefined ? { id, name: card.submittedBy!, displayName: card.submitterName ?? card.submittedBy! } : null, mediaUrl,
      ...(authorUsers ? { authorUsers } : {}), authorParticipating: authors.participating.has(card.id), organization,
    };
  });
}

function presentOrganization(org: OrgBadge, baseUrl: string): Organization {
  const avatar = orgAvatarPath(org);
  return { _id: String(org.id), name: org.slug, fullname: org.name, avatar: avatar ? absoluteUrl(baseUrl, avatar) : '' };
}
