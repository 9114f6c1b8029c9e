import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanCommentBody, LIMITS } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { type CommentRow, editComment, findComment, removeComment } from '../../store/comments.js';
import { paperActivity } from '../../store/feed.js';
import { findPaper } from '../../store/papers.js';
import { rowIdParam } from '../http/query-params.js';
import { checkCsrf, ForbiddenError } from '../http/security.js';
import { postComment } from '../post-comment.js';
import { formField, type WebDeps } from './page.js';

/** POST /comments: `paper`, `body`, optional `parent` (replies are one level deep). */
export function addCommentHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const paperId = formField(req, 'paper') ?? '';
    const paper = await findPaper(deps.store, paperId);
    if (!paper || (await paperActivity(deps.store, paperId)).hiddenAt) throw new InvalidInputError(`no paper ${paperId.slice(0, 40)} to comment on`, 'not_found');
    const parentField = formField(req, 'parent');
    const parentId = parentField ? rowIdParam('parent', parentField) : null;
    const id = await postComment(deps, user, { paperId, body: formField(req, 'body'), parentId });
    return reply.redirect(`/papers/${paperId}#c${id}`, 303);
  };
}

/** POST /comments/:id/edit: the author, within the edit window. */
export function editCommentHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const user = requireUser(req);
    const comment = await findComment(deps.store, rowIdParam('comment id', req.params.id));
    if (!comment || comment.userId !== user.id || comment.deletedAt) throw new ForbiddenError('you can only edit your own comments');
    refuseHidden(comment);
    const now = deps.now();
    if (now.getTime() - Date.parse(comment.createdAt) > LIMITS.commentEditMinutes * 60_000) {
      throw new ForbiddenError(`comments can be edited for ${LIMITS.commentEditMinutes} minutes after posting`, 'edit_window');
    }
    await editComment(deps.store, comment.id, cleanCommentBody(formField(req, 'body')), now);
    deps.cache.invalidatePaper(comment.paperId);
    return reply.redirect(`/papers/${comment.paperId}#c${comment.id}`, 303);
  };
}

/** POST /comments/:id/delete: the author; the comment shows as "[deleted]" and its replies stay. */
export function deleteCommentHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const user = requireUser(req);
    const comment = await findComment(deps.store, rowIdParam('comment id', req.params.id));
    if (!comment || comment.userId !== user.id) throw new ForbiddenError('you can only delete your own comments');
    refuseHidden(comment);
    await removeComment(deps.store, comment.id, 'deleted', deps.now());
    deps.cache.invalidatePaper(comment.paperId);
    return reply.redirect(`/papers/${comment.paperId}#comments`, 303);
  };
}

/** A comment a moderator hid stays as it was hidden: its author can neither rewrite nor delete it. */
function refuseHidden(comment: CommentRow): void {
  if (comment.hiddenAt) throw new ForbiddenError('a moderator hid this comment: it can no longer be edited or deleted (see the moderation log)', 'comment_hidden');
}

/** Signed-in user of a state-changing request, after the CSRF check. */
export function requireUser(req: FastifyRequest) {
  checkCsrf(req);
  if (!req.user) throw new ForbiddenError('sign in first', 'sign_in');
  return req.user;
}
