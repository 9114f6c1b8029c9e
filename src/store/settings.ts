import { randomUUID } from 'node:crypto';
import type { Store } from './database.js';

/**
 * A server-wide setting, created with `make()` the first time it is read. Concurrent first reads
 * (two processes starting together) agree: the insert does nothing when the row exists, and
 * everyone reads the row that won.
 */
export async function getOrCreateSetting(store: Store, name: string, make: () => string): Promise<string> {
  await store.db.insertInto('settings').values({ name, value: make() }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await store.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

/** A random id made once per store: files derived from a store (search snapshots) name it, so one store never reads another's. */
export async function storeIdentity(store: Store): Promise<string> {
  return getOrCreateSetting(store, 'store_id', () => randomUUID());
}

/** A setting's value, or undefined when it was never written. */
export async function readSetting(store: Store, name: string): Promise<string | undefined> {
  const row = await store.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Writes a setting, replacing any value it had. */
export async function writeSetting(store: Store, name: string, value: string): Promise<void> {
  await store.db.insertInto('settings').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
}
