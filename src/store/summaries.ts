import { sql } from 'kysely';
import type { Store } from './database.js';

/** A paper's summary and keywords as stored (src/enrich/summaries/). */
export interface StoredSummary {
  paperId: string;
  /** The paper's version it was made for. */
  version: number | null;
  /** Null when the paper has no abstract. */
  summary: string | null;
  keywords: string[];
  source: 'extractive' | 'model';
  /**
   * The chat model that wrote it; with source 'extractive', the model that was asked and failed
   * (so it is not asked again for this version), or null when none was asked.
   */
  model: string | null;
}

/** A paper to summarise, with what the summarisers read. */
export interface SummaryCandidate {
  id: string;
  version: number | null;
  title: string;
  abstract: string | null;
}

export interface SummaryCandidateQuery {
  limit: number;
  /** Only papers of this feed day or later (YYYY-MM-DD). */
  since?: string;
  /** Exactly these papers, summarised or not (the CLI's --ids). */
  ids?: readonly string[];
  /**
   * Papers this chat model has not been asked about for their version: also those with an
   * extractive summary. Without it: papers with no summary for their current version.
   */
  model?: string;
}

export async function saveSummary(store: Store, s: StoredSummary, now: Date): Promise<void> {
  const row = { version: s.version, summary: s.summary, keywords: JSON.stringify(s.keywords), source: s.source, model: s.model, updated_at: now.toISOString() };
  await store.db
    .insertInto('paper_summaries')
    .values({ paper_id: s.paperId, ...row })
    .onConflict((oc) => oc.column('paper_id').doUpdateSet(row))
    .execute();
}

/** Visible papers to summarise, newest feed day first (see SummaryCandidateQuery). */
export async function papersNeedingSummaries(store: Store, q: SummaryCandidateQuery): Promise<SummaryCandidate[]> {
  if (q.ids && q.ids.length === 0) return [];
  let query = store.db
    .selectFrom('papers as p')
    .leftJoin('paper_summaries as s', 's.paper_id', 'p.id')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.id', 'p.version', 'p.title', 'p.abstract'])
    .where('a.hidden_at', 'is', null);
  if (q.ids) {
    query = query.where('p.id', 'in', q.ids);
  } else {
    const stale = sql<boolean>`(s.paper_id is null or s.version is distinct from p.version${q.model === undefined ? sql`` : sql` or (s.source = 'extractive' and s.summary is not null and s.model is distinct from ${q.model})`})`;
    query = query.where(stale);
  }
  if (q.since) query = query.where('p.feed_date', '>=', q.since);
  const rows = await query.orderBy('p.feed_date', 'desc').orderBy('p.id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({ id: r.id, version: r.version, title: r.title, abstract: r.abstract }));
}

/** A paper's stored summary, or undefined. */
export async function findSummary(store: Store, paperId: string): Promise<StoredSummary | undefined> {
  return (await summariesByIds(store, [paperId])).get(paperId);
}

/** Stored summaries of these papers (absent: none yet). */
export async function summariesByIds(store: Store, ids: readonly string[]): Promise<Map<string, StoredSummary>> {
  const out = new Map<string, StoredSummary>();
  // 500 ids a statement: under SQLite's and PostgreSQL's bound-value limits.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db.selectFrom('paper_summaries').selectAll().where('paper_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) {
      out.set(r.paper_id, { paperId: r.paper_id, version: r.version === null ? null : Number(r.version), summary: r.summary, keywords: parseKeywords(r.keywords), source: r.source === 'model' ? 'model' : 'extractive', model: r.model });
    }
  }
  return out;
}

/** A stored keyword list; anything but an array of strings reads as none. */
export function parseKeywords(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** Counts by source, for `paperboy enrich summaries`. */
export async function summaryCounts(store: Store): Promise<{ extractive: number; model: number }> {
  const rows = await store.db.selectFrom('paper_summaries').select(['source', sql<number>`count(*)`.as('n')]).groupBy('source').execute();
  const count = (s: string) => Number(rows.find((r) => r.source === s)?.n ?? 0);
  return { extractive: count('extractive'), model: count('model') };
}
