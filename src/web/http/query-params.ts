import { z } from 'zod';
import { InvalidInputError } from '../../domain/errors.js';

/**
 * Query-string values, validated the same way on every JSON API: they arrive as strings, and a
 * repeated parameter arrives as an array, which is refused like any other bad value.
 */

/** A whole number in [min, max]; a missing value takes `fallback`. */
export function wholeNumberParam(min: number, max: number, fallback: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string({ error: message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .optional()
    .transform((v) => v ?? fallback);
}

/** Text given once, at most `max` characters. */
export function textParamOf(max: number) {
  return z.string({ error: 'must be given once, as text' }).max(max, `must be at most ${max} characters`);
}

/**
 * Row ids (comments, moderation log entries, API tokens) are PostgreSQL `serial`, int4: 1 to
 * 2^31-1. A larger number, `1.5`, `1e999` or `abc` names no row, and sent to PostgreSQL as an
 * int4 it failed the query with a 500 (SQLite just found nothing).
 */
export const MAX_ROW_ID = 2 ** 31 - 1;

/** A row id from a path, query or form value, or undefined when the value is not one. */
export function rowIdOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= MAX_ROW_ID ? id : undefined;
}

/** rowIdOf, or a 400 that names the parameter. */
export function rowIdParam(name: string, value: unknown): number {
  const id = rowIdOf(value);
  if (id === undefined) throw new InvalidInputError(`${name}: must be a whole number from 1 to ${MAX_ROW_ID}`, 'invalid_parameter');
  return id;
}
