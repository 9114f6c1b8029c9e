import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { cleanReason } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { pageNumber, pageSlice } from '../../domain/paging.js';
import { claimOf, decideClaim, pendingClaims, verifiedClaimants } from '../../store/author-claims.js';
import { mergeAuthors, splitAuthor } from '../../store/author-moderation.js';
import { authorCategories, authorPaperIds, authorTotals, coAuthors, findAuthorById, findAuthorBySlug, resolveAuthorSlug } from '../../store/authors.js';
import { cardsByIds } from '../../store/feed.js';
import { claimAuthorAs } from '../claim-author.js';
import { rowIdParam } from '../http/query-params.js';
import { ForbiddenError } from '../http/security.js';
import { AuthorPage, ClaimsQueuePage } from '../views/author-page.js';
import { MessagePage } from '../views/layout.js';
import { authorPath } from '../views/paper-card.js';
import { requireUser } from './comments.js';
import { votedSet } from './feed.js';
import { followState } from './follow-state.js';
import { requireAdmin } from './moderation.js';
import { cachedPage, formField, pageContext, sendPage, type WebDeps } from './page.js';

/** Papers an author page lists at a time, as the feed does. */
const PAGE_SIZE = 50;
const CO_AUTHORS = 12;
const CATEGORIES = 10;
const QUEUE = 100;

/** GET /authors/:slug: a merged author answers 301 to the one it became. */
export function authorHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string }; Querystring: { page?: string } }>, reply: FastifyReply) => {
    const found = await findAuthorBySlug(deps.store, req.params.slug);
    if (found && found.mergedInto !== null) {
      const into = await findAuthorById(deps.store, found.mergedInto);
      if (into) return reply.redirect(authorPath(into.slug), 301);
    }
    return cachedPage(req, reply, deps, async () => {
      const ctx = pageContext(req, reply, deps);
      if (!found) return { status: 404, page: h(MessagePage, { ctx, title: 'No such author', error: true }, `Paperboy has no author "${req.params.slug.slice(0, 60)}".`) };
      const totals = await authorTotals(deps.store, found.id);
      const slice = pageSlice(totals.papers, pageNumber(req.query.page), PAGE_SIZE);
      const cards = slice.limit > 0 ? await cardsByIds(deps.store, await authorPaperIds(deps.store, found.id, slice)) : [];
      const view = {
        author: found, cards, totals, page: slice.page, pages: slice.pages, start: slice.offset + 1,
        coAuthors: await coAuthors(deps.store, found.id, CO_AUTHORS),
        categories: await authorCategories(deps.store, found.id, CATEGORIES),
        claimants: await verifiedClaimants(deps.store, found.id),
        ownClaim: req.user ? ((await claimOf(deps.store, found.id, req.user.id)) ?? null) : null,
        voted: await votedSet(deps, req, cards),
        following: await followState(deps, req, 'author', String(found.id)),
      };
      return { page: h(AuthorPage, { ctx, view }) };
    });
  };
}

/** POST /authors/:slug/claim: "this author is me"; verified at once by e-mail domain, else pending. */
export function claimHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) => {
    const user = requireUser(req);
    const author = await resolveAuthorSlug(deps.store, req.params.slug);
    if (!author) throw new InvalidInputError('no such author', 'not_found');
    await claimAuthorAs(deps, user, author);
    return reply.redirect(authorPath(author.slug), 303);
  };
}

/** GET /moderation/claims: the pending claims (moderators only). */
export function claimsQueueHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user?.isAdmin) throw new ForbiddenError('only moderators can see claims', 'not_admin');
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, h(ClaimsQueuePage, { ctx: pageContext(req, reply, deps), claims: await pendingClaims(deps.store, QUEUE) }));
  };
}

/** POST /moderation/claims: `claim`, `decision` (approve | reject), `reason` (public). */
export function decideClaimHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const admin = requireAdmin(req);
    const decision = formField(req, 'decision');
    if (decision !== 'approve' && decision !== 'reject') throw new InvalidInputError('decision: approve or reject', 'invalid_decision');
    const done = await decideClaim(deps.store, admin.id, rowIdParam('claim', formField(req, 'claim')), decision === 'approve', cleanReason(formField(req, 'reason')), deps.now());
    if (!done) throw new InvalidInputError('no such pending claim (decided already?)', 'not_found');
    return reply.redirect('/moderation/claims', 303);
  };
}

/** POST /moderation/merge-author: `from`, `into` (slugs), `reason`. */
export function mergeAuthorHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const admin = requireAdmin(req);
    const reason = cleanReason(formField(req, 'reason'));
    const from = await resolveAuthorSlug(deps.store, formField(req, 'from') ?? '');
    const into = await resolveAuthorSlug(deps.store, (formField(req, 'into') ?? '').trim().replace(/^.*\/authors\//, ''));
    if (!from || !into) throw new InvalidInputError('no such author to merge', 'not_found');
    if (from.id === into.id) throw new InvalidInputError('an author cannot be merged into itself', 'invalid_target');
    await mergeAuthors(deps.store, admin.id, from, into, reason, deps.now());
    return reply.redirect(authorPath(into.slug), 303);
  };
}

/** POST /moderation/split-author: `author` (slug), `paper`, `reason`: that paper's author becomes a new author. */
export function splitAuthorHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const admin = requireAdmin(req);
    const reason = cleanReason(formField(req, 'reason'));
    const author = await resolveAuthorSlug(deps.store, formField(req, 'author') ?? '');
    if (!author) throw new InvalidInputError('no such author', 'not_found');
    const slug = await splitAuthor(deps.store, admin.id, author, formField(req, 'paper') ?? '', reason, deps.now());
    if (!slug) throw new InvalidInputError('this author is not on that paper', 'not_found');
    return reply.redirect(authorPath(slug), 303);
  };
}
