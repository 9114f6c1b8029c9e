import { Cron } from 'croner';
import { ARXIV_TIME_ZONE } from '../domain/dates.js';
import type { Store } from '../store/database.js';
import { type JobOutcome, recordJobRun } from '../store/job-runs.js';
import { type Fence, jobLockName, withJobLock } from '../store/locks.js';

export interface ScheduledJob {
  name: string;
  /** Cron expression in America/New_York (arXiv's clock). */
  cron: string;
  /**
   * One run as of `asOf` (the time it was scheduled for); resolves to a line for the run's record.
   * `fence` is the job lock's: a job that writes in batches passes it to each (see Fence).
   */
  run(asOf: Date, fence: Fence): Promise<string | void>;
  /**
   * A frequent job (every minute) whose runs usually find nothing to do: a run that resolves to
   * no line, or a skip, is neither logged nor recorded (1,440 rows a day of "nothing" per
   * process would bury the runs that did something). Failures always are.
   */
  quietWhenIdle?: boolean;
}

export interface Scheduler {
  /** Runs a job now (the start-up catch-up), unless it is already running somewhere. */
  runNow(name: string): Promise<JobOutcome | undefined>;
  /**
   * Runs a job as of its last scheduled time before now, the run a server that was down then
   * missed (jobs whose runs are idempotent: a run that did happen is run again to no effect).
   */
  catchUp(name: string): Promise<JobOutcome | undefined>;
  nextRuns(): { name: string; next: string | null }[];
  /** Stops scheduling and waits up to `graceMs` for running jobs to finish. */
  stop(graceMs?: number): Promise<void>;
}

type Log = { info(msg: string): void; error(msg: string): void };

/**
 * Schedules jobs in-process. A run never overlaps another run of the same job, in this process
 * or in any other (the `job:<name>` lock). Every run, skip (another process holds the job) and
 * failure is logged and recorded in `job_runs`; a failing run does not stop the schedule.
 */
export function startScheduler(store: Store, jobs: ScheduledJob[], log: Log): Scheduler {
  const inflight = new Set<Promise<JobOutcome | undefined>>();
  /** Jobs this scheduler is running now (it holds their locks), so a skip can say whose run it met. */
  const holding = new Set<string>();
  let stopping = false;
  const guarded = (job: ScheduledJob, asOf: () => Date) => () => {
    if (stopping) return Promise.resolve(undefined);
    const run = runGuarded(job, asOf()).finally(() => inflight.delete(run));
    inflight.add(run);
    return run;
  };
  const runGuarded = async (job: ScheduledJob, asOf: Date): Promise<JobOutcome> => {
    const startedAt = new Date();
    let outcome: JobOutcome;
    let message: string | null = null;
    try {
      const result = await withJobLock(store, jobLockName(job.name), async (lock) => {
        holding.add(job.name);
        try {
          return await job.run(asOf, lock.fence);
        } finally {
          holding.delete(job.name);
        }
      });
      outcome = result.ran ? 'ran' : 'skipped';
      const holder = holding.has(job.name) ? 'an earlier run in this process' : 'another process';
      message = result.ran ? result.value || null : `${holder} was running it`;
      if (job.quietWhenIdle && (!result.ran || message === null)) return outcome;
      log.info(`job ${job.name}: ${result.ran ? `ran in ${seconds(startedAt)} s${message ? `: ${message}` : ''}` : `${holder} is running it, skipped`}`);
    } catch (err) {
      outcome = 'failed';
      message = err instanceof Error ? err.message : String(err);
      const next = crons.find((c) => c.job === job)?.cron.nextRun()?.toISOString() ?? 'not scheduled';
      log.error(`job ${job.name} failed: ${message}; next run ${next}`);
    }
    try {
      await recordJobRun(store, { job: job.name, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), outcome, message });
    } catch (err) {
      log.error(`job ${job.name}: could not record the run: ${err instanceof Error ? err.message : String(err)}`);
    }
    return outcome;
  };
  const crons = jobs.map((job) => ({ job, cron: new Cron(job.cron, { timezone: ARXIV_TIME_ZONE, protect: true, name: job.name }, async () => { await guarded(job, () => new Date())(); }) }));
  const find = (name: string) => crons.find((c) => c.job.name === name);
  return {
    runNow: async (name) => {
      const entry = find(name);
      return entry ? guarded(entry.job, () => new Date())() : undefined;
    },
    catchUp: async (name) => {
      const entry = find(name);
      const last = entry ? lastScheduledRun(entry.job.cron, new Date()) : null;
      return entry && last ? guarded(entry.job, () => last)() : undefined;
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

/**
 * The latest time the cron expression fired at or before `now` (America/New_York), looking back
 * at most 35 days (a monthly schedule's gap); null when it never did in that time. croner only
 * counts forward, so this looks forward from 1 h back, then 2 h, 4 h, ...: the window that first
 * holds a run holds few runs, at most 60 for a job every minute.
 */
export function lastScheduledRun(expr: string, now: Date): Date | null {
  const cron = new Cron(expr, { timezone: ARXIV_TIME_ZONE, paused: true });
  try {
    for (let back = 3_600_000; back < 2 * 35 * 86_400_000; back *= 2) {
      let run = cron.nextRun(new Date(now.getTime() - back));
      if (!run || run > now) continue;
      for (let next = cron.nextRun(run); next && next <= now; next = cron.nextRun(run)) run = next;
      return run;
    }
    return null;
  } finally {
    cron.stop();
  }
}

const seconds = (since: Date) => ((Date.now() - since.getTime()) / 1000).toFixed(1);
