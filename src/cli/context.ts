import { type Config, loadConfig } from '../config.js';
import { ArxivHttpClient } from '../ingest/arxiv-http.js';
import { openStore, type Store } from '../store/database.js';
import type { RunSource } from '../store/ingest-runs.js';
import type { JobRun } from '../store/job-runs.js';
import { migrateToLatest } from '../store/migrate.js';

/** Opens the configured store with migrations applied, runs `fn`, always closes the store. */
export async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>, config = loadConfig()): Promise<T> {
  const store = openStore(config.databaseUrl);
  try {
    await migrateToLatest(store);
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/** The one arXiv client of a process: every arXiv request shares its rate limit. */
export function arxivClient(config: Config, log?: (line: string) => void): ArxivHttpClient {
  return new ArxivHttpClient({
    intervalMs: config.arxiv.requestIntervalMs,
    maxRetries: config.arxiv.maxRetries,
    backoffMs: config.arxiv.backoffMs,
    timeoutMs: config.arxiv.timeoutMs,
    userAgent: config.arxiv.userAgent,
    ...(log ? { log } : {}),
  });
}

/** Prints a JSON value on stdout, one line. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** One line of a job's run record, as `stats` and `digest status` print it. */
export function formatJobRun(r: JobRun): string {
  const took = ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
  return `job ${r.job.padEnd(14)} ${r.startedAt}  ${r.outcome}${r.outcome === 'skipped' ? '' : ` (${took} s)`}${r.message ? `: ${r.message}` : ''}`;
}

/** One line for a source's outcome: `oai:cs.CL  +3 added, 1 updated, 0 rejected` or `rss  failed: ...`. */
export function describeRunSource(s: RunSource): string {
  return `${s.source.padEnd(12)} ${s.error ? `failed: ${s.error}` : `+${s.added} added, ${s.updated} updated, ${s.rejected} rejected`}`;
}
