import type { Database } from './schema.js';

/** A table `paperboy export` writes: the unique key it is read by, in pages (keyset, never OFFSET). */
export interface ExportedTable {
  /** The primary key's columns: export reads `where (key) > (last key) order by key limit N`. */
  key: string[];
  /** Rows per page; smaller for tables of images and videos so one page stays a few MB. */
  batch?: number;
  /**
   * A column pointing at this same table (a reply's parent, a merged author's target). Rows come
   * in key order, so a reference to a later row is written null first and set once the table is in.
   */
  selfReference?: string;
}

/** A table export leaves out, and why (shown in the tests and the README). */
export interface ExcludedTable {
  excluded: string;
}

/**
 * Every table of the schema, in foreign-key order (a table comes after those it references):
 * restore inserts them in this order. `satisfies Record<keyof Database, …>` makes TypeScript
 * refuse a table added to schema.ts but missing here, and test/store/dump-tables.test.ts refuses
 * a table a migration creates but neither list names.
 */
export const DUMP_TABLES = {
  settings: { key: ['name'] },
  counters: { key: ['name'] },
  ingest_checkpoints: { key: ['name'] },
  ingest_runs: { key: ['id'] },
  job_runs: { key: ['id'] },
  papers: { key: ['id'] },
  paper_versions: { key: ['paper_id', 'version'] },
  paper_sources: { key: ['paper_id', 'source'] },
  users: { key: ['id'] },
  api_tokens: { key: ['id'] },
  paper_activity: { key: ['paper_id'] },
  votes: { key: ['user_id', 'paper_id'] },
  comments: { key: ['id'], selfReference: 'parent_id' },
  moderation_log: { key: ['id'] },
  subscribers: { key: ['id'] },
  digest_outbox: { key: ['id'] },
  search_models: { key: ['id'], batch: 1 },
  paper_vectors: { key: ['model_id', 'paper_id'] },
  submission_requests: { key: ['id'] },
  paper_similar: { key: ['paper_id'] },
  paper_thumbnails: { key: ['paper_id'], batch: 100 },
  paper_media: { key: ['paper_id'], batch: 10 },
  paper_repos: { key: ['paper_id', 'repo_key'] },
  github_repos: { key: ['repo_key'] },
  repo_star_history: { key: ['repo_key', 'day'] },
  paper_summaries: { key: ['paper_id'] },
  authors: { key: ['id'], selfReference: 'merged_into' },
  paper_authors: { key: ['paper_id', 'position'] },
  author_claims: { key: ['id'] },
  orgs: { key: ['id'], batch: 100 },
  org_members: { key: ['org_id', 'user_id'] },
  org_invites: { key: ['token_hash'] },
  paper_orgs: { key: ['paper_id'] },
  collections: { key: ['id'] },
  collection_papers: { key: ['collection_id', 'paper_id'] },
  follows: { key: ['user_id', 'kind', 'target'] },
  recommendation_feedback: { key: ['user_id', 'paper_id'] },

  sessions: { excluded: 'signed-in browsers: bearer secrets tied to the old site; everyone signs in again after a move' },
  login_tokens: { excluded: 'one-time sign-in links valid for minutes; a link mailed before the move is simply requested again' },
  rate_limits: { excluded: 'counters of the current minute or hour; they start from zero on the new store' },
  page_changes: { excluded: 'the cache-invalidation log; derived, and restore refills it (its triggers fire on every row restored)' },
} satisfies Record<keyof Database, ExportedTable | ExcludedTable>;

/** Default rows per page: 1,000 rows of papers are ~2 MB of JSON. */
export const DUMP_BATCH = 1_000;

/**
 * Rows migrations write into a new store (the change sequence's counter). They do not make a
 * store "not empty", and restore replaces them with the archive's.
 */
export const SEEDED_TABLES: readonly string[] = ['counters'];

export type DumpTableName = keyof typeof DUMP_TABLES;

/** The exported tables in foreign-key order, with their plan. */
export function exportedTables(): { name: string; plan: ExportedTable }[] {
  return Object.entries(DUMP_TABLES).flatMap(([name, plan]) => ('excluded' in plan ? [] : [{ name, plan: plan as ExportedTable }]));
}

export function excludedTables(): { name: string; reason: string }[] {
  return Object.entries(DUMP_TABLES).flatMap(([name, plan]) => ('excluded' in plan ? [{ name, reason: plan.excluded }] : []));
}
