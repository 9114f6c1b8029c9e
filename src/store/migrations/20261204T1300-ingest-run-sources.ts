import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Each source of an ingestion run (the RSS feed, the OAI-PMH harvest of each category, the API)
 * runs on its own: one failing does not stop the others. `sources` keeps each one's outcome as
 * JSON (`[{"source":"rss","added":3,...,"error":null}, ...]`), so `paperboy stats` can say which
 * failed; null for imports and for runs before this column.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('ingest_runs').addColumn('sources', 'text').execute();
}
