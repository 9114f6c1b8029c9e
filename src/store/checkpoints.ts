import type { Store } from './database.js';

/** Named ingestion cursors (e.g. an OAI-PMH harvest's resumption token), kept as JSON text. */
export function checkpointStore(store: Store) {
  return {
    async get(name: string): Promise<string | null> {
      const row = await store.db.selectFrom('ingest_checkpoints').select('value').where('name', '=', name).executeTakeFirst();
      return row?.value ?? null;
    },
    async set(name: string, value: string | null): Promise<void> {
      if (value === null) {
        await store.db.deleteFrom('ingest_checkpoints').where('name', '=', name).execute();
        return;
      }
      const updated_at = new Date().toISOString();
      await store.db
        .insertInto('ingest_checkpoints')
        .values({ name, value, updated_at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at }))
        .execute();
    },
  };
}

export async function listCheckpoints(store: Store): Promise<{ name: string; value: string; updatedAt: string }[]> {
  const rows = await store.db.selectFrom('ingest_checkpoints').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, value: r.value, updatedAt: r.updated_at }));
}
