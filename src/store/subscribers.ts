import type { Selectable } from 'kysely';
import type { Frequency, Preferences, Topics } from '../domain/digest-rules.js';
import type { Store } from './database.js';
import type { SubscribersTable } from './schema.js';

export interface Subscriber {
  id: number;
  email: string;
  frequency: Frequency;
  topics: Topics;
  size: number;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  bouncedAt: string | null;
  bounceReason: string | null;
  createdAt: string;
}

/** Mail goes only to confirmed, subscribed, not bounced addresses. */
export function isActive(s: Subscriber): boolean {
  return s.confirmedAt !== null && s.unsubscribedAt === null && s.bouncedAt === null;
}

/**
 * Records a subscription request. A new address, or one that is not active, takes the given
 * preferences and waits for confirmation; an active subscriber's preferences stay as they are
 * (anyone can type an address into the form: changes go through the subscriber's own manage
 * link, which the caller mails). Returns the subscriber after the request.
 */
export async function requestSubscription(store: Store, email: string, prefs: Preferences, now: Date): Promise<{ subscriber: Subscriber; wasActive: boolean }> {
  const existing = await findSubscriberByEmail(store, email);
  if (existing && isActive(existing)) return { subscriber: existing, wasActive: true };
  const stamp = now.toISOString();
  const values = { frequency: prefs.frequency, topics: JSON.stringify(prefs.topics), size: prefs.size, updated_at: stamp };
  await store.db
    .insertInto('subscribers')
    .values({ email, ...values, confirmed_at: null, unsubscribed_at: null, bounced_at: null, bounce_reason: null, created_at: stamp })
    .onConflict((oc) => oc.column('email').doUpdateSet({ ...values, confirmed_at: null, unsubscribed_at: null, bounced_at: null, bounce_reason: null }))
    .execute();
  return { subscriber: (await findSubscriberByEmail(store, email))!, wasActive: false };
}

export interface SubscriberImport {
  email: string;
  prefs: Preferences;
  /** Already opted in elsewhere: active at once, no confirmation mail. */
  confirmed: boolean;
}

/** 500 rows x 10 columns per statement: well under SQLite's 32,766 bound parameters. */
const ROWS_PER_INSERT = 500;

/**
 * An operator's import (`paperboy subscribers add`, migrations from another list): addresses
 * already here get the new preferences (and are confirmed when `confirmed`), new ones are added.
 * One transaction; returns how many were added and updated.
 */
export async function importSubscribers(store: Store, list: readonly SubscriberImport[], now: Date): Promise<{ added: number; updated: number }> {
  const stamp = now.toISOString();
  return store.db.transaction().execute(async (trx) => {
    let added = 0;
    for (let i = 0; i < list.length; i += ROWS_PER_INSERT) {
      const chunk = list.slice(i, i + ROWS_PER_INSERT);
      const known = new Set((await trx.selectFrom('subscribers').select('email').where('email', 'in', chunk.map((c) => c.email)).execute()).map((r) => r.email));
      added += chunk.filter((c) => !known.has(c.email)).length;
      await trx
        .insertInto('subscribers')
        .values(chunk.map((c) => ({
          email: c.email, frequency: c.prefs.frequency, topics: JSON.stringify(c.prefs.topics), size: c.prefs.size, confirmed_at: c.confirmed ? stamp : null,
          unsubscribed_at: null, bounced_at: null, bounce_reason: null, created_at: stamp, updated_at: stamp,
        })))
        .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({
          frequency: eb.ref('excluded.frequency'),
          topics: eb.ref('excluded.topics'),
          size: eb.ref('excluded.size'),
          updated_at: eb.ref('excluded.updated_at'),
          // Confirmed stays confirmed; an import marked confirmed confirms.
          confirmed_at: eb.fn.coalesce('subscribers.confirmed_at', 'excluded.confirmed_at'),
        })))
        .execute();
    }
    return { added, updated: list.length - added };
  });
}

/** One subscriber; see importSubscribers. */
export async function upsertSubscriber(store: Store, email: string, prefs: Preferences, confirmed: boolean, now: Date): Promise<'added' | 'updated'> {
  const { added } = await importSubscribers(store, [{ email, prefs, confirmed }], now);
  return added ? 'added' : 'updated';
}

export async function confirmSubscriber(store: Store, id: number, now: Date): Promise<void> {
  await store.db.updateTable('subscribers').set({ confirmed_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
}

export async function updatePreferences(store: Store, id: number, prefs: Preferences, now: Date): Promise<void> {
  await store.db.updateTable('subscribers').set({ frequency: prefs.frequency, topics: JSON.stringify(prefs.topics), size: prefs.size, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/** One-click unsubscribe; also cancels digests queued but not yet sent. */
export async function unsubscribe(store: Store, id: number, now: Date): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('subscribers').set({ unsubscribed_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', id).where('unsubscribed_at', 'is', null).execute();
    await trx.updateTable('digest_outbox').set({ status: 'cancelled' }).where('subscriber_id', '=', id).where('status', 'in', ['pending', 'sending']).execute();
  });
}

export async function markBounced(store: Store, id: number, reason: string, now: Date): Promise<void> {
  await store.db.updateTable('subscribers').set({ bounced_at: now.toISOString(), bounce_reason: reason.slice(0, 500), updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function findSubscriber(store: Store, id: number): Promise<Subscriber | undefined> {
  const row = await store.db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSubscriber(row);
}

export async function findSubscribers(store: Store, ids: readonly number[]): Promise<Map<number, Subscriber>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db.selectFrom('subscribers').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), toSubscriber(r)]));
}

export async function findSubscriberByEmail(store: Store, email: string): Promise<Subscriber | undefined> {
  const row = await store.db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
  return row && toSubscriber(row);
}

export async function listSubscribers(store: Store): Promise<Subscriber[]> {
  return (await store.db.selectFrom('subscribers').selectAll().orderBy('id').execute()).map(toSubscriber);
}

/** Active subscribers of a frequency, for composing a run. */
export async function activeSubscribers(store: Store, frequency: Frequency): Promise<Subscriber[]> {
  const rows = await store.db
    .selectFrom('subscribers')
    .selectAll()
    .where('frequency', '=', frequency)
    .where('confirmed_at', 'is not', null)
    .where('unsubscribed_at', 'is', null)
    .where('bounced_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(toSubscriber);
}

function toSubscriber(r: Selectable<SubscribersTable>): Subscriber {
  return {
    id: Number(r.id), email: r.email, frequency: r.frequency as Frequency, topics: JSON.parse(r.topics) as Topics, size: r.size,
    confirmedAt: r.confirmed_at, unsubscribedAt: r.unsubscribed_at, bouncedAt: r.bounced_at, bounceReason: r.bounce_reason, createdAt: r.created_at,
  };
}
