import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanCommentBody, LIMITS } from '../../../domain/community-rules.js';
import { InvalidInputError } from '../../../domain/errors.js';
import type { SubmitOutcome } from '../../../ingest/submit-paper.js';
import { findComment } from '../../../store/comments.js';
import { cardsByIds } from '../../../store/feed.js';
import { QUEUED, SUBMISSION_LIMIT_MESSAGE, submitAs } from '../../write-limits.js';
import type { User } from '../../../store/users.js';
import { bearerUser } from '../../http/bearer.js';
import { rowIdOf } from '../../http/query-params.js';
import { RateLimitedError } from '../../http/rate-limit.js';
import { postComment } from '../../post-comment.js';
import type { WebDeps } from '../../pages/page.js';
import { parseInput } from './http.js';
import { compatSources } from './load.js';
import { visibleCard } from './papers.js';
import { presentComment, presentPaperDetail } from './presenters.js';
import { commentBody, indexBody, submitBody } from './schemas.js';

const DAY_MS = 86_400_000;
const TEN_MINUTES_MS = 10 * 60_000;

/**
 * POST /api/papers/submit `{paper_id, comment?}`: the site's submission (fetched from arXiv, joins
 * today's feed, credited; a paper already here gets the user's upvote). The first comment is
 * added with the paper, so a queued submission (202) takes none: the answer says so.
 */
export function submitHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const body = parseInput(submitBody, req.body);
    const comment = body.comment === undefined ? null : cleanCommentBody(body.comment);
    const user = await bearerUser(req, deps.store, deps.now());
    announceLimit(reply, 'submissions', LIMITS.submissionsPerDay, DAY_MS);
    const outcome = await submitAs(deps, user.id, body.paper_id, 'submit');
    if (outcome.status === 'limited' || outcome.status === 'queued') return notYet(reply, outcome, 'submissions', comment !== null);
    const card = await visibleCard(deps, outcome.id);
    if (!card) throw new InvalidInputError('Paper not found', 'not_found');
    if (comment) await commentAs(deps, reply, user, card.id, null, comment);
    const [src] = await compatSources(deps.store, comment ? await cardsByIds(deps.store, [card.id]) : [card], deps.config.baseUrl);
    return reply.code(outcome.status === 'added' ? 201 : 200).send(presentPaperDetail(src!));
  };
}

/**
 * POST /api/papers/index `{arxivId}`: brings a paper in from arXiv, on its own announcement day,
 * credited to no one. It costs an arXiv request as a submission does, so it has the same daily
 * limit, counted in the store for every process (its own 10 a day, apart from submissions).
 */
export function indexHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const input = parseInput(indexBody, req.body).arxivId;
    const user = await bearerUser(req, deps.store, deps.now());
    announceLimit(reply, 'index', LIMITS.submissionsPerDay, DAY_MS);
    let outcome: SubmitOutcome;
    try {
      outcome = await submitAs(deps, user.id, input, 'index');
    } catch (err) {
      // The public API answers 404 for an id arXiv does not know (400 stays for malformed ones).
      if (err instanceof InvalidInputError && err.code === 'unknown_paper') throw new InvalidInputError(err.message, 'not_found');
      throw err;
    }
    if (outcome.status === 'limited' || outcome.status === 'queued') return notYet(reply, outcome, 'index', false);
    const card = await visibleCard(deps, outcome.id);
    if (!card) throw new InvalidInputError('Paper not found', 'not_found');
    const [src] = await compatSources(deps.store, [card], deps.config.baseUrl);
    return reply.code(outcome.status === 'added' ? 201 : 200).send(presentPaperDetail(src!));
  };
}

/**
 * The daily limit reached (429 with `RateLimit` and `Retry-After`: the whole window, as the store
 * counts the window's rows, not when the oldest leaves it), or arXiv too slow: 202 with the
 * queued state and `Location` the paper's URL (404 until it is here).
 */
function notYet(reply: FastifyReply, outcome: Extract<SubmitOutcome, { status: 'limited' | 'queued' }>, limit: 'submissions' | 'index', withComment: boolean): FastifyReply {
  if (outcome.status === 'limited') {
    reply.header('ratelimit', `"${limit}";r=0;t=${DAY_MS / 1000}`);
    throw new RateLimitedError(limit === 'index' ? `you have indexed ${LIMITS.submissionsPerDay} papers in the last 24 hours, the daily limit` : SUBMISSION_LIMIT_MESSAGE, DAY_MS / 1000);
  }
  const message = withComment ? `${QUEUED} The comment was not posted: post it once the paper is here.` : QUEUED;
  return reply.code(202).header('location', `/api/papers/${outcome.id}`).send({ status: 'queued', paperId: outcome.id, message });
}

/** POST /api/papers/{id}/comment `{comment}` and POST /api/papers/{id}/comment/{commentId}/reply `{comment}`. */
export function commentHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const params = req.params as { id: string; commentId?: string };
    const text = cleanCommentBody(parseInput(commentBody, req.body).comment);
    const user = await bearerUser(req, deps.store, deps.now());
    const card = await visibleCard(deps, params.id);
    if (!card) throw new InvalidInputError('Paper not found', 'not_found');
    let parentId: number | null = null;
    if (params.commentId !== undefined) {
      const asked = rowIdOf(params.commentId);
      const parent = asked === undefined ? undefined : await findComment(deps.store, asked);
      if (!parent || parent.paperId !== card.id || parent.deletedAt || parent.hiddenAt) throw new InvalidInputError('Comment not found', 'not_found');
      // Replies are one level deep, as on the site: a reply to a reply joins the same thread.
      parentId = parent.parentId ?? parent.id;
    }
    return reply.code(201).send(await commentAs(deps, reply, user, card.id, parentId, text));
  };
}

/**
 * Adds a comment through the one comment writer (src/web/post-comment.ts: the site's
 * rules, LIMITS.commentsPer10Minutes a user), announcing and reporting its limit in our headers.
 */
async function commentAs(deps: WebDeps, reply: FastifyReply, user: User, paperId: string, parentId: number | null, body: string) {
  announceLimit(reply, 'comments', LIMITS.commentsPer10Minutes, TEN_MINUTES_MS);
  let id: number;
  try {
    id = await postComment(deps, user, { paperId, body, parentId });
  } catch (err) {
    if (err instanceof RateLimitedError) reply.header('ratelimit', `"comments";r=0;t=${err.retryAfterSeconds}`);
    throw err;
  }
  return presentComment({ id, paperId, parentId, body, createdAt: deps.now().toISOString(), user });
}

/** `RateLimit-Policy: "comments";q=10;w=600` (IETF httpapi ratelimit-headers draft); a submission with a comment names both. */
function announceLimit(reply: FastifyReply, name: string, limit: number, windowMs: number): void {
  const before = reply.getHeader('ratelimit-policy');
  reply.header('ratelimit-policy', `${before ? `${String(before)}, ` : ''}"${name}";q=${limit};w=${windowMs / 1000}`);
}
