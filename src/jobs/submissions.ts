import { InvalidInputError, UpstreamError } from '../domain/errors.js';
import type { ArxivHttpClient } from '../ingest/arxiv-http.js';
import { retrySubmission } from '../ingest/submit-paper.js';
import type { Store } from '../store/database.js';
import { claimDueSubmissions, recordSubmissionFailure } from '../store/submissions.js';

/**
 * Waits after the 1st, 2nd, ... failed try of a queued submission: 1 min, 5 min, 30 min, 2 h,
 * 6 h, 12 h (about 21 hours in all, arXiv's longest outages), then it fails for good and the
 * user's profile says why.
 */
const RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000];

/** Requests one run finishes at most: 10 arXiv requests, 30 s of arXiv's 3 s spacing, well inside the minute. */
const BATCH = 10;

/**
 * How long a claimed request stays with this run: longer than one try through the arXiv
 * client's whole retry schedule (6 requests of up to 60 s and 155 s of backoff: 9 min).
 */
const LEASE_MS = 30 * 60_000;

export interface DrainResult {
  added: number;
  exists: number;
  retried: number;
  failed: number;
}

/**
 * The submissions job (every minute in `serve`): finishes the submissions that arXiv did not
 * answer in time within their web request. A paper that arrives is credited to its submitter
 * (or upvoted by them when someone else brought it in meanwhile), as in the request path.
 */
export async function drainSubmissions(store: Store, client: ArxivHttpClient, apiUrl: string, options: { now?: Date; log?: (line: string) => void } = {}): Promise<DrainResult> {
  const result: DrainResult = { added: 0, exists: 0, retried: 0, failed: 0 };
  const clock = () => options.now ?? new Date();
  // One at a time, so a request is claimed only when its turn comes; the run ends at arXiv's
  // first failure to answer (the others would only wait out the same outage: next minute's run).
  for (let i = 0; i < BATCH; i++) {
    const [request] = await claimDueSubmissions(store, clock(), 1, LEASE_MS);
    if (!request) break;
    try {
      const outcome = await retrySubmission(store, client, apiUrl, request, clock());
      if (outcome.status === 'added') result.added++;
      else result.exists++;
    } catch (err) {
      if (!(err instanceof UpstreamError) && !(err instanceof InvalidInputError)) throw err;
      const delay = err instanceof UpstreamError ? RETRY_DELAYS_MS[Math.max(request.attempts, 1) - 1] : undefined;
      const now = clock();
      await recordSubmissionFailure(store, request.id, err.message, delay === undefined ? null : new Date(now.getTime() + delay), now);
      if (delay === undefined) result.failed++;
      else result.retried++;
      options.log?.(`submission ${request.paperId} (request ${request.id}): ${err.message}${delay === undefined ? '; given up' : `; next try in ${delay / 60_000} min`}`);
      if (err instanceof UpstreamError) break;
    }
  }
  return result;
}
