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
  /** Stops scheduling and waits up to `graceMs` for running jobs to finish. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Schedules jobs in-process. A run never overlaps another run of the same job, in this process
 * (croner's protect) or, on PostgreSQL, in any process (advisory lock). A failing run is logged;
 * the schedule goes on.
 */
export function startScheduler(store: Store, jobs: ScheduledJob[], log: { info(msg: string): void; error(msg: string): void }): Scheduler {
  const inflight = new Set<Promise<void>>();
  let stopping = false;
  const guarded = (job: ScheduledJob) => () => {
    if (stopping) return Promise.resolve();
    const run = runGuarded(job).finally(() => inflight.delete(run));
    inflight.add(run);
    return run;
  };
  const runGuarded = async (job: ScheduledJob) => {
    try {
      const ran = await withJobLock(store, `job:${job.name}`, job.run);
      if (ran === undefined) log.info(`job ${job.name}: already running elsewhere, skipped`);
    } catch (err) {
      const next = crons.find((c) => c.job === job)?.cron.nextRun()?.toISOString() ?? 'not scheduled';
      log.error(`job ${job.name} failed: ${err instanceof Error ? err.message : String(err)}; next run ${next}`);
    }
  };
  const crons = jobs.map((job) => ({ job, cron: new Cron(job.cron, { timezone: ARXIV_TIME_ZONE, protect: true, name: job.name }, guarded(job)) }));
  return {
    async runNow(name) {
      const entry = crons.find((c) => c.job.name === name);
      if (entry) await guarded(entry.job)();
    },
    nextRuns: () => crons.map(({ job, cron }) => ({ name: job.name, next: cron.nextRun()?.toISOString() ?? null })),
    async stop(graceMs = 10_000) {
      stopping = true;
      for (const { cron } of crons) cron.stop();
      if (inflight.size === 0) return;
      log.info(`waiting up to ${graceMs / 1000} s for ${inflight.size} running job(s)`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(inflight), new Promise((r) => { timer = setTimeout(r, graceMs); })]);
      clearTimeout(timer);
    },
  };
}
