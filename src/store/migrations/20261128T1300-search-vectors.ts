import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Meaning search: the embedding models a server has used and each paper's vector under each,
 * so a restart reads vectors back instead of recomputing them (an external embedding server
 * can take hours for a million abstracts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('search_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** `corpus` (built in, trained here) or `http` (an OpenAI-compatible server). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dims', 'integer', (c) => c.notNull())
    /** Papers the built-in model was trained on (0 for http): retraining is due when the corpus doubles. */
    .addColumn('trained_docs', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** The built-in model's vocabulary and word vectors; empty for http. */
    .addColumn('data', bytes, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('paper_vectors')
    .addColumn('model_id', 'text', (c) => c.notNull().references('search_models.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull())
    /** The paper's change_seq the vector was computed from: a later change means recompute. */
    .addColumn('source_seq', 'bigint', (c) => c.notNull())
    /** Unit vector quantized to int8 (one byte a dimension, scale 127). */
    .addColumn('vector', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_vectors_pk', ['model_id', 'paper_id'])
    .execute();
}
