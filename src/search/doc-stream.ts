/**
 * Each document's tokens as term ids, in order, field after field (a forward index). It is
 * what phrase queries are checked against, and what compaction rebuilds postings from, so the
 * index never needs the papers' text again.
 *
 * Why a forward index rather than positions in the postings: a phrase is only checked for the
 * few documents that could enter the top k (the top-k loop bounds the score first), so reading
 * one document's ~230 tokens is cheap; positions in postings would cost as much memory
 * (one entry per token either way) and slow every list decode. Stopwords live here only.
 *
 * Encoding: per token a varint of (termId · 2 + stacked) + 1; a 0 byte ends a field. Term ids
 * are given in first-seen order, so common words get small ids (1-2 bytes): 369 bytes a paper
 * on 1M grown papers, half of the index. That is the price of exact phrases and of compaction
 * without the papers' text.
 */
import { FIELDS } from './bm25.js';

/** A growable byte buffer of varints. */
export class ByteWriter {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  /** Writes v (0 <= v < 2^32) in 7-bit groups, low first. */
  varint(v: number): void {
    if (this.length + 5 > this.bytes.length) this.grow(this.length + 5);
    const b = this.bytes;
    while (v >= 0x80) {
      b[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[this.length++] = v;
  }

  /** The written bytes, trimmed (a copy). */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private grow(need: number): void {
    // x1.5 rather than x2: at 1M documents the stream is ~370 MB, and doubling would peak near 1 GB.
    const next = new Uint8Array(Math.max(need, Math.floor(this.bytes.length * 1.5)));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}

export function encodeToken(termId: number, stacked: boolean): number {
  return termId * 2 + (stacked ? 1 : 0) + 1;
}

/** Calls visit(field, termId, stacked) for each token of the document at `at`; returns the end offset. */
export function readDoc(bytes: Uint8Array, at: number, visit: (field: number, termId: number, stacked: boolean) => void): number {
  let field = 0;
  while (field < FIELDS) {
    let v = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[at++]!;
      v += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    if (v === 0) field++;
    else visit(field, Math.floor((v - 1) / 2), ((v - 1) & 1) === 1);
  }
  return at;
}

/** Reusable arrays for phrase checks: term at each position, and a stacked alternative. */
export class PhraseScratch {
  primary = new Int32Array(256);
  alternative = new Int32Array(256);

  ensure(n: number): void {
    if (n <= this.primary.length) return;
    const size = Math.max(n, this.primary.length * 2);
    const p = new Int32Array(size);
    p.set(this.primary);
    const a = new Int32Array(size);
    a.set(this.alternative);
    this.primary = p;
    this.alternative = a;
  }
}

/**
 * Whether the document at `at` holds `phrase` (term ids) at consecutive positions within one
 * field. A stacked token (joined hyphen form, bare arXiv id) may stand for the position it
 * follows: "fill-in-the-middle models" matches both "fill in the middle model" and
 * "fillinthemiddle models".
 */
export function hasPhrase(bytes: Uint8Array, at: number, phrase: Int32Array, scratch: PhraseScratch): boolean {
  let n = 0;
  let found = false;
  let currentField = 0;
  readDoc(bytes, at, (field, id, stacked) => {
    if (found) return;
    if (field !== currentField) {
      found = matchAt(scratch, n, phrase);
      currentField = field;
      n = 0;
      if (found) return;
    }
    if (stacked) {
      if (n > 0 && scratch.alternative[n - 1] === -1) scratch.alternative[n - 1] = id;
      return;
    }
    scratch.ensure(n + 1);
    scratch.primary[n] = id;
    scratch.alternative[n++] = -1;
  });
  return found || matchAt(scratch, n, phrase);
}

function matchAt(scratch: PhraseScratch, n: number, phrase: Int32Array): boolean {
  const { primary, alternative } = scratch;
  const len = phrase.length;
  for (let start = 0; start + len <= n; start++) {
    let j = 0;
    while (j < len && (primary[start + j] === phrase[j] || alternative[start + j] === phrase[j])) j++;
    if (j === len) return true;
  }
  return false;
}
