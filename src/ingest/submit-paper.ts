import { parseArxivId } from '../domain/arxiv-id.js';
import { LIMITS } from '../domain/community-rules.js';
import { InvalidInputError, UpstreamError } from '../domain/errors.js';
import type { PaperRecord, SourceItem } from '../domain/paper.js';
import type { Store } from '../store/database.js';
import { completeSubmission, recordSubmissionFailure, reserveSubmission, type SubmissionKind, type SubmissionRequest } from '../store/submissions.js';
import type { ArxivHttpClient } from './arxiv-http.js';
import { screenItem } from './pipeline.js';
import { fetchByIds } from './sources/arxiv-api.js';

/** The 24 hours the daily submission limit counts over. */
export const SUBMISSION_WINDOW_MS = 86_400_000;

/**
 * What the request path waits for arXiv by default before it queues the submission: 10 s is
 * about a page load a person waits for; arXiv's own retry schedule (5 retries from 5 s,
 * doubling) runs 155 s, and the background job runs it instead.
 */
export const SUBMIT_WAIT_MS = 10_000;

/**
 * The job leaves a new request alone for the web request's wait plus this minute (the web
 * request finishes it itself when arXiv answers in time), and tries a request the web request
 * gave up on a minute later (it runs every minute: arXiv's outages last minutes).
 */
const REQUEST_HOLD_MS = 60_000;

export type SubmitOutcome =
  | { status: 'added'; id: string }
  /**
   * Here already (before, or added by someone else meanwhile); `upvoted`: the submitter's upvote
   * is on it; `changed`: this submission changed what pages show (a new upvote, a paper updated).
   */
  | { status: 'exists'; id: string; upvoted: boolean; changed: boolean }
  /** arXiv did not answer in time: the background job finishes it (src/jobs/submissions.ts). */
  | { status: 'queued'; id: string; request: SubmissionRequest }
  | { status: 'limited'; id: string };

export interface SubmitOptions {
  /** `submit`: joins today's feed credited to the user; `index`: its own announcement day, no credit. */
  kind: SubmissionKind;
  now: Date;
  /** How long to wait for arXiv before queueing (SUBMIT_WAIT_MS unless configured). */
  waitMs: number;
  /** An org the user belongs to: a new paper is credited to it too (checked by the caller). */
  orgId?: number | null;
}

/**
 * A user submits a paper by any id form. A paper already here is not fetched: a submission
 * adds the user's upvote (never submission credit). Otherwise a slot of the daily limit is
 * reserved first (atomic across processes), then arXiv is asked for at most `waitMs`; a new
 * paper enters like every other record and, for a submission, joins today's feed credited to
 * the user. Throws InvalidInputError for a malformed or unknown id.
 */
export async function submitPaper(store: Store, client: ArxivHttpClient, apiUrl: string, input: string, userId: number, options: SubmitOptions): Promise<SubmitOutcome> {
  const { id } = parseArxivId(input);
  const { kind, now } = options;
  const reserved = await reserveSubmission(store, { userId, paperId: id, kind, now, limit: LIMITS.submissionsPerDay, windowMs: SUBMISSION_WINDOW_MS, holdMs: options.waitMs + REQUEST_HOLD_MS, orgId: options.orgId ?? null });
  if (reserved.status === 'exists') return { status: 'exists', id, upvoted: reserved.upvoted, changed: reserved.changed };
  if (reserved.status === 'limited') return { status: 'limited', id };
  if (!reserved.fresh) return { status: 'queued', id, request: reserved.request };
  const request = reserved.request;
  try {
    const record = await fetchSubmitted(client, apiUrl, request, now, AbortSignal.timeout(options.waitMs));
    return outcomeOf(await completeSubmission(store, request.id, record, now));
  } catch (err) {
    if (err instanceof InvalidInputError) {
      await recordSubmissionFailure(store, request.id, err.message, null, now);
      throw err;
    }
    if (!(err instanceof UpstreamError)) throw err;
    // The job's first try comes when the hold ends (REQUEST_HOLD_MS after the request).
    await recordSubmissionFailure(store, request.id, err.message, new Date(now.getTime() + REQUEST_HOLD_MS), now);
    return { status: 'queued', id, request: { ...request, attempts: request.attempts + 1, error: err.message } };
  }
}

/** One queued request tried again (the job): its outcome, or it throws as fetchSubmitted does. */
export async function retrySubmission(store: Store, client: ArxivHttpClient, apiUrl: string, request: SubmissionRequest, now: Date): Promise<SubmitOutcome> {
  const record = await fetchSubmitted(client, apiUrl, request, now);
  return outcomeOf(await completeSubmission(store, request.id, record, now));
}

/**
 * arXiv's record of the requested paper, screened by the pipeline's rules; a submission joins
 * today's feed (dailyAt = now). InvalidInputError when arXiv has no usable record of it,
 * UpstreamError when arXiv does not answer (or `signal` aborts).
 */
async function fetchSubmitted(client: ArxivHttpClient, apiUrl: string, request: SubmissionRequest, now: Date, signal?: AbortSignal): Promise<PaperRecord> {
  const id = request.paperId;
  const items = await fetchByIds(client, apiUrl, [id], signal);
  const found = items.find((i): i is Extract<SourceItem, { record: unknown }> => 'record' in i && i.record.id === id);
  if (!found) {
    const rejection = items.find((i) => 'rejected' in i);
    const reason = rejection && 'rejected' in rejection ? rejection.rejected.reason : 'arXiv has no paper with this id';
    throw new InvalidInputError(`${id}: ${reason}`, 'unknown_paper');
  }
  const item = { record: request.kind === 'submit' ? { ...found.record, dailyAt: now.toISOString() } : found.record, at: `submission of ${id}` };
  const checked = screenItem(item, now);
  if ('rejected' in checked) throw new InvalidInputError(`${id}: arXiv's record cannot be used (${checked.rejected.reason})`, 'invalid_paper');
  return checked.record;
}

function outcomeOf(request: SubmissionRequest): SubmitOutcome {
  if (request.outcome === 'added') return { status: 'added', id: request.paperId };
  // Another submitter's copy got in first: this one's record and upvote were written after it.
  return { status: 'exists', id: request.paperId, upvoted: request.kind === 'submit', changed: true };
}
