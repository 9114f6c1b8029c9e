/**
 * The vector index's scans as plain functions over its arrays, so the serving thread and the
 * vector worker (which sees the same arrays in shared memory) run the same code.
 */
import { TopK } from './top-k.js';

/** Sketch bits a vector (4 words). */
export const SKETCH_BITS = 128;
export const SKETCH_WORDS = SKETCH_BITS / 32;

/** The vector index's storage; in SharedArrayBuffers, so a worker thread reads it without a copy. */
export interface VectorArrays {
  dims: number;
  /** doc * dims int8 codes. */
  codes: Int8Array;
  /** Per doc: its scale, 0 when it has no vector. */
  scales: Float32Array;
  /** doc * SKETCH_WORDS sign bits. */
  sketches: Uint32Array;
}

export interface ScanRequest {
  query: Float64Array;
  /** The query's sketch; null asks for an exact scan. */
  sketch: Uint32Array | null;
  k: number;
  /** Docs re-scored exactly after the sketch pass. */
  wanted: number;
  /** Bitset words of the docs to keep, or null for all. */
  filter: Uint32Array | null;
  skip: number;
}

export interface VectorHit {
  doc: number;
  score: number;
}

/** Set bits of every 16-bit number: two lookups a word beat bit-twiddling popcount in V8 by ~1.5x (measured at 1M sketches). */
const BITS = Uint8Array.from({ length: 65_536 }, (_, i) => {
  let n = 0;
  for (let x = i; x !== 0; x &= x - 1) n++;
  return n;
});

/** The k best docs for the request: every doc scored (exact), or the sketch pass then the closest `wanted` scored. */
export function scan(a: VectorArrays, r: ScanRequest, scratch: { distances: Uint8Array }): VectorHit[] {
  const heap = new TopK(r.k);
  if (r.sketch === null) {
    for (let doc = 0; doc < a.scales.length; doc++) if (keeps(a, r, doc)) heap.push(score(a, r.query, doc), doc);
  } else {
    const candidates = closest(a, r, scratch);
    for (let i = 0; i < candidates.length; i++) heap.push(score(a, r.query, candidates[i]!), candidates[i]!);
  }
  return heap.sorted().map(({ score: s, order }) => ({ doc: order, score: s }));
}

function keeps(a: VectorArrays, r: ScanRequest, doc: number): boolean {
  return a.scales[doc] !== 0 && doc !== r.skip && (r.filter === null || ((r.filter[doc >>> 5] ?? 0) & (1 << (doc & 31))) !== 0);
}

export function score(a: VectorArrays, query: Float64Array, doc: number): number {
  const dims = a.dims;
  const codes = a.codes;
  const o = doc * dims;
  // Four partial sums: independent adds pipeline (~2x over one running sum, measured).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < dims; i += 4) {
    s0 += query[i]! * codes[o + i]!;
    s1 += query[i + 1]! * codes[o + i + 1]!;
    s2 += query[i + 2]! * codes[o + i + 2]!;
    s3 += query[i + 3]! * codes[o + i + 3]!;
  }
  for (; i < dims; i++) s0 += query[i]! * codes[o + i]!;
  return (s0 + s1 + s2 + s3) * a.scales[doc]!;
}

/** About `wanted` docs with the smallest sketch distance to the query (histogram, no heap). */
function closest(a: VectorArrays, r: ScanRequest, scratch: { distances: Uint8Array }): Int32Array {
  const q = r.sketch!;
  const [q0, q1, q2, q3] = [q[0]!, q[1]!, q[2]!, q[3]!];
  const n = a.scales.length;
  if (scratch.distances.length < n) scratch.distances = new Uint8Array(n);
  const dist = scratch.distances;
  const hist = new Uint32Array(SKETCH_BITS + 2);
  const sk = a.sketches;
  for (let doc = 0; doc < n; doc++) {
    if (!keeps(a, r, doc)) {
      dist[doc] = 255;
      continue;
    }
    const o = doc * SKETCH_WORDS;
    const x0 = sk[o]! ^ q0;
    const x1 = sk[o + 1]! ^ q1;
    const x2 = sk[o + 2]! ^ q2;
    const x3 = sk[o + 3]! ^ q3;
    const d = BITS[x0 & 0xffff]! + BITS[x0 >>> 16]! + BITS[x1 & 0xffff]! + BITS[x1 >>> 16]! + BITS[x2 & 0xffff]! + BITS[x2 >>> 16]! + BITS[x3 & 0xffff]! + BITS[x3 >>> 16]!;
    dist[doc] = d;
    hist[d]!++;
  }
  // Every doc closer than `limit`, then docs at exactly `limit` until `wanted` (ties are many).
  let limit = 0;
  let closer = 0;
  for (; limit <= SKETCH_BITS && closer + hist[limit]! < r.wanted; limit++) closer += hist[limit]!;
  const out = new Int32Array(Math.min(r.wanted, closer + hist[limit]!));
  let at = 0;
  let ties = out.length - closer;
  for (let doc = 0; doc < n && at < out.length; doc++) {
    const d = dist[doc]!;
    if (d < limit || (d === limit && ties-- > 0)) out[at++] = doc;
  }
  return out;
}
