import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Three arXiv metadata fields the first schema dropped: who submitted the paper to arXiv
 * (`submitter`, arXivRaw and the snapshot), its institutional report number (`report-no`,
 * e.g. `CERN-TH-2024-001`) and its Mathematics Subject Classification (`msc-class`,
 * e.g. `05A15, 05A16`). Null when the source does not give them.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const column of ['submitter', 'report_no', 'msc_class']) {
    await db.schema.alterTable('papers').addColumn(column, 'text').execute();
  }
}
