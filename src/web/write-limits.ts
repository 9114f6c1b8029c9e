import { LIMITS } from '../domain/community-rules.js';
import { type SubmitOutcome, submitPaper } from '../ingest/submit-paper.js';
import type { SubmissionKind } from '../store/submissions.js';
import type { WebDeps } from './pages/page.js';

/** The daily limit's refusal, the same words on the site form, /api/v1 and the compatible API. */
export const SUBMISSION_LIMIT_MESSAGE = `you have submitted ${LIMITS.submissionsPerDay} papers in the last 24 hours, the daily limit`;

/** Retry-After of a refused submission: the oldest of the day's submissions leaves the 24-hour window within the day; checking hourly is enough. */
export const SUBMISSION_RETRY_SECONDS = 3600;

/** What a submission of a paper already here tells the submitter (the submission became their upvote). */
export const ALREADY_HERE = 'Already here — your upvote was added.';

/** What a submission that arXiv did not answer in time tells the submitter. */
export const QUEUED = 'arXiv is slow to answer: your submission is queued and will be finished in the background, credited to you. Its state is on your profile.';

/**
 * The one submission path of the site form, /api/v1 and the compatible API: the daily limit
 * (reserved atomically in the store, src/store/submissions.ts), the wait for arXiv bounded by
 * SUBMIT_WAIT_MS, the page cache dropped only when a paper or an upvote was added (submitting a
 * paper one already upvoted again and again must not empty it, as repeated votes do not).
 */
export async function submitAs(deps: WebDeps, userId: number, input: string, kind: SubmissionKind, orgId: number | null = null): Promise<SubmitOutcome> {
  const outcome = await submitPaper(deps.store, deps.arxiv, deps.config.arxiv.apiUrl, input, userId, { kind, now: deps.now(), waitMs: deps.config.arxiv.submitWaitMs, orgId });
  if (outcome.status === 'added' || (outcome.status === 'exists' && outcome.changed)) deps.cache.invalidatePaper(outcome.id);
  return outcome;
}
