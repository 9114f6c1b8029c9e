import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { UsersTable } from './schema.js';

export interface User {
  id: number;
  email: string;
  name: string;
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
 * The user with this address, created on first sign-in with `baseName` (suffixed 2, 3, ...
 * when taken). Concurrent first sign-ins of one address end with one user: the unique index
 * on email decides, and the loser reads the winner's row.
 */
export async function findOrCreateUser(store: Store, email: string, baseName: string, now = new Date()): Promise<User> {
  const existing = await findUserByEmail(store, email);
  if (existing) return existing;
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? baseName : `${baseName.slice(0, 20)}${n}`;
    const inserted = await store.db
      .insertInto('users')
      .values({ email, name, is_admin: 0, banned_at: null, created_at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toUser(inserted);
    const again = await findUserByEmail(store, email);
    if (again) return again;
  }
  throw new Error(`no free user name for ${baseName}`);
}

export async function setAdmin(store: Store, userId: number, isAdmin: boolean): Promise<void> {
  await store.db.updateTable('users').set({ is_admin: isAdmin ? 1 : 0 }).where('id', '=', userId).execute();
}

export async function listAdmins(store: Store): Promise<User[]> {
  const rows = await store.db.selectFrom('users').selectAll().where('is_admin', '=', 1).orderBy('id').execute();
  return rows.map(toUser);
}

function toUser(r: Selectable<UsersTable>): User {
  return { id: Number(r.id), email: r.email, name: r.name, isAdmin: r.is_admin === 1, bannedAt: r.banned_at, createdAt: r.created_at };
}
