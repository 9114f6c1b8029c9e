import { randomInt } from 'node:crypto';
import { InvalidInputError } from './errors.js';

/**
 * How people are named on the site. A user has a handle (unique, the `/u/{handle}` path, what
 * APIs call `name`) and an optional display name (free text shown beside their comments and
 * submissions; none: the handle shows). Neither is ever derived from the e-mail address: a
 * name like `alice` for alice@lab.example tells everyone where to write to her.
 */

/** 3-24 characters, lower-case letters, digits, `-` and `_`, starting and ending with a letter or digit: safe in a URL path as is. */
export const HANDLE = /^[a-z0-9](?:[a-z0-9_-]{1,22})[a-z0-9]$/;

/** 50 characters: a full name with a middle name and an affiliation fits, a paragraph does not. */
export const DISPLAY_NAME_MAX = 50;

/**
 * Handles nobody may take: the site's own paths (a profile at /u/login is harmless, but a
 * comment signed "admin" or "moderation" is not) and names that pose as the site or its staff.
 */
export const RESERVED_HANDLES: ReadonlySet<string> = new Set([
  'admin', 'administrator', 'api', 'about', 'account', 'accounts', 'anonymous', 'assets', 'deleted', 'everyone', 'feeds',
  'healthz', 'help', 'login', 'logout', 'mod', 'moderation', 'moderator', 'moderators', 'new', 'nobody', 'null', 'official',
  'papers', 'paperboy', 'profile', 'root', 'search', 'security', 'settings', 'staff', 'submit', 'subscribe', 'subscriptions',
  'support', 'system', 'team', 'trending', 'undefined', 'unsubscribe', 'user', 'users', 'webmaster', 'welcome',
]);

/** A handle as typed (surrounding space and capitals forgiven), or an error saying what to change. */
export function cleanHandle(value: unknown): string {
  const handle = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!HANDLE.test(handle)) {
    throw new InvalidInputError('handle: 3 to 24 characters, letters a-z, digits, "-" and "_", starting and ending with a letter or digit', 'invalid_handle');
  }
  if (RESERVED_HANDLES.has(handle)) throw new InvalidInputError(`handle: "${handle}" is reserved, choose another`, 'reserved_handle');
  return handle;
}

// Control characters (C0, DEL, C1) break layouts and logs; bidi overrides and isolates
// (U+202A-202E, U+2066-2069) make a name read backwards around what follows it.
export const REFUSED_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * A display name as stored: NFC, runs of spaces folded, at most 50 characters; empty is null
 * (the handle shows). Control and bidi-override characters are refused, not stripped, so what
 * is saved is what was typed. Pages escape it like all outside text.
 */
export function cleanDisplayName(value: unknown): string | null {
  const raw = typeof value === 'string' ? value.normalize('NFC') : '';
  if (REFUSED_IN_NAMES.test(raw)) throw new InvalidInputError('display name: control characters and text-direction overrides are not allowed', 'invalid_display_name');
  const name = raw.replace(/ {2,}/g, ' ').trim();
  if ([...name].length > DISPLAY_NAME_MAX) throw new InvalidInputError(`display name: at most ${DISPLAY_NAME_MAX} characters`, 'invalid_display_name');
  return name === '' ? null : name;
}

const HANDLE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A new user's handle until they choose one: `reader-` and 5 random characters (32^5, about
 * 33 million: first sign-ins rarely meet a taken one, and the store retries when they do).
 * The alphabet leaves out l, o, 0 and 1, which read alike.
 */
export function randomHandle(): string {
  let tail = '';
  for (let i = 0; i < 5; i++) tail += HANDLE_ALPHABET[randomInt(HANDLE_ALPHABET.length)];
  return `reader-${tail}`;
}

/**
 * Whether a handle gives its owner's address away: it contains the address's local part
 * (without a `+tag`, letters and digits only), or is contained in it, for parts of 3+ characters.
 * Handles made before handles were chosen (`alice` for alice@…) are kept, and flagged with this.
 */
export function handleRevealsEmail(handle: string, email: string): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const local = fold((email.split('@')[0] ?? '').replace(/\+.*$/, ''));
  const h = fold(handle).replace(/\d+$/, '');
  if (local.length < 3 || h.length < 3) return false;
  return h.includes(local) || local.includes(h);
}

/**
 * What a deleted account leaves behind (src/store/account-deletion.ts): its votes, comments,
 * moderation entries and contributions move to a placeholder user of their own, one per deleted
 * account (so "one vote per user per paper" still holds). Its handle starts with `~`, which
 * HANDLE refuses, so nobody can choose one, and its address has no `@`, so no sign-in link can
 * ever be asked for it. Pages show it as DELETED_USER_NAME, unlinked.
 */
export const DELETED_HANDLE_PREFIX = '~deleted-';
export const DELETED_USER_NAME = '[deleted user]';

export function isDeletedHandle(handle: string): boolean {
  return handle.startsWith(DELETED_HANDLE_PREFIX);
}
