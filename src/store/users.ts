import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { UsersTable } from './schema.js';

export interface User {
  id: number;
  email: string;
  /** The handle (the /u/ path). */
  name: string;
  /** What pages show for the user: the chosen display name, else the handle. */
  displayName: string;
  /** When the user chose handle and display name; null until the welcome step is done. */
  namedAt: string | null;
  isAdmin: boolean;
  bannedAt: string | null;
  createdAt: string;
}

export async function findUserByEmail(store: Store, email: string): Promise<User | undefined> {
  const row = await store.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserByName(store: Store, name: string): Promise<User | undefined> {
  const row = await store.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(store: Store, id: number): Promise<User | undefined> {
  const row = await store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/**
 * The user with this address, created on first sign-in named `name`: a fixed name (tests, and
 * nothing else) is suffixed 2, 3, ... when taken; a generator (domain/user-names.ts
 * randomHandle) is asked again. Concurrent first sign-ins of one address end with one user: the
 * unique index on email decides, and the loser reads the winner's row.
 */
export async function findOrCreateUser(store: Store, email: string, name: string | (() => string), now = new Date()): Promise<User> {
  const existing = await findUserByEmail(store, email);
  if (existing) return existing;
  for (let n = 1; n < 1000; n++) {
    const candidate = typeof name === 'function' ? name() : n === 1 ? name : `${name.slice(0, 20)}${n}`;
    const inserted = await store.db
      .insertInto('users')
      .values({ email, name: candidate, display_name: null, named_at: null, is_admin: 0, banned_at: null, created_at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toUser(inserted);
    const again = await findUserByEmail(store, email);
    if (again) return again;
  }
  throw new Error(`no free user name for ${typeof name === 'function' ? 'a new user' : name}`);
}

/**
 * Saves a user's handle and display name (both already cleaned) and marks them chosen.
 * `taken` when another user has the handle; the unique index decides between two who ask at once.
 */
export async function setUserNames(store: Store, userId: number, names: { handle: string; displayName: string | null }, now: Date): Promise<'saved' | 'taken'> {
  const holder = await findUserByName(store, names.handle);
  if (holder && holder.id !== userId) return 'taken';
  try {
    await store.db
      .updateTable('users')
      .set({ name: names.handle, display_name: names.displayName, named_at: now.toISOString() })
      .where('id', '=', userId)
      .execute();
  } catch (err) {
    const winner = await findUserByName(store, names.handle);
    if (winner && winner.id !== userId) return 'taken';
    throw err;
  }
  return 'saved';
}

export async function setAdmin(store: Store, userId: number, isAdmin: boolean): Promise<void> {
  await store.db.updateTable('users').set({ is_admin: isAdmin ? 1 : 0 }).where('id', '=', userId).execute();
}

export async function listAdmins(store: Store): Promise<User[]> {
  const rows = await store.db.selectFrom('users').selectAll().where('is_admin', '=', 1).orderBy('id').execute();
  return rows.map(toUser);
}

/** A users row as a User (every query that reads a whole user goes through here). */
export function toUser(r: Selectable<UsersTable>): User {
  return {
    id: Number(r.id), email: r.email, name: r.name, displayName: shownName(r.name, r.display_name), namedAt: r.named_at,
    isAdmin: r.is_admin === 1, bannedAt: r.banned_at, createdAt: r.created_at,
  };
}

/** The name pages show for a user row: the display name when there is one, else the handle. */
export function shownName(handle: string, displayName: string | null): string {
  return displayName ?? handle;
}
