/**
 * The vector index in a snapshot generation (vectors.bin): its arrays written raw, so a start
 * reads one file into shared memory and checks it, instead of reading every paper's vector from
 * the store (and sketching it again).
 *
 *   0   "PBVX"                 magic
 *   4   u32 format version     VECTOR_FORMAT_VERSION; any other number is refused
 *   8   u32 checksum           of every byte from 16 to the end (snapshot.ts checksum)
 *   12  u32 header length H
 *   16  header JSON            { model, dims, docs, embeddedSeq, sketchWords }
 *   ..  at 8-byte aligned offsets: scales f32[docs], sketches u32[docs * sketchWords], codes i8[docs * dims]
 *
 * The model id is in the header: vectors of another model (a retrained built-in model, another
 * embedding server) are never loaded for this one.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { checksum, SnapshotError } from './snapshot.js';
import { SKETCH_WORDS, type VectorArrays } from './vector-scan.js';

/** Bump on any change to the layout or to what the arrays mean (quantization, sketches). 2: sketches by rotation (vector-sketch.ts). */
export const VECTOR_FORMAT_VERSION = 2;
const MAGIC = 0x58564250; // "PBVX" read as a little-endian u32

export interface VectorSnapshot {
  model: string;
  /** Every paper changed at or before this sequence had its vector when it was written. */
  embeddedSeq: number;
  arrays: VectorArrays;
  /** Docs with a vector. */
  live: number;
}

/** The file's bytes: one copy of the arrays as they are now, with its header and checksum. */
export function vectorSnapshotParts(model: string, embeddedSeq: number, arrays: VectorArrays, docs: number): Uint8Array[] {
  const { dims } = arrays;
  const header = Buffer.from(JSON.stringify({ model, dims, docs, embeddedSeq, sketchWords: SKETCH_WORDS }), 'utf8');
  const head = Buffer.alloc(align8(16 + header.length));
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(VECTOR_FORMAT_VERSION, 4);
  head.writeUInt32LE(header.length, 12);
  head.set(header, 16);
  const bytes = (a: Float32Array | Uint32Array | Int8Array, n: number) => new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);
  const sections = [bytes(arrays.scales, docs), bytes(arrays.sketches, docs * SKETCH_WORDS), bytes(arrays.codes, docs * dims)];
  const parts: Uint8Array[] = [head];
  for (const s of sections) {
    parts.push(s);
    const pad = align8(s.byteLength) - s.byteLength;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  // The checksum covers bytes 16..end: hash a joined copy (vectors are ~150-300 MB at 1M papers),
  // and return that copy, so what is written later is what was hashed even as the index changes.
  const all = Buffer.concat(parts);
  all.writeUInt32LE(checksum(all), 8);
  return [all];
}

/**
 * Reads vectors.bin into shared memory (the vector worker scans the same bytes). Throws
 * SnapshotError when it is damaged or of another format; the caller checks the model.
 */
export function readVectorSnapshot(path: string): VectorSnapshot {
  const fd = openSync(path, 'r');
  let buf: Uint8Array;
  try {
    const size = fstatSync(fd).size;
    buf = new Uint8Array(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const n = readSync(fd, buf, at, size - at, at);
      if (n === 0) throw new SnapshotError('vectors: truncated', 'corrupt');
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  const view = new DataView(buf.buffer);
  if (buf.byteLength < 16 || view.getUint32(0, true) !== MAGIC) throw new SnapshotError('vectors: not a Paperboy vector snapshot', 'not_a_snapshot');
  const version = view.getUint32(4, true);
  if (version !== VECTOR_FORMAT_VERSION) throw new SnapshotError(`vectors: format version ${version}, this build reads ${VECTOR_FORMAT_VERSION}`, 'version');
  if (buf.byteLength % 4 !== 0 || checksum(buf) !== view.getUint32(8, true)) throw new SnapshotError('vectors: checksum mismatch (damaged or truncated file)', 'corrupt');
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(Buffer.from(buf.buffer, 16, headerLength).toString('utf8')) as { model: string; dims: number; docs: number; embeddedSeq: number; sketchWords: number };
  if (header.sketchWords !== SKETCH_WORDS) throw new SnapshotError('vectors: other sketches', 'version');
  const { docs, dims } = header;
  let at = align8(16 + headerLength);
  const take = <T>(Ctor: new (b: SharedArrayBuffer, o: number, n: number) => T, n: number, size: number): T => {
    if (at + n * size > buf.byteLength) throw new SnapshotError('vectors: section past the end', 'corrupt');
    const a = new Ctor(buf.buffer as SharedArrayBuffer, at, n);
    at = align8(at + n * size);
    return a;
  };
  const scales = take(Float32Array, docs, 4);
  const sketches = take(Uint32Array, docs * SKETCH_WORDS, 4);
  const codes = take(Int8Array, docs * dims, 1);
  let live = 0;
  for (let i = 0; i < docs; i++) if (scales[i]! > 0) live++;
  return { model: header.model, embeddedSeq: header.embeddedSeq, arrays: { dims, codes, scales, sketches }, live };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
