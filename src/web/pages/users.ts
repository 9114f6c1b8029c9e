import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { papersSubmittedBy, papersVotedBy } from '../../store/feed.js';
import { findUserByName } from '../../store/users.js';
import { MessagePage } from '../views/layout.js';
import { UserPage } from '../views/user-page.js';
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
      return { page: h(UserPage, { ctx, user, upvoted, submitted, voted: await votedSet(deps, req, [...upvoted, ...submitted]) }) };
    });
}
