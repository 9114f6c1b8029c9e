import { InvalidInputError } from '../../domain/errors.js';
import { damagedFileError, type FileBytes, openFileBytes } from './compressed-file.js';

/** Turns byte chunks into items; `end` flushes what is left when the file ends. */
export interface ChunkScanner<T> {
  push(chunk: Buffer): T[];
  end(): T | null;
  /** Set when the scanner met an error it cannot step over: reading stops. */
  readonly failed?: boolean;
}

export interface ScanFileOptions {
  /** Read size; tests use tiny chunks to exercise items split across reads. */
  chunkBytes?: number;
  /** Progress: called after each read with the bytes read so far from this file (compressed bytes of a compressed file). */
  onBytes?: (bytesRead: number) => void;
}

/** 1 MiB reads: on a 1.6 GB JSONL file 64 KiB reads took 1.7-2.5 s vs 0.9-1.6 s; 4 MiB gained nothing. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Streams a file (plain, gzip or xz: compressed-file.ts) through a scanner. A chunk's items are
 * collected first and then yielded: one async step per chunk instead of one per item measured
 * about 15% faster. Throws InvalidInputError when the file is missing, not a readable regular
 * file, or damaged compressed data.
 */
export async function* scanFile<T>(path: string, scanner: ChunkScanner<T>, options: ScanFileOptions = {}): AsyncGenerator<T> {
  let file: FileBytes;
  try {
    file = await openFileBytes(path, options.chunkBytes ?? CHUNK_BYTES);
  } catch (err) {
    throw fileError(path, err);
  }
  try {
    for await (const chunk of file.stream) {
      options.onBytes?.(file.fileBytesRead());
      const batch = scanner.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      for (const item of batch) yield item;
      if (scanner.failed) return;
    }
  } catch (err) {
    const mapped = fileError(path, err);
    throw mapped === err && file.compression ? damagedFileError(path, file.compression, err) : mapped;
  } finally {
    file.stream.destroy();
  }
  const last = scanner.end();
  if (last) yield last;
}

/** Turns fs errors into messages a user can act on; other errors pass through. */
export function fileError(path: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new InvalidInputError(`no such file: ${path}`, 'file_not_found');
  if (code === 'EISDIR') return new InvalidInputError(`${path} is a directory, expected a file`, 'file_not_found');
  if (code === 'EACCES') return new InvalidInputError(`cannot read ${path}: permission denied`, 'file_not_readable');
  return err;
}
