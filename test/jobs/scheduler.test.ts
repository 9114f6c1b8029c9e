import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastScheduledRun, startScheduler } from '../../src/jobs/scheduler.js';
import { latestJobRuns } from '../../src/store/job-runs.js';
import { tryLock } from '../../src/store/locks.js';
import { dialects, type TestStore } from '../support/stores.js';

// Job names unique to this file: PostgreSQL advisory locks are shared by every schema of the database.
const job = (what: string) => `test-scheduler-${what}-${process.pid}`;
// A schedule that never fires during a test: the runs below are started by hand.
const NEVER = '0 0 29 2 1';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`scheduler on ${dialect.name}`, () => {
    let t: TestStore;
    let lines: string[];
    const log = { info: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERROR ${l}`) };
    beforeEach(async () => {
      t = await dialect.create();
      lines = [];
    });
    afterEach(async () => { await t.cleanup(); });

    it('records and logs a run that returned nothing as a run, not a skip', async () => {
      const scheduler = startScheduler(t.store, [{ name: job('quiet'), cron: NEVER, run: async () => undefined }], log);
      expect(await scheduler.runNow(job('quiet'))).toBe('ran');
      await scheduler.stop();
      expect(lines.join('\n')).not.toContain('skipped');
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^job ${job('quiet')}: ran in [0-9.]+ s$`))]);
      expect(await latestJobRuns(t.store, { jobs: [job('quiet')] })).toEqual([expect.objectContaining({ job: job('quiet'), outcome: 'ran', message: null })]);
    });

    it('records a skip when another process holds the job, and a failure with its message', async () => {
      const held = await tryLock(t.store, `job:${job('busy')}`);
      const scheduler = startScheduler(t.store, [
        { name: job('busy'), cron: NEVER, run: async () => 'never runs' },
        { name: job('bad'), cron: NEVER, run: async () => { throw new Error('arXiv answered 503 four times'); } },
        { name: job('good'), cron: NEVER, run: async () => '3 added' },
      ], log);
      expect(await scheduler.runNow(job('busy'))).toBe('skipped');
      expect(await scheduler.runNow(job('bad'))).toBe('failed');
      expect(await scheduler.runNow(job('good'))).toBe('ran');
      await held!.release();
      expect(await scheduler.runNow(job('busy'))).toBe('ran');
      await scheduler.stop();
      expect(lines[0]).toBe(`job ${job('busy')}: another process is running it, skipped`);
      expect(lines[1]).toMatch(/^ERROR job .*bad.* failed: arXiv answered 503 four times; next run /);
      const runs = await latestJobRuns(t.store, { jobs: [job('busy'), job('bad'), job('good')], perJob: 5 });
      expect(runs.map((r) => [r.job, r.outcome, r.message])).toEqual([
        [job('busy'), 'ran', 'never runs'],
        [job('busy'), 'skipped', 'another process was running it'],
        [job('bad'), 'failed', 'arXiv answered 503 four times'],
        [job('good'), 'ran', '3 added'],
      ]);
    });

    it('says when the run it met is an earlier run of its own, not another process', async () => {
      let finish!: () => void;
      let started!: () => void;
      const slow = new Promise<void>((resolve) => (finish = resolve));
      const running = new Promise<void>((resolve) => (started = resolve));
      const scheduler = startScheduler(t.store, [{ name: job('slow'), cron: NEVER, run: async () => { started(); await slow; return 'done'; } }], log);
      const first = scheduler.runNow(job('slow'));
      await running;
      expect(await scheduler.runNow(job('slow'))).toBe('skipped');
      finish();
      expect(await first).toBe('ran');
      await scheduler.stop();
      expect(lines[0]).toBe(`job ${job('slow')}: an earlier run in this process is running it, skipped`);
      const runs = await latestJobRuns(t.store, { jobs: [job('slow')], perJob: 5 });
      expect(runs.map((r) => [r.outcome, r.message])).toEqual([['ran', 'done'], ['skipped', 'an earlier run in this process was running it']]);
    });

    it('keeps a quiet job\'s idle runs and skips out of the log and the record, never its work or failures', async () => {
      let work: string | undefined;
      const held = await tryLock(t.store, `job:${job('drain-busy')}`);
      const scheduler = startScheduler(t.store, [
        { name: job('drain'), cron: NEVER, run: async () => work, quietWhenIdle: true },
        { name: job('drain-busy'), cron: NEVER, run: async () => 'never runs', quietWhenIdle: true },
        { name: job('drain-bad'), cron: NEVER, run: async () => { throw new Error('arXiv is down'); }, quietWhenIdle: true },
      ], log);
      expect(await scheduler.runNow(job('drain'))).toBe('ran');
      expect(await scheduler.runNow(job('drain-busy'))).toBe('skipped');
      work = '1 added';
      expect(await scheduler.runNow(job('drain'))).toBe('ran');
      expect(await scheduler.runNow(job('drain-bad'))).toBe('failed');
      await held!.release();
      await scheduler.stop();
      expect(lines).toEqual([expect.stringMatching(/: ran in [0-9.]+ s: 1 added$/), expect.stringMatching(/^ERROR .*drain-bad.* failed: arXiv is down/)]);
      const runs = await latestJobRuns(t.store, { jobs: [job('drain'), job('drain-busy'), job('drain-bad')], perJob: 5 });
      expect(runs.map((r) => [r.job, r.outcome, r.message])).toEqual([
        [job('drain'), 'ran', '1 added'],
        [job('drain-bad'), 'failed', 'arXiv is down'],
      ]);
    });

    it('catches up a job as of its last scheduled time', async () => {
      const seen: Date[] = [];
      const scheduler = startScheduler(t.store, [{ name: job('digest'), cron: '0 6 * * *', run: async (asOf) => { seen.push(asOf); } }], log);
      expect(await scheduler.catchUp(job('digest'))).toBe('ran');
      await scheduler.stop();
      expect(seen).toEqual([lastScheduledRun('0 6 * * *', new Date())]);
    });
  });
}

describe('lastScheduledRun', () => {
  it('finds the latest time a schedule fired, in New York time', () => {
    // 06:00 in New York is 11:00 UTC in winter.
    expect(lastScheduledRun('0 6 * * *', new Date('2026-12-04T10:59:00Z'))).toEqual(new Date('2026-12-03T11:00:00Z'));
    expect(lastScheduledRun('0 6 * * *', new Date('2026-12-04T11:00:00Z'))).toEqual(new Date('2026-12-04T11:00:00Z'));
    // Mondays 07:00: from a Friday, back to Monday.
    expect(lastScheduledRun('0 7 * * 1', new Date('2026-12-04T15:00:00Z'))).toEqual(new Date('2026-11-30T12:00:00Z'));
    expect(lastScheduledRun('* * * * *', new Date('2026-12-04T15:00:30Z'))).toEqual(new Date('2026-12-04T15:00:00Z'));
    // 29 February on a Monday: not within 35 days.
    expect(lastScheduledRun('0 0 29 2 1', new Date('2026-12-04T15:00:00Z'))).toBeNull();
  });
});
