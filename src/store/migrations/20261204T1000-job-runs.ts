import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Every scheduled job run and skip with its outcome, so `paperboy stats` and `paperboy digest
 * status` tell a run from a skip (another process held the job) and from a failure.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('job_runs')
    .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    /** ran | skipped | failed */
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .execute();
  await db.schema.createIndex('job_runs_job').on('job_runs').columns(['job', 'id']).execute();
}
