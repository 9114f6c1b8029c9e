import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { InvalidInputError } from '../../domain/errors.js';
import { isDeletedHandle } from '../../domain/user-names.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../store/api-tokens.js';
import { collectionsOfUser } from '../../store/collections.js';
import { papersSubmittedBy, papersVotedBy } from '../../store/feed.js';
import { findUserByName, type User } from '../../store/users.js';
import { rowIdOf } from '../http/query-params.js';
import { MessagePage } from '../views/layout.js';
import { type DigestSummary, type TokenPanel, UserPage } from '../views/user-page.js';
import { linkFor } from '../../mail/subscriptions.js';
import { findSubscriberByEmail, isActive } from '../../store/subscribers.js';
import { openSubmissions } from '../../store/submissions.js';
import { authorPagesOf } from '../../store/author-claims.js';
import { orgsOfUser } from '../../store/orgs.js';
import { requireUser } from './comments.js';
import { votedSet } from './feed.js';
import { namesFormState } from './user-names.js';
import { cachedPage, formField, pageContext, sendPage, type Page, type WebDeps } from './page.js';

/** Profiles list the latest 100 of each: enough to see what someone reads. */
const PROFILE_PAPERS = 100;
/** Submissions waiting for arXiv or failed, on the owner's profile: 20 is two days of the daily limit. */
const PROFILE_WAITING = 20;

export function userHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const user = await findUserByName(deps.store, req.params.name);
      if (!user || isDeletedHandle(user.name)) {
        const ctx = pageContext(req, reply, deps);
        return { status: 404, page: h(MessagePage, { ctx, title: 'No such user', error: true }, `Nobody is called "${req.params.name.slice(0, 40)}" here.`) };
      }
      return { page: await profilePage(deps, req, reply, user, {}) };
    });
}

/**
 * POST /api-tokens: `name`. Answers with the profile page itself, the new secret shown in it:
 * the only time it is ever shown (the store keeps its hash), so it is not put behind a redirect.
 */
export function createTokenHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    reply.header('cache-control', 'private, no-store');
    try {
      const { token, secret } = await createApiToken(deps.store, user.id, formField(req, 'name'), deps.now());
      return sendPage(reply, await profilePage(deps, req, reply, user, { created: { name: token.name, secret } }));
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return sendPage(reply, await profilePage(deps, req, reply, user, { error: err.message }), 400);
    }
  };
}

/** POST /api-tokens/:id/revoke: the owner's token stops working at once. */
export function revokeTokenHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const user = requireUser(req);
    const id = rowIdOf(req.params.id) ?? -1;
    if (!(await revokeApiToken(deps.store, user.id, id, deps.now()))) throw new InvalidInputError('no such token of yours to revoke (it may be revoked already)', 'not_found');
    return reply.redirect(`/u/${encodeURIComponent(user.name)}#api-tokens`, 303);
  };
}

async function profilePage(deps: WebDeps, req: FastifyRequest, reply: FastifyReply, user: User, tokenState: Omit<TokenPanel, 'tokens'>): Promise<Page> {
  const ctx = pageContext(req, reply, deps);
  const upvoted = await papersVotedBy(deps.store, user.id, PROFILE_PAPERS);
  const submitted = await papersSubmittedBy(deps.store, user.id, PROFILE_PAPERS);
  const own = req.user?.id === user.id;
  const digest = own ? await ownDigest(deps, user.email) : null;
  const tokens = own ? { ...tokenState, tokens: await listApiTokens(deps.store, user.id) } : null;
  const waiting = own ? await openSubmissions(deps.store, user.id, PROFILE_WAITING) : [];
  const names = own ? namesFormState(user) : null;
  const authorPages = await authorPagesOf(deps.store, user.id);
  const orgs = await orgsOfUser(deps.store, user.id);
  // Others see the public collections only; the owner sees all of theirs.
  const collections = await collectionsOfUser(deps.store, user.id, { includePrivate: own });
  return h(UserPage, { ctx, user, upvoted, submitted, waiting, voted: await votedSet(deps, req, [...upvoted, ...submitted]), digest, tokens, names, authorPages, orgs, collections });
}

/** A signed-in user's own digest subscription, managed from the profile through its signed link. */
async function ownDigest(deps: WebDeps, email: string): Promise<DigestSummary> {
  const subscriber = await findSubscriberByEmail(deps.store, email);
  if (!subscriber || !isActive(subscriber)) return { state: subscriber?.confirmedAt === null ? 'unconfirmed' : 'none', manage: null, frequency: null };
  const manage = (await linkFor(deps.store, deps.config, 'manage', subscriber)).slice(deps.config.baseUrl.length);
  return { state: 'active', manage, frequency: subscriber.frequency };
}
