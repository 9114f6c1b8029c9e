import { unlinkSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from './database.js';

/**
 * Named locks that keep a job (or a run) to one process at a time, and that the operating
 * system releases the moment the holding process dies, however it dies (`kill -9`, OOM, power).
 *
 * PostgreSQL: a session advisory lock on one pinned connection; with many `serve` processes on
 * many machines exactly one holds it, and the server drops it with the dead process's session.
 * Keyed by (schema, name), so two Paperboys in two schemas of one database never block each other.
 *
 * SQLite: an exclusive transaction held open on a small lock file beside the database
 * (`paperboy.db.<name>.lck`). SQLite takes it with the OS's own file lock (fcntl on Unix,
 * LockFileEx on Windows), which the kernel drops when the process exits. Chosen over a lock row
 * holding a pid: a pid names no process for sure (in a container `serve` is PID 1 after every
 * restart, so a dead holder's pid is the new process's own), and pid + start time needs /proc,
 * and a lease needs a heartbeat and a wait for it to run out. The file must sit on a local
 * disk, as the database's WAL already requires. The file is left in place on release: deleting
 * a lock file another process has just opened would let two processes hold "the" lock.
 */
export interface HeldLock {
  release(): Promise<void>;
}

/** Takes the lock now, or returns undefined when another process (or this one) holds it. */
export async function tryLock(store: Store, name: string): Promise<HeldLock | undefined> {
  if (running.has(`${store.location}|${name}`)) return undefined;
  const held = store.dialect === 'sqlite' ? trySqliteLock(store, name) : await tryAdvisoryLock(store, name);
  if (!held) return undefined;
  const key = `${store.location}|${name}`;
  running.add(key);
  let released: Promise<void> | undefined;
  const lock: HeldLock = {
    release: () => {
      released ??= held().finally(() => {
        running.delete(key);
        heldBy.get(store)?.delete(lock);
      });
      return released;
    },
  };
  if (!heldBy.has(store)) heldBy.set(store, new Set());
  heldBy.get(store)!.add(lock);
  return lock;
}

/**
 * Releases every lock this process still holds on the store (a run cut short at shutdown): on
 * PostgreSQL each holds a pooled connection, and closing the pool waits for them all, forever.
 * Called by Store.close().
 */
export async function releaseHeldLocks(store: Store): Promise<void> {
  await Promise.all([...(heldBy.get(store) ?? [])].map((lock) => lock.release()));
}

/** The locks each store has out, for releaseHeldLocks. */
const heldBy = new WeakMap<Store, Set<HeldLock>>();

/** The lock a scheduled job runs under (src/jobs/scheduler.ts); a run started elsewhere (a page's button) takes the same one. */
export function jobLockName(job: string): string {
  return `job:${job}`;
}

export type LockedResult<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `fn` holding the lock `name`; `{ ran: false }` when another process (or another run in
 * this one) holds it, so a caller tells "ran and returned nothing" from "did not run".
 */
export async function withJobLock<T>(store: Store, name: string, fn: () => Promise<T>): Promise<LockedResult<T>> {
  const lock = await tryLock(store, name);
  if (!lock) return { ran: false };
  try {
    return { ran: true, value: await fn() };
  } finally {
    await lock.release();
  }
}

/**
 * Removes the lock file of a lock that is not held (SQLite), for locks named per run that would
 * otherwise pile up one file per run. Only for names no live process can take again (a finished run).
 */
export function forgetLock(store: Store, name: string): void {
  const file = lockFile(store, name);
  if (!file) return;
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Locks held by this process, by store and name: one process's own runs never overlap either. */
const running = new Set<string>();

function lockFile(store: Store, name: string): string | null {
  return store.dialect === 'sqlite' && store.location !== ':memory:' ? `${store.location}.${name.replace(/[^\w-]+/g, '_')}.lck` : null;
}

function trySqliteLock(store: Store, name: string): (() => Promise<void>) | undefined {
  const file = lockFile(store, name);
  if (!file) return () => Promise.resolve();
  // timeout 0: a held lock answers SQLITE_BUSY at once instead of waiting 5 s (the default).
  const conn = new SQLite(file, { timeout: 0 });
  try {
    conn.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    conn.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw err;
  }
  return async () => {
    conn.exec('ROLLBACK');
    conn.close();
  };
}

async function tryAdvisoryLock(store: Store, name: string): Promise<(() => Promise<void>) | undefined> {
  let answer!: (held: (() => Promise<void>) | undefined) => void;
  const result = new Promise<(() => Promise<void>) | undefined>((resolve) => { answer = resolve; });
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => { letGo = resolve; });
  // The callback keeps its connection for as long as the lock is held: the lock is the session's.
  const session = store.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(current_schema()), ${lockKey(name)}) as locked`.execute(conn);
    if (!rows[0]?.locked) return answer(undefined);
    answer(async () => {
      letGo();
      await session;
    });
    await released;
    await sql`select pg_advisory_unlock(hashtext(current_schema()), ${lockKey(name)})`.execute(conn);
  });
  return Promise.race([result, session.then(() => result)]);
}

/** A stable 31-bit key from the lock name (FNV-1a). */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 1) | 0;
}
