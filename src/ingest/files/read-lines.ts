import { scanFile, type ChunkScanner, type ScanFileOptions } from './scan-file.js';

/**
 * A streaming line reader for multi-GB JSONL files (the arXiv snapshot is about 4 GB).
 *
 * Why a hand-written splitter and not `readline`: on a 1.6 GB, 1,000,000-line JSONL file
 * (Node 20, 2 vCPU, page cache warm), counting lines took
 *   readline over createReadStream (utf8, highWaterMark 1 MiB)       9.6-11.3 s
 *   this splitter, one `yield*` of a sync generator per chunk        1.4-1.9 s
 *   this splitter, lines of a chunk collected then yielded (kept)   1.2-1.3 s
 *   the same splitter in a plain sync loop (no async iteration)      1.0-1.3 s
 *   fs.promises FileHandle.read into one reused 1 MiB buffer         1.7-1.8 s
 * and JSON.parse of every line adds about 2.7 s on top, so reading lines is not the bottleneck.
 * Memory stays flat (rss about 100 MB) whatever the file size: at most one chunk plus one
 * partial line (capped at maxLineBytes) is held.
 */

/** Longest line we decode. Real snapshot lines are 1-10 KB; 1 MiB is 100x headroom and bounds memory. */
export const MAX_LINE_BYTES = 1024 * 1024;
const LF = 10;

/**
 * One non-blank line. `lineNo` is the 1-based physical line number (blank lines count, so it
 * matches what an editor shows). `line` is null when the line was longer than maxLineBytes:
 * its `bytes` were skipped without being decoded.
 */
export type LineItem = { lineNo: number; line: string } | { lineNo: number; line: null; bytes: number };

export interface ReadLinesOptions extends ScanFileOptions {
  maxLineBytes?: number;
}

/**
 * Yields the non-blank lines of a UTF-8 file in order: LF or CRLF endings, a leading BOM
 * dropped, a last line without newline included, whitespace-only lines skipped.
 * Throws InvalidInputError when the file is missing or not a regular file.
 */
export function readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<LineItem> {
  return scanFile(path, new LineSplitter(options.maxLineBytes ?? MAX_LINE_BYTES), options);
}

/** Splits byte chunks into lines. Lines are decoded only once complete, so multi-byte UTF-8 never breaks. */
export class LineSplitter implements ChunkScanner<LineItem> {
  private lineNo = 0;
  /** Bytes of the line in progress from earlier chunks (copies: chunk buffers may be reused). */
  private parts: Buffer[] = [];
  private partBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): LineItem[] {
    const out: LineItem[] = [];
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf(LF, start)) !== -1) {
      this.lineNo++;
      const item = this.finish(chunk, start, nl);
      if (item) out.push(item);
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.length - start;
      // Past the limit, only count the bytes: the line will be reported, never decoded.
      if (this.partBytes + rest <= this.maxLineBytes) this.parts.push(Buffer.from(chunk.subarray(start)));
      else this.parts = [];
      this.partBytes += rest;
    }
    return out;
  }

  /** The last line when the file does not end with a newline. */
  end(): LineItem | null {
    if (this.partBytes === 0) return null;
    this.lineNo++;
    return this.finish(Buffer.alloc(0), 0, 0);
  }

  private finish(chunk: Buffer, start: number, end: number): LineItem | null {
    const bytes = this.partBytes + (end - start);
    const lineNo = this.lineNo;
    if (bytes > this.maxLineBytes) {
      this.parts = [];
      this.partBytes = 0;
      return { lineNo, line: null, bytes };
    }
    let line: string;
    if (this.parts.length === 0) line = chunk.toString('utf8', start, end);
    else {
      this.parts.push(chunk.subarray(start, end));
      line = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
    }
    this.partBytes = 0;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    // Cheap test first: only lines starting with whitespace can be blank.
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return null;
    return { lineNo, line };
  }
}
