import type { Reason } from './rank.js';

/**
 * A reason as words: `lead` then, for reasons about a signal paper, that paper (the page links
 * its title, the mail quotes it). "because you upvoted" + X; "by Ada Lovelace, whom you follow"; "by Ada Lovelace, an author of"
 * + X (a paper the user upvoted, saved, commented on or asked more like).
 */
export function reasonWords(reason: Reason): { lead: string; paper?: { id: string; title: string } } {
  const paper = reason.paperId ? { id: reason.paperId, title: reason.title ?? reason.paperId } : undefined;
  const name = reason.name ?? '';
  switch (reason.kind) {
    case 'similar_to_upvoted': return { lead: 'Because you upvoted', ...(paper ? { paper } : {}) };
    case 'similar_to_collected': return { lead: 'Because you saved', ...(paper ? { paper } : {}) };
    case 'similar_to_commented': return { lead: 'Because you commented on', ...(paper ? { paper } : {}) };
    case 'more_like_this': return { lead: 'Because you asked for more like', ...(paper ? { paper } : {}) };
    case 'by_followed_author': return { lead: `By ${name}, whom you follow` };
    case 'by_author_of_yours': return { lead: `By ${name}, an author of`, ...(paper ? { paper } : {}) };
    case 'from_followed_org': return { lead: `From ${name}, which you follow` };
    case 'in_followed_category': return { lead: `In ${name}, which you follow` };
    case 'in_your_categories': return { lead: `In ${name}, one of your categories` };
    case 'trending': return { lead: 'Trending this week' };
  }
}

/** The reason on one line of plain text (mail text part, API `reason.text`). */
export function reasonText(reason: Reason): string {
  const w = reasonWords(reason);
  return w.paper ? `${w.lead} “${w.paper.title}”` : w.lead;
}
