import { unlinkSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';

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
  /** Throws LockLostError inside `trx` when this lock is no longer held (see Fence). */
  fence: Fence;
}

/**
 * The fencing rule for a job's writes. On PostgreSQL the lock is its session's: when the link
 * to the database drops, the server ends that session and the lock is free for another process,
 * while this process's job may still be running (it only notices at its next query, and a link
 * back within seconds would let it write on). So a job passes its lock's fence to every batch it
 * commits; the fence runs inside the batch's transaction, just before the commit, and throws
 * unless the session that took the lock still holds it (pg_locks, by backend pid). A job cut off
 * from its lock therefore commits nothing more: at most the batch already committing when the
 * session died lands (milliseconds against the seconds a takeover needs), and batches are
 * idempotent upserts. SQLite: a no-op; the file lock dies only with its process.
 */
export type Fence = (trx: Transaction<Database>) => Promise<void>;

/** Thrown by a fence: the job lost its lock (its database session died) and must stop. Not a PaperboyError: no source catches it. */
export class LockLostError extends Error {
  constructor(name: string) {
    super(`lost the lock "${name}" (its database session ended, e.g. the link to PostgreSQL dropped); stopped so the process that holds it now runs alone`);
    this.name = 'LockLostError';
  }
}

/** Takes the lock now, or returns undefined when another process (or this one) holds it. */
export async function tryLock(store: Store, name: string): Promise<HeldLock | undefined> {
  if (running.has(`${store.location}|${name}`)) return undefined;
  const taken = store.dialect === 'sqlite' ? trySqliteLock(store, name) : await tryAdvisoryLock(store, name);
  if (!taken) return undefined;
  const { release: held, fence } = taken;
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
    fence,
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
 * this one) holds it, so a caller tells "ran and returned nothing" from "did not run". `fn` gets
 * the lock, to pass its fence to the writes it commits.
 */
export async function withJobLock<T>(store: Store, name: string, fn: (lock: HeldLock) => Promise<T>): Promise<LockedResult<T>> {
  const lock = await tryLock(store, name);
  if (!lock) return { ran: false };
  try {
    return { ran: true, value: await fn(lock) };
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

/** A lock taken: how to let it go, and its fence. */
interface Taken {
  release: () => Promise<void>;
  fence: Fence;
}

const noFence: Fence = () => Promise.resolve();

function trySqliteLock(store: Store, name: string): Taken | undefined {
  const file = lockFile(store, name);
  if (!file) return { release: () => Promise.resolve(), fence: noFence };
  // timeout 0: a held lock answers SQLITE_BUSY at once instead of waiting 5 s (the default).
  const conn = new SQLite(file, { timeout: 0 });
  try {
    conn.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    conn.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw err;
  }
  return {
    release: async () => {
      conn.exec('ROLLBACK');
      conn.close();
    },
    fence: noFence,
  };
}

async function tryAdvisoryLock(store: Store, name: string): Promise<Taken | undefined> {
  let answer!: (held: Taken | undefined) => void;
  const result = new Promise<Taken | undefined>((resolve) => { answer = resolve; });
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => { letGo = resolve; });
  const key = lockKey(name);
  // The callback keeps its connection for as long as the lock is held: the lock is the session's.
  const session = store.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean; pid: number }>`select pg_try_advisory_lock(hashtext(current_schema()), ${key}) as locked, pg_backend_pid() as pid`.execute(conn);
    if (!rows[0]?.locked) return answer(undefined);
    const pid = rows[0].pid;
    answer({
      release: async () => {
        letGo();
        await session;
      },
      // The holding session's own row in pg_locks: gone the moment the server ended that session.
      fence: async (trx) => {
        const { rows: held } = await sql<{ held: boolean }>`select exists (
            select 1 from pg_locks where locktype = 'advisory' and granted and pid = ${pid} and objsubid = 2
              and classid::text::bigint = (hashtext(current_schema())::bigint & 4294967295) and objid::text::bigint = ${key}
          ) as held`.execute(trx);
        if (!held[0]?.held) throw new LockLostError(name);
      },
    });
    await released;
    try {
      await sql`select pg_advisory_unlock(hashtext(current_schema()), ${key})`.execute(conn);
    } catch {
      // The session is gone (the link dropped): the server released the lock with it.
    }
  });
  return Promise.race([result, session.then(() => result)]);
}

/** A stable 31-bit key from the lock name (FNV-1a). */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 1) | 0;
}
