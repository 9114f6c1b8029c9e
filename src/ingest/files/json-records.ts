import { basename } from 'node:path';
import type { PaperRecord, SourceItem } from '../../domain/paper.js';
import { isObject, RecordRejected, type JsonObject } from './fields.js';
import { readJsonValues } from './read-json-values.js';
import { readLines, MAX_LINE_BYTES } from './read-lines.js';
import { sniffFile } from './sniff.js';

/**
 * The loop every file format shares: JSON text -> object -> the format's mapper ->
 * a record or a numbered Rejection, in input order. Validation is the pipeline's (one gate for
 * every source); records carry `at` so its rejections name the line.
 */

export interface ReadFileOptions {
  /** Provenance stored on each record; defaults to the file's basename. */
  sourceRef?: string;
  /** Longer lines/records are rejected without being parsed (default 1 MiB). */
  maxRecordBytes?: number;
  /** Read size, for tests. */
  chunkBytes?: number;
  /** Progress: called after each read with the bytes read so far from this file (for a progress bar). */
  onBytes?: (bytesRead: number) => void;
}

/** Builds a record from one parsed object; throws RecordRejected (see fields.ts) to refuse it. */
export type RecordMapper = (obj: JsonObject) => PaperRecord;

interface Context {
  map: RecordMapper;
  sourceRef: string;
}

function contextOf(path: string, map: RecordMapper, options: ReadFileOptions): Context {
  return { map, sourceRef: options.sourceRef ?? basename(path) };
}

/**
 * Any JSON layout: a file starting with `[` (or a `{` alone on its line) is streamed as JSON
 * values (`record N`), anything else as JSON Lines (`line N`). Every format accepts both, so
 * a saved API array and its JSONL conversion read the same.
 */
export async function* recordsFromJsonFile(path: string, map: RecordMapper, options: ReadFileOptions = {}): AsyncGenerator<SourceItem> {
  const head = await sniffFile(path);
  if (head.layout === 'values') yield* recordsFromJsonValues(path, map, options);
  else yield* recordsFromJsonLines(path, map, options);
}

/** JSON Lines: one object a line; `at` is `line N`. */
export async function* recordsFromJsonLines(path: string, map: RecordMapper, options: ReadFileOptions = {}): AsyncGenerator<SourceItem> {
  const ctx = contextOf(path, map, options);
  const maxLineBytes = options.maxRecordBytes ?? MAX_LINE_BYTES;
  for await (const item of readLines(path, { maxLineBytes, chunkBytes: options.chunkBytes, onBytes: options.onBytes })) {
    const at = `line ${item.lineNo}`;
    if (item.line === null) yield oversized(at, item.bytes, maxLineBytes);
    else yield toSourceItem(at, item.line, ctx);
  }
}

/** A JSON array (or arrays, or pretty-printed objects); `at` is `record N`, 1-based. */
export async function* recordsFromJsonValues(path: string, map: RecordMapper, options: ReadFileOptions = {}): AsyncGenerator<SourceItem> {
  const ctx = contextOf(path, map, options);
  const maxValueBytes = options.maxRecordBytes ?? MAX_LINE_BYTES;
  for await (const item of readJsonValues(path, { maxValueBytes, chunkBytes: options.chunkBytes, onBytes: options.onBytes })) {
    const at = `record ${item.recordNo}`;
    if (item.kind === 'oversized') yield oversized(at, item.bytes, maxValueBytes);
    else if (item.kind === 'error') yield { rejected: { at, reason: item.message } };
    else yield toSourceItem(at, item.text, ctx);
  }
}

function oversized(at: string, bytes: number, max: number): SourceItem {
  return { rejected: { at, reason: `record too large: ${bytes} bytes (limit ${max}); not parsed` } };
}

function toSourceItem(at: string, text: string, ctx: Context): SourceItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { rejected: { at, reason: `malformed JSON: ${message.length > 160 ? `${message.slice(0, 160)}...` : message}` } };
  }
  if (!isObject(value)) {
    return { rejected: { at, reason: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` } };
  }
  let record: PaperRecord;
  try {
    record = ctx.map(value);
    record.sourceRef = ctx.sourceRef;
  } catch (err) {
    if (err instanceof RecordRejected) return { rejected: { at, reason: err.reason } };
    throw err;
  }
  return { record, at };
}
