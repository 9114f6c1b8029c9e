import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABANDONED, abandonDeadRuns, finishRun, startRun } from '../../src/store/ingest-runs.js';
import { eventually, holdInChild, killHard } from '../support/processes.js';
import { dialects, type TestStore } from '../support/stores.js';

const counts = { added: 1, updated: 0, unchanged: 0, rejected: 0 };

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`ingestion run records on ${dialect.name}`, () => {
    let t: TestStore;
    beforeEach(async () => { t = await dialect.create(); });
    afterEach(async () => { await t.cleanup(); });

    const row = (id: number) => t.store.db.selectFrom('ingest_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('marks a run killed with kill -9 abandoned when the next run starts; a live run stays open', async () => {
      const { child, line } = await holdInChild(t.url, 'run', 'arxiv');
      const killed = Number(line.replace('run ', ''));
      const live = await startRun(t.store, 'import');
      // Its process is alive: the run is not touched.
      expect(await abandonDeadRuns(t.store)).toBe(0);
      expect((await row(killed)).finished_at).toBeNull();
      await killHard(child);
      // PostgreSQL lets go of the dead session's lock a moment after the process is gone.
      await eventually(async () => ((await abandonDeadRuns(t.store)) > 0 ? true : undefined));
      const next = await startRun(t.store, 'arxiv');
      expect(await row(killed)).toMatchObject({ error: ABANDONED });
      expect((await row(killed)).finished_at).not.toBeNull();
      // The live runs of this process are still open, and finish normally.
      expect((await row(live)).finished_at).toBeNull();
      expect((await row(next)).finished_at).toBeNull();
      await finishRun(t.store, live, counts);
      await finishRun(t.store, next, counts);
      expect(await row(live)).toMatchObject({ error: null, added: 1 });
    });

    it('marks runs left open by an earlier process abandoned when the next run starts', async () => {
      await t.store.db.insertInto('ingest_runs').values({ kind: 'arxiv', started_at: '2026-12-01T05:30:00.000Z', finished_at: null, added: 0, updated: 0, unchanged: 0, rejected: 0, error: null }).execute();
      const id = await startRun(t.store, 'arxiv');
      const rows = await t.store.db.selectFrom('ingest_runs').selectAll().orderBy('id').execute();
      expect(rows.map((r) => r.error)).toEqual([ABANDONED, null]);
      await finishRun(t.store, id, counts);
    });
  });
}
