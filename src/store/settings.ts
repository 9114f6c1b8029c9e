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
