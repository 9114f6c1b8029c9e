import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Takes the counter's row lock for the rest of the transaction and returns its value. The
 * no-op UPDATE is the lock: a row lock in PostgreSQL, the database write lock in SQLite
 * (taken at once, so a deferred transaction never has to upgrade a read lock and fail busy).
 */
export async function lockCounter(trx: Transaction<Database>, name: string): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirst();
  if (!row) throw new Error(`counter ${name} is missing: run \`paperboy migrate\``);
  return Number(row.value);
}

export async function setCounter(trx: Transaction<Database>, name: string, value: number): Promise<void> {
  await trx.updateTable('counters').set({ value }).where('name', '=', name).execute();
}

export async function readCounter(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db.selectFrom('counters').select('value').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.value) : 0;
}
