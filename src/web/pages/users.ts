import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { papersSubmittedBy, papersVotedBy } from '../../store/feed.js';
import { findUserByName } from '../../store/users.js';
import { MessagePage } from '../views/layout.js';
import { type DigestSummary, UserPage } from '../views/user-page.js';
import { linkFor } from '../../mail/subscriptions.js';
import { findSubscriberByEmail, isActive } from '../../store/subscribers.js';
import { votedSet } from './feed.js';
import { cachedPage, pageContext, type WebDeps } from './page.js';

/** Profiles list the latest 100 of each: enough to see what someone reads. */
const PROFILE_PAPERS = 100;

export function userHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const ctx = pageContext(req, reply, deps);
      const user = await findUserByName(deps.store, req.params.name);
      if (!user) return { status: 404, page: h(MessagePage, { ctx, title: 'No such user', error: true }, `Nobody is called "${req.params.name.slice(0, 40)}" here.`) };
      const upvoted = await papersVotedBy(deps.store, user.id, PROFILE_PAPERS);
      const submitted = await papersSubmittedBy(deps.store, user.id, PROFILE_PAPERS);
      const digest = req.user?.id === user.id ? await ownDigest(deps, user.email) : null;
      return { page: h(UserPage, { ctx, user, upvoted, submitted, voted: await votedSet(deps, req, [...upvoted, ...submitted]), digest }) };
    });
}

/** A signed-in user's own digest subscription, managed from the profile through its signed link. */
async function ownDigest(deps: WebDeps, email: string): Promise<DigestSummary> {
  const subscriber = await findSubscriberByEmail(deps.store, email);
  if (!subscriber || !isActive(subscriber)) return { state: subscriber?.confirmedAt === null ? 'unconfirmed' : 'none', manage: null, frequency: null };
  const manage = (await linkFor(deps.store, deps.config, 'manage', subscriber)).slice(deps.config.baseUrl.length);
  return { state: 'active', manage, frequency: subscriber.frequency };
}
