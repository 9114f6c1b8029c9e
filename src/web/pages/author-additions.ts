import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanAuthorAdditions } from '../../domain/author-additions.js';
import { InvalidInputError } from '../../domain/errors.js';
import { setAuthorAdditions } from '../../store/author-additions.js';
import { verifiedAuthorUsers } from '../../store/author-claims.js';
import { paperActivity } from '../../store/feed.js';
import { findPaper } from '../../store/papers.js';
import { ForbiddenError } from '../http/security.js';
import { requireUser } from './comments.js';
import { formField, type WebDeps } from './page.js';

/**
 * POST /author-additions: `paper`, `code`, `project`, `note` (an empty field removes it). Only a
 * user verified as one of the paper's authors (src/store/author-claims.ts) may; the change is
 * logged in public and the paper's cached pages drop, then back to the paper (303).
 */
export function authorAdditionsHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const additions = cleanAuthorAdditions({ code: formField(req, 'code'), project: formField(req, 'project'), note: formField(req, 'note') });
    const paperId = formField(req, 'paper') ?? '';
    const paper = await findPaper(deps.store, paperId);
    const activity = paper && (await paperActivity(deps.store, paper.id));
    if (!paper || !activity || activity.hiddenAt) throw new InvalidInputError(`no paper ${paperId.slice(0, 40)}`, 'not_found');
    if (!(await verifiedAuthorUsers(deps.store, paper.id)).has(user.id)) throw new ForbiddenError('only the paper\'s verified authors can add to it: claim your author page first', 'not_author');
    const changed = await setAuthorAdditions(deps.store, user.id, paper.id, additions, deps.now());
    if (changed) deps.cache.invalidatePaper(paper.id);
    return reply.redirect(`/papers/${paper.id}#from-the-authors`, 303);
  };
}
