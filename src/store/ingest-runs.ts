import type { Store } from './database.js';

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

/** Opens a run record (an import, an arXiv ingestion); finish it with finishRun. */
export async function startRun(store: Store, kind: string, now = new Date()): Promise<number> {
  const row = await store.db
    .insertInto('ingest_runs')
    .values({ kind, started_at: now.toISOString(), finished_at: null, added: 0, updated: 0, unchanged: 0, rejected: 0, error: null, sources: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function finishRun(store: Store, id: number, counts: RunCounts, error: string | null = null, now = new Date()): Promise<void> {
  await store.db
    .updateTable('ingest_runs')
    .set({ ...counts, error, finished_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Records each source's outcome on a run (finishRun records the totals). */
export async function saveRunSources(store: Store, id: number, sources: RunSource[]): Promise<void> {
  await store.db.updateTable('ingest_runs').set({ sources: JSON.stringify(sources) }).where('id', '=', id).execute();
}

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
