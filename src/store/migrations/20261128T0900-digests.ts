import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** Digest subscriptions, the outbox that makes each digest go out once, and server settings. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: Parameters<Parameters<ReturnType<typeof db.schema.createTable>['addColumn']>[2] & object>[0]) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());

  // Server-wide values created once, e.g. the key that signs subscription links.
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('subscribers')
    .addColumn('id', serial, id)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('frequency', 'text', (c) => c.notNull())
    /** JSON: {"categories": [...], "queries": [...]}; both empty = everything. */
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    /** A permanent delivery failure (5xx): no more mail until the address subscribes again. */
    .addColumn('bounced_at', 'text')
    .addColumn('bounce_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscribers_frequency').on('subscribers').columns(['frequency', 'confirmed_at']).execute();

  // One row per (subscriber, period): the unique key is what makes composing idempotent.
  await db.schema
    .createTable('digest_outbox')
    .addColumn('id', serial, id)
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    /** JSON array of paper ids, ranked: the content is decided when composing, rendered when sending. */
    .addColumn('paper_ids', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('digest_outbox_once', ['subscriber_id', 'period'])
    .execute();
  await db.schema.createIndex('digest_outbox_due').on('digest_outbox').columns(['status', 'next_attempt_at']).execute();
}
