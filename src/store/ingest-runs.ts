import type { Store } from './database.js';
import { forgetLock, type HeldLock, tryLock } from './locks.js';

export interface RunCounts {
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface IngestRun extends RunCounts {
  id: number;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Each source's outcome, for runs of several sources (arXiv: the feed, each category's harvest). */
  sources: RunSource[] | null;
}

/** One source of a run (`rss`, `oai:cs.CL`, `api`) and how it went; `error` null when it succeeded. */
export interface RunSource extends RunCounts {
  source: string;
  error: string | null;
}

/** What an abandoned run's `error` says. */
export const ABANDONED = 'abandoned: the process running it ended before it finished (killed or crashed)';

/**
 * Opens a run record (an import, an arXiv ingestion); finish it with finishRun. The run holds a
 * lock named after its row for as long as it runs (released by the OS if its process dies), so
 * each new run first closes, as abandoned, every unfinished run whose lock nobody holds.
 */
export async function startRun(store: Store, kind: string, now = new Date()): Promise<number> {
  await abandonDeadRuns(store, now);
  // The row and its lock appear together: no other process sees the row before it is locked.
  const { id, lock } = await store.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('ingest_runs')
      .values({ kind, started_at: now.toISOString(), finished_at: null, added: 0, updated: 0, unchanged: 0, rejected: 0, error: null, sources: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = Number(row.id);
    return { id: runId, lock: await tryLock(store, runLock(runId)) };
  });
  if (lock) held.set(`${store.location}|${id}`, lock);
  return id;
}

export async function finishRun(store: Store, id: number, counts: RunCounts, error: string | null = null, now = new Date()): Promise<void> {
  await store.db
    .updateTable('ingest_runs')
    .set({ ...counts, error, finished_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
  const lock = held.get(`${store.location}|${id}`);
  held.delete(`${store.location}|${id}`);
  await lock?.release();
  forgetLock(store, runLock(id));
}

/** Records each source's outcome on a run (finishRun records the totals). */
export async function saveRunSources(store: Store, id: number, sources: RunSource[]): Promise<void> {
  await store.db.updateTable('ingest_runs').set({ sources: JSON.stringify(sources) }).where('id', '=', id).execute();
}

/** Marks unfinished runs whose process is gone as abandoned; returns how many. */
export async function abandonDeadRuns(store: Store, now = new Date()): Promise<number> {
  const open = await store.db.selectFrom('ingest_runs').select('id').where('finished_at', 'is', null).execute();
  let abandoned = 0;
  for (const { id } of open) {
    const lock = await tryLock(store, runLock(Number(id)));
    if (!lock) continue;
    try {
      // The run may have finished between the read and the lock: only a still open row is closed.
      const res = await store.db.updateTable('ingest_runs').set({ error: ABANDONED, finished_at: now.toISOString() }).where('id', '=', id).where('finished_at', 'is', null).executeTakeFirst();
      abandoned += Number(res.numUpdatedRows);
    } finally {
      await lock.release();
      forgetLock(store, runLock(Number(id)));
    }
  }
  return abandoned;
}

const runLock = (id: number) => `ingest-run-${id}`;

/** Locks of the runs this process has open, by store and run id. */
const held = new Map<string, HeldLock>();

/** The latest run of each kind, newest first. */
export async function latestRuns(store: Store, limit = 20): Promise<IngestRun[]> {
  const rows = await store.db.selectFrom('ingest_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (seen.has(r.kind)) return [];
    seen.add(r.kind);
    return [{
      id: Number(r.id), kind: r.kind, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error,
      added: r.added, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected,
      sources: r.sources === null ? null : (JSON.parse(r.sources) as RunSource[]),
    }];
  });
}
