import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { sql } from 'kysely';
import type { Store } from './database.js';

/**
 * Runs `fn` only if no other process runs the job of the same name; returns undefined when it
 * was already running. PostgreSQL: a session advisory lock on one pinned connection, so with
 * many `serve` processes exactly one runs each scheduled job. SQLite serves one machine: a lock
 * file beside the database (`paperboy.db.<job>.lock`, holding the owner's pid) keeps `serve` and
 * a CLI run of the same job apart; a lock left by a killed process is taken over.
 */
export async function withJobLock<T>(store: Store, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  if (store.dialect === 'sqlite') {
    if (running.has(name)) return undefined;
    const file = store.location === ':memory:' ? null : `${store.location}.${name.replace(/[^\w-]+/g, '_')}.lock`;
    if (file && !takeLockFile(file)) return undefined;
    running.add(name);
    try {
      return await fn();
    } finally {
      running.delete(name);
      if (file) unlinkSync(file);
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

/** Creates the lock file exclusively; a file whose pid is no longer running is stale and replaced. */
function takeLockFile(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      // No pid yet: the owner is between creating and writing the file; it holds the lock.
      if (!(pid > 0) || pidAlive(pid)) return false;
      unlinkSync(file);
    }
  }
  return false;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A stable 31-bit key from the job name (FNV-1a). */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 1) | 0;
}
