import type { FastifyRequest } from 'fastify';
import { type FollowKind, isFollowing } from '../../store/follows.js';
import type { WebDeps } from './page.js';

/**
 * Whether the signed-in reader follows it, for the Follow button; undefined when signed out, so
 * the anonymous render (the one the page cache keeps) has no button and no one's state.
 */
export async function followState(deps: WebDeps, req: FastifyRequest, kind: FollowKind, target: string): Promise<boolean | undefined> {
  return req.user ? isFollowing(deps.store, req.user.id, kind, target) : undefined;
}
