import { z } from 'zod';

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
