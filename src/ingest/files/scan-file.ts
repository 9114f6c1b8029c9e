import { createReadStream } from 'node:fs';
import { InvalidInputError } from '../../domain/errors.js';

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
  /** Progress: called after each read with the bytes read so far from this file. */
  onBytes?: (bytesRead: number) => void;
}

/** 1 MiB reads: on a 1.6 GB JSONL file 64 KiB reads took 1.7-2.5 s vs 0.9-1.6 s; 4 MiB gained nothing. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Streams a file through a scanner. A chunk's items are collected first and then yielded:
 * one async step per chunk instead of one per item measured about 15% faster.
 * Throws InvalidInputError when the file is missing or not a readable regular file.
 */
export async function* scanFile<T>(path: string, scanner: ChunkScanner<T>, options: ScanFileOptions = {}): AsyncGenerator<T> {
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? CHUNK_BYTES });
  let bytesRead = 0;
  try {
    for await (const chunk of stream) {
      bytesRead += (chunk as Buffer).length;
      options.onBytes?.(bytesRead);
      const batch = scanner.push(chunk as Buffer);
      for (const item of batch) yield item;
      if (scanner.failed) return;
    }
  } catch (err) {
    throw fileError(path, err);
  } finally {
    stream.destroy();
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
