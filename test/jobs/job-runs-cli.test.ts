import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABANDONED } from '../../src/store/ingest-runs.js';
import { recordJobRun } from '../../src/store/job-runs.js';
import { runCli } from '../support/cli.js';
import { dialects, type TestStore } from '../support/stores.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`job runs in the CLI on ${dialect.name}`, () => {
    let t: TestStore;
    beforeEach(async () => { t = await dialect.create(); });
    afterEach(async () => { await t.cleanup(); });

    it('stats and digest status show each job run, skip and failure; stats shows a dead ingestion run as abandoned', async () => {
      const at = (m: number) => new Date(Date.UTC(2026, 11, 4, 11, m)).toISOString();
      await recordJobRun(t.store, { job: 'arxiv-ingest', startedAt: at(0), finishedAt: at(2), outcome: 'ran', message: '12 added, 3 updated, 0 rejected' });
      await recordJobRun(t.store, { job: 'digest-daily', startedAt: at(0), finishedAt: at(1), outcome: 'failed', message: 'connect ECONNREFUSED 127.0.0.1:25' });
      await recordJobRun(t.store, { job: 'digest-daily', startedAt: at(5), finishedAt: at(6), outcome: 'ran', message: 'daily:2026-12-04: queued 2, sent 2, to retry 0, failed 0' });
      await recordJobRun(t.store, { job: 'digest-weekly', startedAt: at(5), finishedAt: at(5), outcome: 'skipped', message: 'another process was running it' });
      // An ingestion run whose process died (no one holds its lock).
      await t.store.db.insertInto('ingest_runs').values({ kind: 'arxiv', started_at: at(0), finished_at: null, added: 0, updated: 0, unchanged: 0, rejected: 0, error: null }).execute();

      const stats = await runCli(['stats'], { DATABASE_URL: t.url });
      expect(stats.code).toBe(0);
      expect(stats.stdout).toContain(`last arxiv   ${at(0)}  ${ABANDONED}`);
      expect(stats.stdout).toContain(`job arxiv-ingest   ${at(0)}  ran (120.0 s): 12 added, 3 updated, 0 rejected`);
      expect(stats.stdout).toContain(`job digest-weekly  ${at(5)}  skipped: another process was running it`);
      const json = JSON.parse((await runCli(['stats', '--json'], { DATABASE_URL: t.url })).stdout) as { jobRuns: { job: string; outcome: string }[] };
      expect(json.jobRuns.map((r) => [r.job, r.outcome])).toEqual([['arxiv-ingest', 'ran'], ['digest-daily', 'ran'], ['digest-weekly', 'skipped']]);

      const status = await runCli(['digest', 'status'], { DATABASE_URL: t.url });
      expect(status.code).toBe(0);
      const lines = status.stdout.split('\n').filter((l) => l.startsWith('job '));
      expect(lines).toEqual([
        `job digest-daily   ${at(5)}  ran (60.0 s): daily:2026-12-04: queued 2, sent 2, to retry 0, failed 0`,
        `job digest-daily   ${at(0)}  failed (60.0 s): connect ECONNREFUSED 127.0.0.1:25`,
        `job digest-weekly  ${at(5)}  skipped: another process was running it`,
      ]);
    });
  });
}
