import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanCommentBody, LIMITS } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { addComment, countCommentsSince, editComment, findComment, removeComment } from '../../store/comments.js';
import { paperActivity } from '../../store/feed.js';
import { findPaper } from '../../store/papers.js';
import { checkCsrf, ForbiddenError } from '../http/security.js';
import { formField, type WebDeps } from './page.js';

export class RateLimitedError extends InvalidInputError {
  constructor(message: string) {
    super(message, 'rate_limited');
  }
}

/** POST /comments: `paper`, `body`, optional `parent` (replies are one level deep). */
export function addCommentHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const paperId = formField(req, 'paper') ?? '';
    const paper = await findPaper(deps.store, paperId);
    if (!paper || (await paperActivity(deps.store, paperId)).hiddenAt) throw new InvalidInputError(`no paper ${paperId.slice(0, 40)} to comment on`, 'not_found');
    const body = cleanCommentBody(formField(req, 'body'));
    let parentId: number | null = null;
    const parentField = formField(req, 'parent');
    if (parentField) {
      const parent = await findComment(deps.store, Number(parentField));
      if (!parent || parent.paperId !== paperId || parent.deletedAt || parent.hiddenAt) throw new InvalidInputError('the comment you reply to is gone', 'invalid_parent');
      // One level deep: a reply to a reply joins the same thread.
      parentId = parent.parentId ?? parent.id;
    }
    const now = deps.now();
    if ((await countCommentsSince(deps.store, user.id, new Date(now.getTime() - 10 * 60_000))) >= LIMITS.commentsPer10Minutes) {
      throw new RateLimitedError(`you have posted ${LIMITS.commentsPer10Minutes} comments in 10 minutes: wait a little`);
    }
    const id = await addComment(deps.store, { paperId, userId: user.id, parentId, body, now });
    deps.cache.clear();
    return reply.redirect(`/papers/${paperId}#c${id}`, 303);
  };
}

/** POST /comments/:id/edit: the author, within the edit window. */
export function editCommentHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const user = requireUser(req);
    const comment = await findComment(deps.store, Number(req.params.id));
    if (!comment || comment.userId !== user.id || comment.deletedAt) throw new ForbiddenError('you can only edit your own comments');
    const now = deps.now();
    if (now.getTime() - Date.parse(comment.createdAt) > LIMITS.commentEditMinutes * 60_000) {
      throw new ForbiddenError(`comments can be edited for ${LIMITS.commentEditMinutes} minutes after posting`, 'edit_window');
    }
    await editComment(deps.store, comment.id, cleanCommentBody(formField(req, 'body')), now);
    deps.cache.clear();
    return reply.redirect(`/papers/${comment.paperId}#c${comment.id}`, 303);
  };
}

/** POST /comments/:id/delete: the author; the comment shows as "[deleted]" and its replies stay. */
export function deleteCommentHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const user = requireUser(req);
    const comment = await findComment(deps.store, Number(req.params.id));
    if (!comment || comment.userId !== user.id) throw new ForbiddenError('you can only delete your own comments');
    await removeComment(deps.store, comment.id, 'deleted', deps.now());
    deps.cache.clear();
    return reply.redirect(`/papers/${comment.paperId}#comments`, 303);
  };
}

/** Signed-in user of a state-changing request, after the CSRF check. */
export function requireUser(req: FastifyRequest) {
  checkCsrf(req);
  if (!req.user) throw new ForbiddenError('sign in first', 'sign_in');
  return req.user;
}
