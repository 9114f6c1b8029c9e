import { tryParseArxivId } from '../../domain/arxiv-id.js';
import { toIsoDateTime } from '../../domain/dates.js';

/**
 * Field readers shared by the file formats. A mapper calls them on untrusted JSON and they
 * throw RecordRejected with a reason naming the field; the caller turns it into a Rejection.
 * Throwing keeps each mapper a straight list of fields instead of a ladder of checks.
 */

export type JsonObject = Record<string, unknown>;

export class RecordRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RecordRejected';
  }
}

export function reject(reason: string): never {
  throw new RecordRejected(reason);
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short, safe rendering of a bad value for a reason string. */
export function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}

/** Parses an arXiv id field: missing, non-string and malformed ids reject the record. */
export function arxivIdField(v: unknown, label = 'id'): { id: string; version: number | null } {
  if (v === undefined || v === null || v === '') reject(`missing ${label}`);
  if (typeof v !== 'string' && typeof v !== 'number') reject(`${label} is not a string: ${show(v)}`);
  // Numbers happen when a spreadsheet round-trips ids (2401.01234 as a float): take the text.
  const parsed = tryParseArxivId(String(v));
  if (typeof parsed === 'string') reject(parsed);
  return { id: parsed.id, version: parsed.version };
}

/** An optional date (ISO 8601, YYYY-MM-DD or RFC 2822) -> ISO UTC; present but unparseable rejects. */
export function dateField(v: unknown, label: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  const iso = toIsoDateTime(v);
  if (iso === null) reject(`${label} is not a date: ${show(v)}`);
  return iso;
}

/** An optional count; range and integrality are checked by validateRecord. */
export function countField(v: unknown, label: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number') reject(`${label} is not a number: ${show(v)}`);
  return v;
}

/** Author names from a list of strings or `{name}` objects (the daily-papers Author shape). */
export function authorNames(v: unknown): unknown[] {
  if (!Array.isArray(v)) return [];
  return v.map((a) => (isObject(a) ? a.name : a));
}
