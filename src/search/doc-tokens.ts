/**
 * One document's tokens as term ids, whatever they come from (text, a stored stream, another
 * segment during compaction), and the BM25F weighting of its terms. Reused document after
 * document: its arrays grow to the largest document and stay.
 */
import { grown } from './grow.js';
import { FIELDS } from './bm25.js';
import { ByteWriter, encodeToken, readDoc } from './doc-stream.js';
import type { Segment } from './segment.js';
import type { TermIdScanner } from './tokenizer.js';

/**
 * Tokens kept per field: arXiv caps abstracts at 1,920 characters (~300 words), the largest
 * author lists (ATLAS, CMS) have ~3,000 names; 8,192 keeps all of that and bounds what one
 * malformed record can cost (a 10 MB "abstract" would otherwise be 1.5M postings).
 */
export const MAX_FIELD_TOKENS = 8_192;

export class DocTokens {
  ids = new Int32Array(1024);
  /** field << 1 | stacked, per token. */
  flags = new Uint8Array(1024);
  count = 0;
  /** Positions (non-stacked tokens) per field: BM25's document length. */
  readonly lengths = new Uint32Array(FIELDS);
  private field = 0;
  private readonly sink = (id: number, stacked: boolean): void => {
    if (this.lengths[this.field]! < MAX_FIELD_TOKENS) this.push(id, this.field, stacked);
  };

  /** Tokenizes the fields' texts (title, abstract, authors, id) into the scanner's term ids. */
  fromText(fields: readonly string[], scanner: TermIdScanner): this {
    this.reset();
    for (let f = 0; f < FIELDS; f++) {
      this.field = f;
      const text = fields[f];
      if (text) scanner.scan(text, this.sink);
    }
    return this;
  }

  /** Reads a stored stream (doc-stream.ts) at `at`. */
  fromStream(bytes: Uint8Array, at: number): this {
    this.reset();
    readDoc(bytes, at, (field, id, stacked) => this.push(id, field, stacked));
    return this;
  }

  /** Reads a document of another segment, mapping its term ids with `map`. */
  fromSegment(segment: Segment, doc: number, map: (id: number) => number): this {
    this.reset();
    segment.forEachToken(doc, (field, id, stacked) => this.push(map(id), field, stacked));
    return this;
  }

  /** Appends the stream encoding: tokens field by field, a 0 after each field. */
  writeTo(out: ByteWriter): void {
    let field = 0;
    for (let i = 0; i < this.count; i++) {
      const f = this.flags[i]! >> 1;
      for (; field < f; field++) out.varint(0);
      out.varint(encodeToken(this.ids[i]!, (this.flags[i]! & 1) === 1));
    }
    for (; field < FIELDS; field++) out.varint(0);
  }

  /**
   * Adds each token's field norm to acc[term] (tf~ of BM25F) for terms with postings; terms
   * seen for the first time in this document are appended to `touched`.
   */
  weigh(norms: Float64Array, hasPostings: (id: number) => boolean, acc: Float64Array, touched: number[]): void {
    for (let i = 0; i < this.count; i++) {
      const id = this.ids[i]!;
      if (!hasPostings(id)) continue;
      if (acc[id] === 0) touched.push(id);
      acc[id]! += norms[this.flags[i]! >> 1]!;
    }
  }

  private reset(): void {
    this.count = 0;
    this.lengths.fill(0);
  }

  private push(id: number, field: number, stacked: boolean): void {
    if (this.count === this.ids.length) {
      this.ids = grown(this.ids);
      this.flags = grown(this.flags);
    }
    this.ids[this.count] = id;
    this.flags[this.count++] = (field << 1) | (stacked ? 1 : 0);
    if (!stacked) this.lengths[field]!++;
  }
}
