import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * The personal ("For you") digest's reasons, decided when the digest is composed and kept with
 * it in the outbox (a JSON object: paper id -> reason), so a retry sends the same words the
 * first attempt would have. Null for the other digests.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('digest_outbox').addColumn('reasons', 'text').execute();
}
