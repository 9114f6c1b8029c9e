import { castVote } from '../../cast-vote.js';
import { type ApiCall, defineRoute } from './http.js';
import { errorSchema, idParams, voteStateSchema } from './schemas.js';
import { visiblePaper } from './papers.js';

/** `/api/v1/papers/{id}/vote`: PUT upvotes, DELETE takes the upvote back; both idempotent. */

const responses = {
  200: { description: 'Your vote after the request', schema: voteStateSchema },
  400: { description: 'Malformed id', schema: errorSchema },
  401: { description: 'No valid token', schema: errorSchema },
  404: { description: 'No such visible paper', schema: errorSchema },
  429: { description: 'Write rate limit, or more than 60 votes a minute', schema: errorSchema },
};

async function vote(call: ApiCall<typeof idParams, undefined, undefined>, on: boolean) {
  const { card, paper } = await visiblePaper(call.deps, call.params.id);
  const state = await castVote(call.deps, call.identity!.user, card.id, on);
  return { body: { paper_id: card.id, voted: state.voted, upvotes: paper.upvotesBaseline + state.votes } };
}

export const upvote = defineRoute({
  tag: 'Writes',
  summary: 'Upvote a paper',
  description: 'Idempotent: upvoting twice leaves one vote.',
  auth: true,
  params: idParams,
  responses,
  example: '/api/v1/papers/2401.00001/vote',
  handler: (call) => vote(call, true),
});

export const unvote = defineRoute({
  tag: 'Writes',
  summary: 'Take an upvote back',
  description: 'Idempotent: without a vote, nothing changes.',
  auth: true,
  params: idParams,
  responses,
  example: '/api/v1/papers/2401.00001/vote',
  handler: (call) => vote(call, false),
});
