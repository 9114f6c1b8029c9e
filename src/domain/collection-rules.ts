import { hasControlCharacter } from './control-characters.js';
import { InvalidInputError } from './errors.js';

/** Limits of collections (src/store/collections.ts); each error names the limit it hit. */
export const COLLECTION_LIMITS = {
  /** Collections per user: a reading list per topic and course is dozens; 200 is a library. */
  perUser: 200,
  /** Papers per collection: a survey's bibliography is a few hundred; 2,000 is ten of them. */
  papers: 2_000,
  titleMaxChars: 120,
  descriptionMaxChars: 2_000,
  noteMaxChars: 500,
} as const;

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** A title as stored: one line, whitespace folded, 1-120 characters. */
export function cleanCollectionTitle(value: unknown): string {
  const title = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  if (title === '') throw new InvalidInputError('collection title: give it a name', 'invalid_title');
  if (hasControlCharacter(title)) throw new InvalidInputError('collection title: no control characters', 'invalid_title');
  if (title.length > COLLECTION_LIMITS.titleMaxChars) throw new InvalidInputError(`collection title: ${title.length} characters is over the limit of ${COLLECTION_LIMITS.titleMaxChars}`, 'title_too_long');
  return title;
}

/** Multi-line text (a description, a note): CRLF to LF, trimmed, at most `max` characters; empty is allowed. */
function cleanLongText(value: unknown, what: string, max: number, code: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new InvalidInputError(`${what}: must be text`, code);
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (hasControlCharacter(text, 'multi-line')) throw new InvalidInputError(`${what}: no control characters`, code);
  if (text.length > max) throw new InvalidInputError(`${what}: ${text.length.toLocaleString('en-US')} characters is over the limit of ${max.toLocaleString('en-US')}`, `${code.replace(/^invalid_/, '')}_too_long`);
  return text;
}

export function cleanCollectionDescription(value: unknown): string {
  return cleanLongText(value, 'collection description', COLLECTION_LIMITS.descriptionMaxChars, 'invalid_description');
}

export function cleanCollectionNote(value: unknown): string {
  return cleanLongText(value, 'note', COLLECTION_LIMITS.noteMaxChars, 'invalid_note');
}

/** `public` (default) or `private`; anything else is an error. */
export function cleanVisibility(value: unknown, fallback: Visibility = 'public'): Visibility {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === 'public' || value === 'private') return value;
  throw new InvalidInputError('visibility: "public" or "private"', 'invalid_visibility');
}

/** The title as an address part: ASCII letters and digits joined by `-`, at most 60 characters; `collection` when nothing is left. */
export function collectionSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'collection';
}

/** `/c/{id}-{slug}`: a collection's page. */
export function collectionPath(c: { id: number; slug: string }): string {
  return `/c/${c.id}-${c.slug}`;
}
