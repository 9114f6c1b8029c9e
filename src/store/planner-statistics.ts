import { sql } from 'kysely';
import type { Store } from './database.js';

/**
 * Refreshes the query planner's statistics after a bulk write (an import, a restore). On
 * PostgreSQL a table that was never analyzed is planned from default guesses: at 1M freshly
 * imported papers, "papers changed after the last one" was planned as a third of the table and
 * scanned it (0.8-1.4 s, once a second, by the vector follower) where the change_seq index
 * answers at once. Autovacuum analyzes such tables eventually, unless it is off or behind;
 * `ANALYZE` samples 30,000 rows a table (~3 s at 1M papers). SQLite plans without statistics
 * by preferring indexes, which the queries here are written for: nothing to do.
 */
export async function refreshPlannerStatistics(store: Store): Promise<void> {
  if (store.dialect === 'postgres') await sql`analyze`.execute(store.db);
}
