import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PaperboyError } from '../domain/errors.js';
import type { Dialect } from '../store/database.js';

/**
 * The export archive: gzip'd JSON Lines.
 *
 *   {"format":"paperboy-export","version":1,"dialect":"sqlite","migrations":[...],"createdAt":"..."}
 *   {"table":"papers","columns":["abstract",...],"bytes":[]}        section header, columns by name
 *   ["Abstract text", ...]                                          one row: values in column order,
 *   ...                                                             bytes columns base64
 *   {"end":"papers","rows":1234,"checksum":"9f…"}                   section trailer
 *   ...one section per table, in foreign-key order...
 *   {"trailer":true,"tables":36,"rows":56789,"counters":{"users":12,...}}
 *
 * Gzip's CRC catches a flipped byte, a missing trailer catches a cut file, and each section's
 * count and checksum catch rows lost or changed on either side of the move.
 */
export const ARCHIVE_FORMAT = 'paperboy-export';
export const ARCHIVE_VERSION = 1;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  dialect: Dialect;
  /** Migrations applied to the exported store: restore needs a store that knows them all. */
  migrations: string[];
  createdAt: string;
}

export interface SectionHeader {
  table: string;
  columns: string[];
  /** The columns holding bytes (base64 in the archive). */
  bytes: string[];
}

export interface SectionEnd {
  end: string;
  rows: number;
  checksum: string;
}

export interface ArchiveTrailer {
  trailer: true;
  tables: number;
  rows: number;
  /** Per table with an id counter: the highest id it handed out, so ids are never handed out twice. */
  counters: Record<string, number>;
}

/** A row as the archive writes it: values in `columns` order, bytes as base64. */
export function encodeRow(row: Record<string, unknown>, columns: string[], bytes: ReadonlySet<string>): unknown[] {
  return columns.map((c) => {
    const v = row[c];
    if (v === null || v === undefined) return null;
    if (bytes.has(c)) return Buffer.from(v as Uint8Array).toString('base64');
    if (typeof v === 'bigint') return Number(v);
    return v;
  });
}

/** An archive row back into values to insert: base64 back into bytes. */
export function decodeRow(values: unknown[], columns: string[], bytes: ReadonlySet<string>): unknown[] {
  return values.map((v, i) => (v !== null && bytes.has(columns[i]!) ? Buffer.from(v as string, 'base64') : v));
}

const MOD = 1n << 256n;

/**
 * A table's checksum: the sum, modulo 2^256, of the SHA-256 of each row's canonical JSON (values
 * in column-name order, bytes base64). A sum, not a hash of the concatenation, because the two
 * dialects page text keys in different orders (PostgreSQL sorts by the database's collation,
 * SQLite by bytes); any row added, lost or changed still changes it.
 */
export class TableChecksum {
  rows = 0;
  private sum = 0n;

  add(encoded: unknown[]): void {
    this.addLine(JSON.stringify(encoded));
  }

  addLine(line: string): void {
    this.rows++;
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(line).digest('hex')}`)) % MOD;
  }

  get hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

/** The archive is not one we can restore: damaged, cut short, or from another format or version. */
export class ArchiveError extends PaperboyError {
  constructor(message: string) {
    super('bad_archive', message);
    this.name = 'ArchiveError';
  }
}

/** The archive's lines, parsed, from a gzip'd file; a damaged file ends in an ArchiveError. */
export async function* readArchiveLines(file: string): AsyncGenerator<unknown> {
  // pipeline() destroys every stage when one fails; readline hands the failure to the loop below.
  const input = pipeline(createReadStream(file), createGunzip(), () => undefined);
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('error', () => undefined); // also re-emitted here after the loop has ended
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new ArchiveError(`line ${n} is not JSON: the archive is damaged or cut short`);
      }
      yield value;
    }
  } catch (err) {
    if (err instanceof PaperboyError) throw err;
    throw new ArchiveError(`the archive is damaged or cut short (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    lines.close();
    input.destroy();
  }
}

export function isSectionHeader(v: unknown): v is SectionHeader {
  return typeof v === 'object' && v !== null && typeof (v as SectionHeader).table === 'string' && Array.isArray((v as SectionHeader).columns) && Array.isArray((v as SectionHeader).bytes);
}

export function isSectionEnd(v: unknown): v is SectionEnd {
  return typeof v === 'object' && v !== null && typeof (v as SectionEnd).end === 'string' && typeof (v as SectionEnd).rows === 'number' && typeof (v as SectionEnd).checksum === 'string';
}

export function isTrailer(v: unknown): v is ArchiveTrailer {
  return typeof v === 'object' && v !== null && (v as ArchiveTrailer).trailer === true && typeof (v as ArchiveTrailer).counters === 'object';
}

/** Checks the first line; returns the header or throws an ArchiveError saying what is wrong. */
export function checkHeader(v: unknown): ArchiveHeader {
  const h = v as Partial<ArchiveHeader> | undefined;
  if (!h || typeof h !== 'object' || h.format !== ARCHIVE_FORMAT) throw new ArchiveError('not a Paperboy export (its first line is not an export header)');
  if (h.version !== ARCHIVE_VERSION) throw new ArchiveError(`archive format version ${String(h.version)}; this Paperboy reads version ${ARCHIVE_VERSION}`);
  if (!Array.isArray(h.migrations)) throw new ArchiveError('the archive header lists no migrations');
  return h as ArchiveHeader;
}
