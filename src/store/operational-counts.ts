import { readCounter } from './counters.js';
import type { Store } from './database.js';
import { PAPER_CHANGES } from './papers.js';

/** What an operator watches, read from the store at scrape time (src/web/metrics.ts). */
export interface OperationalCounts {
  /** The store's paper change sequence: the search index's lag is measured against it. */
  changeSeq: number;
  ingestRuns: { kind: string; runs: number; failed: number; added: number; updated: number; rejected: number }[];
  outbox: { status: string; messages: number }[];
  jobRuns: { job: string; outcome: string; runs: number }[];
}

/** A few grouped counts over small tables (runs, the outbox): cheap enough for a scrape every 15 s. */
export async function operationalCounts(store: Store): Promise<OperationalCounts> {
  const { db } = store;
  const ingest = await db
    .selectFrom('ingest_runs')
    .select((eb) => [
      'kind',
      eb.fn.countAll<number>().as('runs'),
      eb.fn.count<number>('error').as('failed'),
      eb.fn.coalesce(eb.fn.sum<number>('added'), eb.lit(0)).as('added'),
      eb.fn.coalesce(eb.fn.sum<number>('updated'), eb.lit(0)).as('updated'),
      eb.fn.coalesce(eb.fn.sum<number>('rejected'), eb.lit(0)).as('rejected'),
    ])
    .groupBy('kind')
    .execute();
  const outbox = await db.selectFrom('digest_outbox').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const jobs = await db.selectFrom('job_runs').select((eb) => ['job', 'outcome', eb.fn.countAll<number>().as('n')]).groupBy(['job', 'outcome']).execute();
  return {
    changeSeq: await readCounter(db, PAPER_CHANGES),
    ingestRuns: ingest.map((r) => ({ kind: r.kind, runs: Number(r.runs), failed: Number(r.failed), added: Number(r.added), updated: Number(r.updated), rejected: Number(r.rejected) })),
    outbox: outbox.map((r) => ({ status: r.status, messages: Number(r.n) })),
    jobRuns: jobs.map((r) => ({ job: r.job, outcome: r.outcome, runs: Number(r.n) })),
  };
}
