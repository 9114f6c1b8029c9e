import { z } from 'zod';
import { claimsOfUser } from '../../../store/author-claims.js';
import { FOLLOW_KINDS, followsOf, unfollow } from '../../../store/follows.js';
import { followAs, followKind } from '../../follow-target.js';
import { type ApiCall, defineRoute } from './http.js';
import { presentClaim, presentFollow } from './presenters.js';
import { claimListSchema, errorSchema, followListSchema } from './schemas.js';

/**
 * `/api/v1/me/…`: the token owner's follows and author claims. These are the owner's own data,
 * so even the reads need the token. Unfollowing takes its target in the path
 * (`DELETE /api/v1/me/follows/{kind}/{target}`): some HTTP clients drop a DELETE's body.
 */

const authErrors = { 401: { description: 'No valid token', schema: errorSchema } };
const writeLimit = { 429: { description: 'Write rate limit', schema: errorSchema } };

async function follows(call: Pick<ApiCall<undefined, undefined, undefined>, 'deps' | 'identity'>) {
  return { follows: (await followsOf(call.deps.store, call.identity!.user.id)).map((f) => presentFollow(f, call.deps.config.baseUrl)) };
}

export const myFollows = defineRoute({
  tag: 'You',
  summary: 'What you follow',
  description: 'Authors, organizations, categories and collections whose papers fill your Following feed, newest first.',
  auth: true,
  responses: { 200: { description: 'Your follows', schema: followListSchema }, ...authErrors },
  example: '/api/v1/me/follows',
  handler: async (call) => ({ body: await follows(call) }),
});

export const followRoute = defineRoute({
  tag: 'You',
  summary: 'Follow something',
  description: "`target` is the author's, org's or collection's `id`, or a category (`cs.CL`). Idempotent. A private collection of someone else is not found, as a missing one; at most 500 follows.",
  auth: true,
  body: z.strictObject({
    kind: z.enum(FOLLOW_KINDS as [string, ...string[]], { error: 'kind: author, org, category or collection' }),
    target: z.union([z.string().max(100), z.number().int()], { error: 'target: an id or a category' }).meta({ description: 'An id, or a category' }),
  }),
  responses: { 200: { description: 'Your follows after the request', schema: followListSchema }, 400: { description: 'Bad kind or target, or too many follows', schema: errorSchema }, 404: { description: 'No such thing to follow', schema: errorSchema }, ...authErrors, ...writeLimit },
  example: '/api/v1/me/follows',
  exampleBody: { kind: 'category', target: 'cs.CL' },
  async handler(call) {
    await followAs(call.deps, call.identity!.user, call.body.kind, call.body.target);
    return { body: await follows(call) };
  },
});

export const unfollowRoute = defineRoute({
  tag: 'You',
  summary: 'Stop following something',
  description: 'Idempotent: unfollowing what you do not follow changes nothing.',
  auth: true,
  params: z.object({
    kind: z.string().max(20).meta({ description: '`author`, `org`, `category` or `collection`' }),
    target: z.string().max(100).meta({ description: 'The id, or the category' }),
  }),
  responses: { 200: { description: 'Your follows after the request', schema: followListSchema }, 400: { description: 'Bad kind', schema: errorSchema }, ...authErrors, ...writeLimit },
  example: '/api/v1/me/follows/category/cs.CL',
  async handler(call) {
    await unfollow(call.deps.store, call.identity!.user.id, followKind(call.params.kind), call.params.target.trim());
    return { body: await follows(call) };
  },
});

export const myClaims = defineRoute({
  tag: 'You',
  summary: 'Your author claims',
  description: 'Every claim you made, pending, verified or rejected, newest first.',
  auth: true,
  responses: { 200: { description: 'Your claims', schema: claimListSchema }, ...authErrors },
  example: '/api/v1/me/claims',
  async handler(call) {
    return { body: { claims: (await claimsOfUser(call.deps.store, call.identity!.user.id)).map((c) => presentClaim(c, call.deps.config.baseUrl)) } };
  },
});
