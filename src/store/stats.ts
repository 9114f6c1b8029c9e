import { readCounter } from './counters.js';
import type { Store } from './database.js';
import { PAPER_CHANGES } from './papers.js';

export interface StoreStats {
  papers: number;
  versions: number;
  changeSeq: number;
  latestFeedDate: string | null;
  earliestFeedDate: string | null;
  bySource: Record<string, number>;
  topCategories: { category: string; papers: number }[];
}

/** Counts for `paperboy stats` and /healthz. */
export async function storeStats(store: Store): Promise<StoreStats> {
  const { db } = store;
  const papers = await db
    .selectFrom('papers')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('feed_date').as('latest'), eb.fn.min('feed_date').as('earliest')])
    .executeTakeFirstOrThrow();
  const versions = await db.selectFrom('paper_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const sources = await db.selectFrom('paper_sources').select(['source', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('source').execute();
  const categories = await db
    .selectFrom('papers')
    .where('primary_category', 'is not', null)
    .select(['primary_category', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('primary_category')
    .orderBy('n', 'desc')
    .limit(10)
    .execute();
  return {
    papers: Number(papers.n),
    versions: Number(versions.n),
    changeSeq: await readCounter(db, PAPER_CHANGES),
    latestFeedDate: papers.latest ?? null,
    earliestFeedDate: papers.earliest ?? null,
    bySource: Object.fromEntries(sources.map((s) => [s.source, Number(s.n)])),
    topCategories: categories.map((c) => ({ category: c.primary_category ?? '', papers: Number(c.n) })),
  };
}

/** The cheap part of storeStats, for health probes: paper count, change sequence, latest day. */
export async function storeStatsLight(store: Store): Promise<Pick<StoreStats, 'papers' | 'changeSeq' | 'latestFeedDate'>> {
  const row = await store.db
    .selectFrom('papers')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('feed_date').as('latest')])
    .executeTakeFirstOrThrow();
  return { papers: Number(row.n), changeSeq: await readCounter(store.db, PAPER_CHANGES), latestFeedDate: row.latest ?? null };
}
