import type { Store } from './database.js';

export type JobOutcome = 'ran' | 'skipped' | 'failed';

export interface JobRun {
  job: string;
  startedAt: string;
  finishedAt: string;
  outcome: JobOutcome;
  message: string | null;
}

/** 90 days of runs per job: enough to see a pattern, bounded even for a job run every minute. */
const KEEP_DAYS = 90;

/** Records one run or skip of a scheduled job, and drops that job's records older than 90 days. */
export async function recordJobRun(store: Store, run: JobRun): Promise<void> {
  await store.db
    .insertInto('job_runs')
    .values({ job: run.job, started_at: run.startedAt, finished_at: run.finishedAt, outcome: run.outcome, message: run.message?.slice(0, 500) ?? null })
    .execute();
  const cutoff = new Date(Date.parse(run.startedAt) - KEEP_DAYS * 86_400_000).toISOString();
  await store.db.deleteFrom('job_runs').where('job', '=', run.job).where('started_at', '<', cutoff).execute();
}

/** The latest records of each job (of the jobs named, or of every job), newest first, up to `perJob` each. */
export async function latestJobRuns(store: Store, options: { jobs?: string[]; perJob?: number } = {}): Promise<JobRun[]> {
  const jobs = options.jobs ?? (await store.db.selectFrom('job_runs').select('job').distinct().orderBy('job').execute()).map((r) => r.job);
  const runs: JobRun[] = [];
  for (const job of jobs) {
    const rows = await store.db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('id', 'desc').limit(options.perJob ?? 1).execute();
    for (const r of rows) runs.push({ job: r.job, startedAt: r.started_at, finishedAt: r.finished_at, outcome: r.outcome as JobOutcome, message: r.message });
  }
  return runs;
}
