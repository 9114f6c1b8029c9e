import { Cron } from 'croner';
import { ARXIV_TIME_ZONE } from '../domain/dates.js';
import type { Store } from '../store/database.js';
import { withJobLock } from '../store/locks.js';

export interface ScheduledJob {
  name: string;
  /** Cron expression in America/New_York (arXiv's clock). */
  cron: string;
  run(): Promise<void>;
}

export interface Scheduler {
  /** Runs a job now (the start-up catch-up), unless it is already running somewhere. */
  runNow(name: string): Promise<void>;
  nextRuns(): { name: string; next: string | null }[];
  stop(): void;
}

/**
 * Schedules jobs in-process. A run never overlaps another run of the same job, in this process
 * (croner's protect) or, on PostgreSQL, in any process (advisory lock). A failing run is logged;
 * the schedule goes on.
 */
export function startScheduler(store: Store, jobs: ScheduledJob[], log: { info(msg: string): void; error(msg: string): void }): Scheduler {
  const guarded = (job: ScheduledJob) => async () => {
    try {
      const ran = await withJobLock(store, `job:${job.name}`, job.run);
      if (ran === undefined) log.info(`job ${job.name}: already running elsewhere, skipped`);
    } catch (err) {
      log.error(`job ${job.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const crons = jobs.map((job) => ({ job, cron: new Cron(job.cron, { timezone: ARXIV_TIME_ZONE, protect: true, name: job.name }, guarded(job)) }));
  return {
    async runNow(name) {
      const entry = crons.find((c) => c.job.name === name);
      if (entry) await guarded(entry.job)();
    },
    nextRuns: () => crons.map(({ job, cron }) => ({ name: job.name, next: cron.nextRun()?.toISOString() ?? null })),
    stop: () => {
      for (const { cron } of crons) cron.stop();
    },
  };
}
