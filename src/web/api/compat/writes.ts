import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseArxivId } from '../../../domain/arxiv-id.js';
import { cleanCommentBody, LIMITS } from '../../../domain/community-rules.js';
import { InvalidInputError, UpstreamError } from '../../../domain/errors.js';
import { runArxivIngestion } from '../../../ingest/arxiv-ingest.js';
import { submitPaper } from '../../../ingest/submit-paper.js';
import { findComment } from '../../../store/comments.js';
import { findPaper } from '../../../store/papers.js';
import { cardsByIds } from '../../../store/feed.js';
import { submissionLimitReached } from '../../write-limits.js';
import type { User } from '../../../store/users.js';
import { bearerUser } from '../../http/bearer.js';
import { rowIdOf } from '../../http/query-params.js';
import { WindowLimiter } from '../../http/rate-limit.js';
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
 * Indexing fetches from arXiv without crediting anyone, so the store cannot count it: each
 * process allows a user as many as the daily submission limit (10 a day), which keeps one token
 * from filling the single arXiv request queue (one request every 3 s) that daily ingestion needs.
 */
const indexLimiter = new WindowLimiter(LIMITS.submissionsPerDay, DAY_MS);

/** POST /api/papers/submit `{paper_id, comment?}`: the site's submission (fetched from arXiv, joins today's feed, credited). */
export function submitHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const body = parseInput(submitBody, req.body);
    const comment = body.comment === undefined ? null : cleanCommentBody(body.comment);
    const user = await bearerUser(req, deps.store, deps.now());
    const now = deps.now();
    checkSubmissionLimit(reply, await submissionLimitReached(deps.store, user.id, now));
    const outcome = await fromArxiv(() => submitPaper(deps.store, deps.arxiv, deps.config.arxiv.apiUrl, body.paper_id, user.id, now));
    if (!outcome) return arxivDown(reply);
    deps.cache.clear();
    const card = await visibleCard(deps, outcome.id);
    if (!card) throw new InvalidInputError('Paper not found', 'not_found');
    if (comment) await commentAs(deps, reply, user, card.id, null, comment);
    const [src] = await compatSources(deps.store, comment ? await cardsByIds(deps.store, [card.id]) : [card]);
    return reply.code(outcome.status === 'added' ? 201 : 200).send(presentPaperDetail(src!));
  };
}

/** POST /api/papers/index `{arxivId}`: brings a paper in from arXiv, on its own announcement day, credited to no one. */
export function indexHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseArxivId(parseInput(indexBody, req.body).arxivId);
    const user = await bearerUser(req, deps.store, deps.now());
    const known = (await findPaper(deps.store, id)) !== undefined;
    if (!known) {
      if (!indexLimiter.hit(`user:${user.id}`)) throw new RateLimitedError(`more than ${LIMITS.submissionsPerDay} papers indexed in 24 hours, the daily limit`);
      const result = await fromArxiv(() => runArxivIngestion(deps.store, deps.arxiv, deps.config, { ids: [id], now: deps.now() }));
      if (!result) return arxivDown(reply);
      if (result.notFound.includes(id)) throw new InvalidInputError(`arXiv has no paper ${id}`, 'not_found');
      deps.cache.clear();
    }
    const card = await visibleCard(deps, id);
    if (!card) throw new InvalidInputError('Paper not found', 'not_found');
    const [src] = await compatSources(deps.store, [card]);
    return reply.code(known ? 200 : 201).send(presentPaperDetail(src!));
  };
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
  const id = await postComment(deps, user, { paperId, body, parentId }, (seconds) => reply.header('ratelimit', `"comments";r=0;t=${seconds}`).header('retry-after', String(seconds)));
  return presentComment({ id, paperId, parentId, body, createdAt: deps.now().toISOString(), user });
}

/** `RateLimit-Policy: "comments";q=10;w=600` (IETF httpapi ratelimit-headers draft); a submission with a comment names both. */
function announceLimit(reply: FastifyReply, name: string, limit: number, windowMs: number): void {
  const before = reply.getHeader('ratelimit-policy');
  reply.header('ratelimit-policy', `${before ? `${String(before)}, ` : ''}"${name}";q=${limit};w=${windowMs / 1000}`);
}

/**
 * The daily submission limit: 429 with `RateLimit` and `Retry-After` once reached. The wait is
 * the whole window: the store counts the window's rows, not when the oldest leaves it.
 */
function checkSubmissionLimit(reply: FastifyReply, reached: boolean): void {
  announceLimit(reply, 'submissions', LIMITS.submissionsPerDay, DAY_MS);
  if (!reached) return;
  reply.header('ratelimit', `"submissions";r=0;t=${DAY_MS / 1000}`).header('retry-after', String(DAY_MS / 1000));
  throw new RateLimitedError(`you have submitted ${LIMITS.submissionsPerDay} papers in the last 24 hours, the daily limit`);
}

/** arXiv failing is not the caller's fault: undefined, answered with 503 by arxivDown. */
async function fromArxiv<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UpstreamError) return undefined;
    throw err;
  }
}

function arxivDown(reply: FastifyReply): FastifyReply {
  // 60 s: arXiv's API allows one request every 3 s and recovers from outages in minutes.
  return reply.code(503).header('retry-after', '60').send({ error: 'arXiv did not answer in time: try again in a minute' });
}
