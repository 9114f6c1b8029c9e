import { LIMITS } from '../domain/community-rules.js';
import type { Store } from '../store/database.js';
import { countSubmissionsSince } from '../store/submissions.js';

/** The 24 hours the daily submission limit counts over. */
export const SUBMISSION_WINDOW_MS = 86_400_000;

/** Whether the user has used up LIMITS.submissionsPerDay in the last 24 hours (the site form, /api/v1 and the compatible API ask this). */
export async function submissionLimitReached(store: Store, userId: number, now: Date): Promise<boolean> {
  return (await countSubmissionsSince(store, userId, new Date(now.getTime() - SUBMISSION_WINDOW_MS))) >= LIMITS.submissionsPerDay;
}
