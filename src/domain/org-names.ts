import { InvalidInputError } from './errors.js';
import { HANDLE, REFUSED_IN_NAMES, RESERVED_HANDLES } from './user-names.js';

/**
 * How organizations are named: a slug (the `/orgs/{slug}` path) under the rules of user handles
 * (src/domain/user-names.ts: charset, length, reserved words, plus the org pages' own paths),
 * a name (free text like a display name, required) and an optional http(s) website.
 */

/** Paths under /orgs/ that are pages, not orgs. */
const RESERVED_SLUGS: ReadonlySet<string> = new Set([...RESERVED_HANDLES, 'invite', 'invites', 'avatar', 'orgs', 'org', 'organization', 'organizations']);

export const ORG_NAME_MAX = 80;
export const WEBSITE_MAX = 300;

export function cleanOrgSlug(value: unknown): string {
  const slug = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!HANDLE.test(slug)) throw new InvalidInputError('slug: 3 to 24 characters, letters a-z, digits, "-" and "_", starting and ending with a letter or digit', 'invalid_slug');
  if (RESERVED_SLUGS.has(slug)) throw new InvalidInputError(`slug: "${slug}" is reserved, choose another`, 'reserved_slug');
  return slug;
}

/** The org's name as stored: a display name's rules (NFC, spaces folded, no control or bidi-override characters), required, up to 80 characters. */
export function cleanOrgName(value: unknown): string {
  const raw = typeof value === 'string' ? value.normalize('NFC') : '';
  if (REFUSED_IN_NAMES.test(raw)) throw new InvalidInputError('name: control characters and text-direction overrides are not allowed', 'invalid_org_name');
  const name = raw.replace(/ {2,}/g, ' ').trim();
  if (!name) throw new InvalidInputError('name: give the organization a name', 'invalid_org_name');
  if ([...name].length > ORG_NAME_MAX) throw new InvalidInputError(`name: at most ${ORG_NAME_MAX} characters`, 'invalid_org_name');
  return name;
}

/** A website as stored: an absolute http or https URL without credentials, or null when empty. */
export function cleanWebsite(value: unknown): string | null {
  const raw = typeof value === 'string' ? value.trim() : '';
  if (raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError('website: a full address, like https://lab.example.org', 'invalid_website');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidInputError('website: only http:// and https:// addresses', 'invalid_website');
  if (url.username || url.password) throw new InvalidInputError('website: no user name or password in the address', 'invalid_website');
  const text = url.toString();
  if (text.length > WEBSITE_MAX) throw new InvalidInputError(`website: at most ${WEBSITE_MAX} characters`, 'invalid_website');
  return text;
}
