import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Dialect, Store } from './database.js';
import * as papers from './migrations/20261128T0500-papers.js';
import * as community from './migrations/20261128T0800-community.js';
import * as digests from './migrations/20261128T0900-digests.js';
import * as searchVectors from './migrations/20261128T1300-search-vectors.js';
import * as apiTokens from './migrations/20261128T1400-api-tokens.js';
import * as jobRuns from './migrations/20261204T1000-job-runs.js';
import * as rateLimits from './migrations/20261204T1100-rate-limits.js';
import * as submissionRequests from './migrations/20261204T1500-submission-requests.js';
import * as userNames from './migrations/20261204T1600-user-names.js';
import * as ingestRunSources from './migrations/20261204T1300-ingest-run-sources.js';
import * as paperReportFields from './migrations/20261204T1300-paper-report-fields.js';
import * as moderationHiddenText from './migrations/20261204T1200-moderation-hidden-text.js';
import * as paperSimilar from './migrations/20261204T1400-paper-similar.js';
import * as pageChanges from './migrations/20261205T0900-page-changes.js';
import * as paperThumbnails from './migrations/20261206T0900-paper-thumbnails.js';
import * as activityByDay from './migrations/20261206T1000-activity-by-day.js';
import * as paperMedia from './migrations/20261207T0900-paper-media.js';
import * as codeRepos from './migrations/20261207T0900-code-repos.js';
import * as paperSummaries from './migrations/20261207T0900-paper-summaries.js';
import * as authors from './migrations/20261208T0900-authors.js';
import * as orgs from './migrations/20261208T0900-orgs.js';
import * as collections from './migrations/20261208T0900-collections.js';
import * as follows from './migrations/20261209T0900-follows.js';
import * as recommendationFeedback from './migrations/20261210T0900-recommendation-feedback.js';
import * as authorAdditions from './migrations/20261210T0900-author-additions.js';
import * as digestReasons from './migrations/20261211T0900-digest-reasons.js';
import * as pageChangeNotify from './migrations/20261211T0900-page-change-notify.js';

type MigrationModule = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

/**
 * Every migration by its timestamped name; Kysely applies them in name order and records each
 * in `kysely_migration`. Add new ones here with a later timestamp; never rename applied ones.
 */
const MIGRATIONS: Record<string, MigrationModule> = {
  '20261128T0500-papers': papers,
  '20261128T0800-community': community,
  '20261128T0900-digests': digests,
  '20261128T1300-search-vectors': searchVectors,
  '20261128T1400-api-tokens': apiTokens,
  '20261204T1000-job-runs': jobRuns,
  '20261204T1100-rate-limits': rateLimits,
  '20261204T1500-submission-requests': submissionRequests,
  '20261204T1600-user-names': userNames,
  '20261204T1300-ingest-run-sources': ingestRunSources,
  '20261204T1300-paper-report-fields': paperReportFields,
  '20261204T1200-moderation-hidden-text': moderationHiddenText,
  '20261204T1400-paper-similar': paperSimilar,
  '20261205T0900-page-changes': pageChanges,
  '20261206T0900-paper-thumbnails': paperThumbnails,
  '20261206T1000-activity-by-day': activityByDay,
  '20261207T0900-paper-media': paperMedia,
  '20261207T0900-code-repos': codeRepos,
  '20261207T0900-paper-summaries': paperSummaries,
  '20261208T0900-authors': authors,
  '20261208T0900-orgs': orgs,
  '20261208T0900-collections': collections,
  '20261209T0900-follows': follows,
  '20261210T0900-recommendation-feedback': recommendationFeedback,
  '20261210T0900-author-additions': authorAdditions,
  '20261211T0900-digest-reasons': digestReasons,
  '20261211T0900-page-change-notify': pageChangeNotify,
};

/** Applies pending migrations; returns the names applied now. Safe to call on every start. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (db) => m.up(db, store.dialect) };
  }
  // PostgreSQL: name the schema in use. Kysely otherwise looks for its migration tables in every
  // schema, so a second Paperboy (or a test) in another schema of the same database made it skip
  // creating them here ("relation kysely_migration_lock does not exist").
  const schema = store.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema : undefined;
  // allowUnorderedMigrations: migrations written on parallel branches land in any order; each
  // one adds its own tables or columns, so one that sorts before an applied one still runs.
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
