import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PaperRecord, PaperVersion } from '../domain/paper.js';
import { mergePaper, type PaperState, samePaperState } from '../domain/paper-state.js';
import { lockCounter, setCounter } from './counters.js';
import type { Store } from './database.js';
import type { Fence } from './locks.js';
import type { Database, PapersTable } from './schema.js';

export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

/** The counter that every insert or update of a paper advances (see papersChangedSince). */
export const PAPER_CHANGES = 'paper_changes';

// SQLite allows 32,766 bound parameters per statement; 250 rows x 23 columns stays well below,
// and PostgreSQL's 65,535 too. Measured with `bench:import` at 100k papers: 100 / 250 / 1,000
// rows per statement were within noise (SQLite 17.0k-17.9k papers/s, PostgreSQL 8.3k-8.9k).
const ROWS_PER_INSERT = 250;

/**
 * Merges a batch of records into the store in one transaction and returns each record's
 * outcome, in input order. Re-applying the same records changes nothing and does not advance
 * the change sequence. Writers are serialized by the change counter's lock, so sequence
 * numbers become visible in commit order (a follower never skips a lower number that commits late).
 * A job passes its lock's `fence`, checked last in the transaction: a job that lost its lock commits nothing.
 */
export async function upsertPapers(store: Store, records: readonly PaperRecord[], now = new Date(), fence?: Fence): Promise<UpsertOutcome[]> {
  if (records.length === 0) return [];
  return store.db.transaction().execute(async (trx) => {
    const outcomes = await upsertPapersIn(trx, records, now);
    await fence?.(trx);
    return outcomes;
  });
}

/** upsertPapers inside the caller's transaction (a submission credits the paper it adds in the same one). */
export async function upsertPapersIn(trx: Transaction<Database>, records: readonly PaperRecord[], now: Date): Promise<UpsertOutcome[]> {
  const seqBefore = await lockCounter(trx, PAPER_CHANGES);
  const ids = [...new Set(records.map((r) => r.id))];
  const states = await loadStates(trx, ids);
  const original = new Map(states);
  const outcomes: UpsertOutcome[] = [];
  for (const rec of records) {
    const before = states.get(rec.id);
    const after = mergePaper(before, rec);
    outcomes.push(before === undefined ? 'added' : samePaperState(before, after) ? 'unchanged' : 'updated');
    states.set(rec.id, after);
  }
  const changed = ids.flatMap((id) => {
    const before = original.get(id);
    const after = states.get(id)!;
    return before === undefined || !samePaperState(before, after) ? [{ after, isNew: before === undefined }] : [];
  });
  const stamp = now.toISOString();
  let seq = seqBefore;
  const rows = changed.map(({ after }) => toRow(after, ++seq, stamp));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('papers')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) =>
        // Every column but id and created_at follows the merged state.
        oc.column('id').doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          title: eb.ref('excluded.title'),
          abstract: eb.ref('excluded.abstract'),
          authors: eb.ref('excluded.authors'),
          primary_category: eb.ref('excluded.primary_category'),
          categories: eb.ref('excluded.categories'),
          comments: eb.ref('excluded.comments'),
          journal_ref: eb.ref('excluded.journal_ref'),
          submitter: eb.ref('excluded.submitter'),
          report_no: eb.ref('excluded.report_no'),
          msc_class: eb.ref('excluded.msc_class'),
          doi: eb.ref('excluded.doi'),
          license: eb.ref('excluded.license'),
          submitted_at: eb.ref('excluded.submitted_at'),
          updated_at: eb.ref('excluded.updated_at'),
          announced_on: eb.ref('excluded.announced_on'),
          daily_at: eb.ref('excluded.daily_at'),
          feed_date: eb.ref('excluded.feed_date'),
          upvotes_baseline: eb.ref('excluded.upvotes_baseline'),
          github_url: eb.ref('excluded.github_url'),
          project_url: eb.ref('excluded.project_url'),
          change_seq: eb.ref('excluded.change_seq'),
          modified_at: eb.ref('excluded.modified_at'),
        })),
      )
      .execute();
  }
  await writeVersions(trx, changed.flatMap(({ after }) => after.versions.map((v) => ({ paper_id: after.id, ...versionRow(v) }))));
  await writeSources(trx, records, stamp);
  if (seq !== seqBefore) await setCounter(trx, PAPER_CHANGES, seq);
  return outcomes;
}

async function writeVersions(trx: Transaction<Database>, rows: Database['paper_versions'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT * 4) {
    await trx
      .insertInto('paper_versions')
      .values(rows.slice(i, i + ROWS_PER_INSERT * 4))
      .onConflict((oc) => oc.columns(['paper_id', 'version']).doUpdateSet((eb) => ({ submitted_at: eb.ref('excluded.submitted_at'), size: eb.ref('excluded.size') })))
      .execute();
  }
}

/** Records where each paper was seen first per source; later sightings change nothing. */
async function writeSources(trx: Transaction<Database>, records: readonly PaperRecord[], stamp: string): Promise<void> {
  const seen = new Map<string, Database['paper_sources']>();
  for (const r of records) {
    const key = `${r.id}\u0000${r.source}`;
    if (!seen.has(key)) seen.set(key, { paper_id: r.id, source: r.source, source_ref: r.sourceRef ?? null, first_seen_at: stamp });
  }
  const rows = [...seen.values()];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT * 4) {
    await trx.insertInto('paper_sources').values(rows.slice(i, i + ROWS_PER_INSERT * 4)).onConflict((oc) => oc.doNothing()).execute();
  }
}

async function loadStates(db: Kysely<Database>, ids: string[]): Promise<Map<string, PaperState>> {
  const states = new Map<string, PaperState>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const rows = await db.selectFrom('papers').selectAll().where('id', 'in', chunk).execute();
    for (const row of rows) states.set(row.id, fromRow(row, []));
    if (rows.length === 0) continue;
    const versions = await db.selectFrom('paper_versions').selectAll().where('paper_id', 'in', rows.map((r) => r.id)).orderBy('version').execute();
    for (const v of versions) states.get(v.paper_id)?.versions.push({ version: v.version, submittedAt: v.submitted_at, size: v.size });
  }
  return states;
}

/** One paper by canonical id, with its versions; undefined when absent. */
export async function findPaper(store: Store, id: string): Promise<PaperState | undefined> {
  return (await loadStates(store.db, [id])).get(id);
}

/** Of these ids, the papers stored without a feed day (known only from a replacement in the announcement feed). */
export async function papersWithoutDay(store: Store, ids: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  // 500 ids a query: well under SQLite's 32,766 bound parameters; a feed has at most 2,000 items.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db.selectFrom('papers').select('id').where('id', 'in', ids.slice(i, i + 500)).where('feed_date', 'is', null).execute();
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

/** id -> title of these papers (the ones the store has). */
export async function paperTitles(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db.selectFrom('papers').select(['id', 'title']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** Abstract and arXiv comments field of these papers, one query per 500 ids (what link detection reads). */
export async function paperTextsByIds(store: Store, ids: readonly string[]): Promise<Map<string, { abstract: string | null; comments: string | null }>> {
  const out = new Map<string, { abstract: string | null; comments: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db.selectFrom('papers').select(['id', 'abstract', 'comments']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, { abstract: r.abstract, comments: r.comments });
  }
  return out;
}

export async function countPapers(store: Store): Promise<number> {
  const row = await store.db.selectFrom('papers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface PaperChange {
  seq: number;
  paper: PaperState;
  /** Hidden by a moderator: a derived index must drop it. */
  hidden: boolean;
}

/**
 * Papers changed after `afterSeq`, in sequence order: what a derived index (search, caches)
 * reads to catch up. Each paper appears once, with its latest state; `versions` is left empty
 * (no index needs the history, and loading it would double the cost of a full rebuild).
 */
export async function papersChangedSince(store: Store, afterSeq: number, limit = 1000): Promise<PaperChange[]> {
  const rows = await store.db
    .selectFrom('papers')
    .leftJoin('paper_activity', 'paper_activity.paper_id', 'papers.id')
    .selectAll('papers')
    .select('paper_activity.hidden_at')
    .where('papers.change_seq', '>', afterSeq)
    .orderBy('papers.change_seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ seq: Number(row.change_seq), paper: fromRow(row, []), hidden: row.hidden_at != null }));
}

function toRow(p: PaperState, seq: number, stamp: string): Database['papers'] {
  return {
    id: p.id, version: p.version, title: p.title, abstract: p.abstract, authors: JSON.stringify(p.authors),
    primary_category: p.primaryCategory, categories: JSON.stringify(p.categories), comments: p.comments,
    journal_ref: p.journalRef, submitter: p.submitter, report_no: p.reportNo, msc_class: p.mscClass, doi: p.doi, license: p.license, submitted_at: p.submittedAt, updated_at: p.updatedAt,
    announced_on: p.announcedOn, daily_at: p.dailyAt, feed_date: p.feedDate, upvotes_baseline: p.upvotesBaseline,
    github_url: p.githubUrl, project_url: p.projectUrl, change_seq: seq, created_at: stamp, modified_at: stamp,
  };
}

function fromRow(r: Selectable<PapersTable>, versions: PaperVersion[]): PaperState {
  return {
    id: r.id, version: r.version, title: r.title, abstract: r.abstract, authors: JSON.parse(r.authors) as string[],
    primaryCategory: r.primary_category, categories: JSON.parse(r.categories) as string[], comments: r.comments,
    journalRef: r.journal_ref, submitter: r.submitter, reportNo: r.report_no, mscClass: r.msc_class, doi: r.doi, license: r.license, submittedAt: r.submitted_at, updatedAt: r.updated_at,
    announcedOn: r.announced_on, dailyAt: r.daily_at, feedDate: r.feed_date, upvotesBaseline: Number(r.upvotes_baseline),
    githubUrl: r.github_url, projectUrl: r.project_url, versions,
  };
}

function versionRow(v: PaperVersion): Omit<Database['paper_versions'], 'paper_id'> {
  return { version: v.version, submitted_at: v.submittedAt, size: v.size ?? null };
}
