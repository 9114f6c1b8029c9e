import { z } from 'zod';
import { hasControlCharacter } from '../../../domain/control-characters.js';
import { InvalidInputError } from '../../../domain/errors.js';

/**
 * Opaque page cursors: the last row's sort key and id as a JSON array, base64url-encoded.
 * Clients pass them back untouched; anything that does not decode to the expected shape is a 400.
 *
 *   encodeCursor(['u', 12, '2026-11-27T09:00:00.000Z', '2611.00001'])  // "WyJ1IiwxMiwi…"
 */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(value: string, shape: S): z.output<S> {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = shape.safeParse(parsed);
  if (!result.success) throw new InvalidInputError('cursor: not a cursor of this list (pass next_cursor of the previous page as it is)', 'invalid_cursor');
  return result.data;
}

/**
 * A cursor is decoded from the client's bytes, so its parts are checked as any input is: text
 * without control characters (PostgreSQL refuses NUL), counts within int4 like the columns they
 * are compared with (a larger number failed the query with a 500).
 */
const cursorText = (min: number, max: number) => z.string().min(min).max(max).refine((s) => !hasControlCharacter(s));
const cursorCount = z.number().int().min(0).max(2 ** 31 - 1);

/** Cursor of a period sorted by upvotes: ['u', upvotes, joinedAt, id]. */
export const upvotedCursor = z.tuple([z.literal('u'), cursorCount, cursorText(0, 40), cursorText(1, 40)]);
/** Cursor of a period sorted by date: ['d', feedDate, id]. */
export const datedCursor = z.tuple([z.literal('d'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/), cursorText(1, 40)]);
/** Cursor of search results: ['s', offset]. Search pages by position: relevance has no stable key. */
export const searchCursor = z.tuple([z.literal('s'), z.number().int().min(1).max(10_000)]);
/** Cursor of an author's or org's papers: ['p', offset]. Their store lists page by position (newest first). */
export const offsetCursor = z.tuple([z.literal('p'), z.number().int().min(1).max(2 ** 31 - 1)]);
