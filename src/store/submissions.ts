import type { Store } from './database.js';
import { ensureActivity } from './votes.js';

/** Credits a paper to the user who submitted it (the first submitter keeps the credit). */
export async function creditSubmission(store: Store, paperId: string, userId: number, now: Date): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await ensureActivity(trx, paperId);
    await trx.updateTable('paper_activity').set({ submitted_by: userId, submitted_at: now.toISOString() }).where('paper_id', '=', paperId).where('submitted_by', 'is', null).execute();
  });
}

/** Papers a user submitted since `since` (the daily limit). */
export async function countSubmissionsSince(store: Store, userId: number, since: Date): Promise<number> {
  const row = await store.db
    .selectFrom('paper_activity')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('submitted_by', '=', userId)
    .where('submitted_at', '>=', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
