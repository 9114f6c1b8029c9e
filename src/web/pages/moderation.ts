import { findOrgBySlug, hideOrg } from '../../store/orgs.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { cleanReason } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { banUser, hideComment, hidePaper, listModerationLog } from '../../store/moderation.js';
import { findComment } from '../../store/comments.js';
import { findPaper } from '../../store/papers.js';
import { findUserByName } from '../../store/users.js';
import { rowIdParam } from '../http/query-params.js';
import { ForbiddenError } from '../http/security.js';
import { ModerationPage } from '../views/moderation-page.js';
import { requireUser } from './comments.js';
import { cachedPage, formField, pageContext, type WebDeps } from './page.js';

const LOG_PAGE = 100;

/** GET /moderation: the public log. */
export function moderationLogHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { before?: string } }>, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const before = req.query.before === undefined ? undefined : rowIdParam('before', req.query.before);
      const entries = await listModerationLog(deps.store, LOG_PAGE, before);
      const older = entries.length === LOG_PAGE ? entries.at(-1)!.id : null;
      return { page: h(ModerationPage, { ctx: pageContext(req, reply, deps), entries, older }) };
    });
}

/** The signed-in moderator, or 403. */
export function requireAdmin(req: FastifyRequest) {
  const user = requireUser(req);
  if (!user.isAdmin) throw new ForbiddenError('only moderators can do this', 'not_admin');
  return user;
}

export function hidePaperHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const admin = requireAdmin(req);
    const id = formField(req, 'paper') ?? '';
    if (!(await findPaper(deps.store, id))) throw new InvalidInputError(`no paper ${id.slice(0, 40)}`, 'not_found');
    await hidePaper(deps.store, admin.id, id, cleanReason(formField(req, 'reason')), deps.now());
    deps.cache.invalidatePaper(id);
    return reply.redirect('/moderation', 303);
  };
}

/** POST /moderation/hide-org: `org` (slug), `reason`. The org's page and badges go; the log says why. */
export function hideOrgHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const admin = requireAdmin(req);
    const org = await findOrgBySlug(deps.store, formField(req, 'org') ?? '');
    if (!org) throw new InvalidInputError('no such organization', 'not_found');
    await hideOrg(deps.store, admin.id, org, cleanReason(formField(req, 'reason')), deps.now());
    return reply.redirect('/moderation', 303);
  };
}

export function hideCommentHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const admin = requireAdmin(req);
    const comment = await findComment(deps.store, rowIdParam('comment', formField(req, 'comment')));
    if (!comment) throw new InvalidInputError('no such comment', 'not_found');
    await hideComment(deps.store, admin.id, comment.id, cleanReason(formField(req, 'reason')), deps.now());
    deps.cache.invalidatePaper(comment.paperId);
    return reply.redirect(`/papers/${comment.paperId}#c${comment.id}`, 303);
  };
}

export function banHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const admin = requireAdmin(req);
    const user = await findUserByName(deps.store, formField(req, 'user') ?? '');
    if (!user) throw new InvalidInputError('no such user', 'not_found');
    if (user.id === admin.id) throw new InvalidInputError('you cannot ban yourself', 'invalid_target');
    await banUser(deps.store, admin.id, user.id, cleanReason(formField(req, 'reason')), deps.now());
    deps.cache.clear();
    return reply.redirect('/moderation', 303);
  };
}
