import { sql } from 'kysely';
import type { Store } from './database.js';

/**
 * Runs `fn` only if no other process runs the job of the same name; returns undefined when it
 * was already running. PostgreSQL: a session advisory lock on one pinned connection, so with
 * many `serve` processes exactly one runs each scheduled job. SQLite serves one machine: an
 * in-process flag is enough there, and the store's write lock serializes the writes anyway.
 */
export async function withJobLock<T>(store: Store, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  if (store.dialect === 'sqlite') {
    if (running.has(name)) return undefined;
    running.add(name);
    try {
      return await fn();
    } finally {
      running.delete(name);
    }
  }
  const key = lockKey(name);
  return store.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(conn);
    if (!rows[0]?.locked) return undefined;
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}

const running = new Set<string>();

/** A stable 31-bit key from the job name (FNV-1a). */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 1) | 0;
}
