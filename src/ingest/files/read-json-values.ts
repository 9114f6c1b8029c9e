import { MAX_LINE_BYTES } from './read-lines.js';
import { scanFile, type ChunkScanner, type ScanFileOptions } from './scan-file.js';

/**
 * Streams the values of a JSON file without parsing the whole file: the elements of a
 * top-level array (a saved `/api/daily_papers` response), of several arrays one after
 * another (`cat page-*.json`), or top-level objects one after another (a pretty-printed
 * `/api/papers/{id}` response). Each value's text is cut out by a byte scanner that tracks
 * only strings and bracket depth; JSON.parse does the real parsing, one value at a time.
 *
 * Memory: one chunk plus one value (capped at maxValueBytes), whatever the file size.
 * Speed: about 520 MB/s (630 MB array of 200,000 Items in 1.2 s), so JSON.parse and mapping
 * (4.3 s for the same file end to end) dominate.
 * A structural error that the scanner cannot step over (text outside any array or object,
 * a file ending inside a value) ends the stream with an `error` item.
 */

export type JsonValueItem =
  | { kind: 'value'; recordNo: number; lineNo: number; text: string }
  | { kind: 'oversized'; recordNo: number; lineNo: number; bytes: number }
  | { kind: 'error'; recordNo: number; lineNo: number; message: string };

export interface ReadJsonValuesOptions extends ScanFileOptions {
  /** Values longer than this are reported, not decoded (default 1 MiB, as for lines). */
  maxValueBytes?: number;
}

const enum B { LF = 10, SPACE = 32, QUOTE = 34, COMMA = 44, LBRACKET = 91, BACKSLASH = 92, RBRACKET = 93, LBRACE = 123, RBRACE = 125 }
/** Where the scanner is: between top-level values, inside a top-level object, at element level in an array. */
const enum Mode { Top, Object, Array }

export function readJsonValues(path: string, options: ReadJsonValuesOptions = {}): AsyncGenerator<JsonValueItem> {
  return scanFile(path, new JsonValueScanner(options.maxValueBytes ?? MAX_LINE_BYTES), options);
}

function indexOrEnd(chunk: Buffer, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}

export class JsonValueScanner implements ChunkScanner<JsonValueItem> {
  failed = false;
  private mode = Mode.Top;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private lineNo = 1;
  private recordNo = 0;
  private atFileStart = true;
  /** The value in progress: started?, its first line, bytes from earlier chunks. */
  private open = false;
  private valueLine = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;

  constructor(private readonly maxValueBytes: number) {}

  push(chunk: Buffer): JsonValueItem[] {
    const out: JsonValueItem[] = [];
    let i = 0;
    if (this.atFileStart) {
      this.atFileStart = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // UTF-8 BOM
    }
    let segStart = this.open ? 0 : -1;
    const n = chunk.length;
    // Next `"` and `\` at or after i, found with (native) indexOf and reused until passed.
    let nextQuote = -1;
    let nextEscape = -1;
    for (; i < n; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Jump over string content: most bytes are abstracts; this took the scan of the
        // file above from 2.9 s (byte loop) to 1.2 s. Valid JSON strings hold no raw
        // newline, so no line is missed.
        if (nextQuote < i) nextQuote = indexOrEnd(chunk, B.QUOTE, i);
        if (nextEscape < i) nextEscape = indexOrEnd(chunk, B.BACKSLASH, i);
        i = Math.min(nextQuote, nextEscape);
        if (i >= n) break;
        if (i === nextEscape) this.escaped = true;
        else this.inString = false;
        continue;
      }
      const b = chunk[i] as number;
      if (b === B.LF) this.lineNo++;
      const blank = b <= B.SPACE;
      if (this.mode === Mode.Top) {
        if (blank) continue;
        if (b === B.LBRACKET) { this.mode = Mode.Array; continue; }
        if (b === B.LBRACE) { this.mode = Mode.Object; this.depth = 1; segStart = this.begin(i); continue; }
        this.failed = true;
        out.push({ kind: 'error', recordNo: this.recordNo + 1, lineNo: this.lineNo, message: `unexpected ${JSON.stringify(String.fromCharCode(b))} at line ${this.lineNo}: expected a JSON array or object` });
        return out;
      }
      if (this.mode === Mode.Array && this.depth === 0) {
        if (b === B.COMMA || b === B.RBRACKET) {
          // A value ends; an empty slot (`[]`, a trailing comma) is no record.
          if (this.open) out.push(this.close(chunk, segStart, i));
          segStart = -1;
          if (b === B.RBRACKET) this.mode = Mode.Top;
          continue;
        }
        if (blank) continue;
        if (!this.open) segStart = this.begin(i);
      }
      if (b === B.QUOTE) this.inString = true;
      else if (b === B.LBRACE || b === B.LBRACKET) this.depth++;
      else if ((b === B.RBRACE || b === B.RBRACKET) && this.depth > 0) {
        this.depth--;
        if (this.mode === Mode.Object && this.depth === 0) {
          out.push(this.close(chunk, segStart, i + 1));
          segStart = -1;
          this.mode = Mode.Top;
        }
      }
    }
    if (this.open && segStart >= 0) this.keep(chunk.subarray(segStart));
    return out;
  }

  /** Called at end of file: an unfinished value or array is an error. */
  end(): JsonValueItem | null {
    if (this.failed) return null;
    if (this.mode === Mode.Top) return null;
    const recordNo = this.open ? this.recordNo : this.recordNo + 1;
    const where = this.mode === Mode.Array && !this.open ? 'the JSON array' : `record ${recordNo}`;
    return { kind: 'error', recordNo, lineNo: this.open ? this.valueLine : this.lineNo, message: `file ends inside ${where} (truncated or unbalanced JSON)` };
  }

  private begin(i: number): number {
    this.open = true;
    this.recordNo++;
    this.valueLine = this.lineNo;
    this.parts = [];
    this.partBytes = 0;
    return i;
  }

  /** Keeps the in-progress value's bytes of this chunk; past the limit only their count. */
  private keep(bytes: Buffer): void {
    if (this.partBytes + bytes.length <= this.maxValueBytes) this.parts.push(Buffer.from(bytes));
    else this.parts = [];
    this.partBytes += bytes.length;
  }

  private close(chunk: Buffer, segStart: number, end: number): JsonValueItem {
    const tail = chunk.subarray(Math.max(segStart, 0), end);
    const bytes = this.partBytes + tail.length;
    const base = { recordNo: this.recordNo, lineNo: this.valueLine };
    this.open = false;
    const parts = this.parts;
    this.parts = [];
    this.partBytes = 0;
    if (bytes > this.maxValueBytes) return { kind: 'oversized', ...base, bytes };
    const text = parts.length === 0 ? tail.toString('utf8') : Buffer.concat([...parts, tail]).toString('utf8');
    // An array element runs up to the `,` or `]`: drop the whitespace before it.
    return { kind: 'value', ...base, text: text.trimEnd() };
  }
}
