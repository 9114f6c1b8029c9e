import { cleanCommentBody, LIMITS } from '../domain/community-rules.js';
import { InvalidInputError } from '../domain/errors.js';
import { addComment, findComment } from '../store/comments.js';
import type { User } from '../store/users.js';
import { takeOrRefuse, USER_LIMITS } from './http/user-limits.js';
import type { WebDeps } from './pages/page.js';

/**
 * Posts a comment under the site's rules (the one writer behind the site's form, /api/v1 and
 * the compatible API): clean body, a living parent on the same paper (a reply to a reply joins
 * the top-level thread), at most LIMITS.commentsPer10Minutes per user, counted in the store
 * (RateLimitedError with the seconds to wait past it).
 */
export async function postComment(deps: WebDeps, user: User, c: { paperId: string; body: unknown; parentId: number | null }): Promise<number> {
  const body = cleanCommentBody(c.body);
  let parentId: number | null = null;
  if (c.parentId !== null) {
    const parent = await findComment(deps.store, c.parentId);
    if (!parent || parent.paperId !== c.paperId || parent.deletedAt || parent.hiddenAt) throw new InvalidInputError('the comment you reply to is gone or on another paper', 'invalid_parent');
    parentId = parent.parentId ?? parent.id;
  }
  const now = deps.now();
  await takeOrRefuse(deps.store, USER_LIMITS.comments(user.id), now, `you have posted ${LIMITS.commentsPer10Minutes} comments in 10 minutes: wait a little`);
  const id = await addComment(deps.store, { paperId: c.paperId, userId: user.id, parentId, body, now });
  deps.cache.invalidatePaper(c.paperId);
  return id;
}
