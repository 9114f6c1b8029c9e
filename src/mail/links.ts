import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/database.js';
import { getOrCreateSetting } from '../store/settings.js';

/**
 * Personal links in subscription mail (confirm, manage, unsubscribe) carry a token
 * `<subscriber id>.<purpose>.<HMAC-SHA256 of purpose, id and address, 128 bits>`. They cannot
 * be forged or enumerated without the key, do not expire (an unsubscribe link in a year-old
 * digest must still work), and stop working when the address changes. The key is made once and
 * kept in the store, so every process and every restart signs the same way.
 */
export type LinkPurpose = 'confirm' | 'manage' | 'unsubscribe';
const CODES: Record<LinkPurpose, string> = { confirm: 'c', manage: 'm', unsubscribe: 'u' };
const PURPOSES: Record<string, LinkPurpose> = { c: 'confirm', m: 'manage', u: 'unsubscribe' };

/** Read once per open store: a digest run signs two links per message. */
const keys = new WeakMap<Store, Promise<Buffer>>();

export function linkKey(store: Store): Promise<Buffer> {
  let key = keys.get(store);
  if (!key) {
    key = getOrCreateSetting(store, 'subscription_link_key', () => randomBytes(32).toString('base64url')).then((v) => Buffer.from(v, 'base64url'));
    key.catch(() => keys.delete(store));
    keys.set(store, key);
  }
  return key;
}

export function signLink(key: Buffer, purpose: LinkPurpose, subscriber: { id: number; email: string }): string {
  return `${subscriber.id}.${CODES[purpose]}.${mac(key, purpose, subscriber)}`;
}

/** The subscriber id and purpose a token claims; check it with `verifyLink` once the subscriber is loaded. */
export function readLink(token: string): { id: number; purpose: LinkPurpose } | undefined {
  const m = /^(\d{1,10})\.([cmu])\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return undefined;
  return { id: Number(m[1]), purpose: PURPOSES[m[2]!]! };
}

export function verifyLink(key: Buffer, token: string, purpose: LinkPurpose, subscriber: { id: number; email: string }): boolean {
  const parsed = readLink(token);
  if (!parsed || parsed.id !== subscriber.id || parsed.purpose !== purpose) return false;
  const expected = Buffer.from(mac(key, purpose, subscriber));
  const given = Buffer.from(token.slice(token.lastIndexOf('.') + 1));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(key: Buffer, purpose: LinkPurpose, s: { id: number; email: string }): string {
  return createHmac('sha256', key).update(`${purpose}\n${s.id}\n${s.email}`).digest('base64url').slice(0, 22);
}
