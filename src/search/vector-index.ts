/**
 * Paper vectors by doc number (the lexical index's numbers), quantized to one byte a dimension,
 * answering top-k by cosine. A paper costs one byte a dimension, 4 for its scale and 16 for its
 * sketch: with the shipped model's 256 dimensions, 276 bytes (276 MB at 1M papers).
 *
 * Quantization: each unit vector is stored as int8 codes times its own scale (max |x| / 127);
 * the score error is below 1% of the cosine, far under the gap between neighbours that matter.
 *
 * Search: up to EXACT_LIMIT vectors every one is scored (exact). Above it, a first pass ranks
 * all of them by their 128-bit sign sketches (vector-sketch.ts: the signs of the vector turned
 * by a fixed rotation), each differing bit weighed by how strong the query is in its coordinate
 * (distanceTable(), vector-scan.ts), and only the closest 2% (at least 10,000) are scored
 * exactly; recall@10 against the exact scan is printed by `npm run bench:search` (0.993 at
 * 100k, 0.989 at 1M with the shipped model of 2026-12-05; counting differing bits instead gave
 * 0.969 and 0.938 with 3% scored and the model before it). Above
 * EXACT_LIMIT searchAsync() runs the scan in a worker thread on the same (shared) arrays, so a
 * hybrid search's keyword half runs meanwhile on the serving thread.
 */
import type { Worker } from 'node:worker_threads';
import type { Bitset } from './bitset.js';
import { distanceTable, scan, SKETCH_WORDS, type ScanRequest, type VectorArrays, type VectorHit } from './vector-scan.js';
import { Sketcher, signBits } from './vector-sketch.js';
import { startWorker } from './worker-thread.js';

export type { VectorHit } from './vector-scan.js';

/** Below this many vectors an exact scan costs under ~10 ms. */
const EXACT_LIMIT = 50_000;
/** Share of vectors re-scored exactly after the sketch pass, and its floor (3% cost hybrid p99 53 ms at 1M for recall 0.991, 2% 44 ms for 0.984). */
const RERANK_SHARE = 0.02;
const RERANK_MIN = 10_000;

/** A vector as stored: float32 scale then `dims` int8 codes. */
export function encodeVector(v: Float32Array): Uint8Array {
  const out = new Uint8Array(4 + v.length);
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = max / 127;
  new DataView(out.buffer).setFloat32(0, scale, true);
  const codes = new Int8Array(out.buffer, 4);
  for (let i = 0; i < v.length; i++) codes[i] = scale === 0 ? 0 : Math.round(v[i]! / scale);
  return out;
}

export function decodeVector(bytes: Uint8Array): Float32Array {
  const scale = new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
  const codes = new Int8Array(bytes.buffer, bytes.byteOffset + 4, bytes.length - 4);
  return Float32Array.from(codes, (c) => c * scale);
}

export class VectorIndex {
  private arrays: VectorArrays;
  private live = 0;
  private readonly sketcher: Sketcher;
  private readonly scratch = { distances: new Uint16Array(0) };
  /** The sketch pass instead of an exact scan (tests set it to compare the two). */
  exactLimit = EXACT_LIMIT;
  private worker: Worker | null = null;
  /** The arrays the worker was last sent (they are replaced when the index grows). */
  private workerArrays: VectorArrays | null = null;
  private readonly pending = new Map<number, { resolve: (hits: VectorHit[]) => void; reject: (err: Error) => void }>();
  private nextRequest = 0;

  constructor(readonly dims: number) {
    this.arrays = allocate(dims, 1024);
    this.sketcher = new Sketcher(dims);
  }

  /** An index on arrays read back from a snapshot (vector-snapshot.ts); `live`: docs with a vector. */
  static fromArrays(arrays: VectorArrays, live: number): VectorIndex {
    const index = new VectorIndex(arrays.dims);
    index.arrays = arrays;
    index.live = live;
    return index;
  }

  /** The arrays and how many docs of them hold anything (for a snapshot: the rest is spare capacity). */
  get snapshotArrays(): { arrays: VectorArrays; docs: number } {
    const { scales } = this.arrays;
    let docs = scales.length;
    while (docs > 0 && !(scales[docs - 1]! > 0)) docs--;
    return { arrays: this.arrays, docs };
  }

  get size(): number {
    return this.live;
  }

  has(doc: number): boolean {
    return doc < this.arrays.scales.length && this.arrays.scales[doc]! > 0;
  }

  /** Sets doc's vector from its stored form (encodeVector); a zero vector removes it. */
  set(doc: number, encoded: Uint8Array): void {
    if (encoded.length !== this.dims + 4) throw new RangeError(`vector of ${encoded.length - 4} dimensions in an index of ${this.dims}`);
    this.ensure(doc + 1);
    const scale = new DataView(encoded.buffer, encoded.byteOffset, 4).getFloat32(0, true);
    if (!(scale > 0)) return this.delete(doc);
    if (!this.has(doc)) this.live++;
    const codes = new Int8Array(encoded.buffer, encoded.byteOffset + 4, this.dims);
    this.arrays.codes.set(codes, doc * this.dims);
    this.sketcher.sketch(codes, this.arrays.sketches, doc * SKETCH_WORDS);
    this.arrays.scales[doc] = scale; // last: a concurrent scan sees the doc only once it is whole
  }

  delete(doc: number): void {
    if (!this.has(doc)) return;
    this.arrays.scales[doc] = 0;
    this.live--;
  }

  /** Doc's vector (decoded), or null. */
  vectorOf(doc: number): Float32Array | null {
    if (!this.has(doc)) return null;
    const s = this.arrays.scales[doc]!;
    const { codes } = this.arrays;
    const out = new Float32Array(this.dims);
    // A plain loop: Float32Array.from with a map function is several times slower, and For you reads ~1,000 a call.
    for (let i = 0, at = doc * this.dims; i < out.length; i++, at++) out[i] = codes[at]! * s;
    return out;
  }

  /** Copies doc's vector (decoded) into `out` at `offset`; false (and nothing written) when it has none. */
  readVector(doc: number, out: Float32Array, offset: number): boolean {
    if (!this.has(doc)) return false;
    const s = this.arrays.scales[doc]!;
    const { codes } = this.arrays;
    for (let i = 0, at = doc * this.dims; i < this.dims; i++, at++) out[offset + i] = codes[at]! * s;
    return true;
  }

  /** The k docs nearest `query` (a unit vector) by cosine, best first; `filter` keeps docs. */
  search(vector: Float32Array, k: number, filter?: Bitset | null, skip = -1): VectorHit[] {
    const request = this.request(vector, k, filter, skip);
    return request ? scan(this.arrays, request, this.scratch) : [];
  }

  /** search() in the worker thread when the index is large enough for the sketch pass (else here). */
  searchAsync(vector: Float32Array, k: number, filter?: Bitset | null, skip = -1): Promise<VectorHit[]> {
    const request = this.request(vector, k, filter, skip);
    if (!request) return Promise.resolve([]);
    if (request.sketch === null) return Promise.resolve(scan(this.arrays, request, this.scratch));
    const worker = this.ensureWorker();
    const id = this.nextRequest++;
    const reply = new Promise<VectorHit[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Referenced while a scan is out, so the process waits for its answer; idle, it lets the process exit.
    if (this.pending.size === 1) worker.ref();
    worker.postMessage({ id, request, ...(this.workerArrays !== this.arrays ? { arrays: this.arrays } : {}) });
    this.workerArrays = this.arrays;
    return reply;
  }

  /** Stops the worker thread (a later searchAsync starts another). */
  close(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.workerArrays = null;
    for (const p of this.pending.values()) p.reject(new Error('vector index closed'));
    this.pending.clear();
  }

  private request(vector: Float32Array, k: number, filter: Bitset | null | undefined, skip: number): ScanRequest | null {
    if (vector.length !== this.dims || k <= 0) return null;
    const query = Float64Array.from(vector);
    // Turned once: the sketch pass reads both its signs (the sketch) and its sizes (the distance table).
    const turned = this.live > this.exactLimit ? this.sketcher.rotate(query) : null;
    return {
      query, k, skip, filter: filter ? filter.words : null,
      sketch: turned ? sketchOfTurned(turned) : null,
      table: turned ? distanceTable(turned) : null,
      wanted: Math.max(k, RERANK_MIN, Math.ceil(this.live * RERANK_SHARE)),
    };
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker('vector-worker');
    worker.on('message', (m: { id: number; hits?: VectorHit[]; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.hits ?? []);
    });
    worker.on('error', (err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker = null;
      this.workerArrays = null;
    });
    // After the listeners: adding a 'message' listener references the worker's port again.
    worker.unref();
    this.worker = worker;
    this.workerArrays = null;
    return worker;
  }

  private ensure(size: number): void {
    const old = this.arrays;
    if (size <= old.scales.length) return;
    const grown = allocate(this.dims, Math.max(size, old.scales.length * 2));
    grown.codes.set(old.codes);
    grown.scales.set(old.scales);
    grown.sketches.set(old.sketches);
    this.arrays = grown;
  }
}

/** Arrays for `capacity` docs in shared memory. */
function allocate(dims: number, capacity: number): VectorArrays {
  return {
    dims,
    codes: new Int8Array(new SharedArrayBuffer(capacity * dims)),
    scales: new Float32Array(new SharedArrayBuffer(capacity * 4)),
    sketches: new Uint32Array(new SharedArrayBuffer(capacity * SKETCH_WORDS * 4)),
  };
}

/** A query's sketch from its turned coordinates (the same bits Sketcher.sketch gives). */
function sketchOfTurned(turned: Float64Array): Uint32Array {
  const out = new Uint32Array(SKETCH_WORDS);
  signBits(turned, out, 0);
  return out;
}
