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

/** An operator's import (`paperboy subscribers add`): preferences set, optionally confirmed at once. */
export async function upsertSubscriber(store: Store, email: string, prefs: Preferences, confirmed: boolean, now: Date): Promise<'added' | 'updated'> {
  const existing = await findSubscriberByEmail(store, email);
  const stamp = now.toISOString();
  const values = { frequency: prefs.frequency, topics: JSON.stringify(prefs.topics), size: prefs.size, updated_at: stamp };
  if (existing) {
    await store.db.updateTable('subscribers').set({ ...values, ...(confirmed && !existing.confirmedAt ? { confirmed_at: stamp } : {}) }).where('id', '=', existing.id).execute();
    return 'updated';
  }
  await store.db
    .insertInto('subscribers')
    .values({ email, ...values, confirmed_at: confirmed ? stamp : null, unsubscribed_at: null, bounced_at: null, bounce_reason: null, created_at: stamp })
    .execute();
  return 'added';
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
