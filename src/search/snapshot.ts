/**
 * Snapshots: the whole lexical index as one buffer, typed arrays written raw, so loading is a
 * checksum pass plus array views on the file's bytes (no parsing, no re-tokenizing).
 *
 *   0   "PBLX"                 magic
 *   4   u32 format version     FORMAT_VERSION; any other number is refused
 *   8   u32 checksum           of every byte from 16 to the end (FNV-1a, 32-bit words, 4 lanes)
 *   12  u32 header length H
 *   16  header JSON            { sections: [[name, type, offset, byteLength], ...], avgLen }
 *   ..  sections, each at an 8-byte aligned offset; little-endian (every platform Node runs on)
 *
 * A damaged, truncated or other-version snapshot throws SnapshotError: the caller rebuilds.
 */
import { readFileSync } from 'node:fs';
import { Bitset } from './bitset.js';
import { DeltaSegment } from './delta-segment.js';
import { MainSegment } from './segment.js';
import { isStopTerm } from './stopwords.js';
import { TermDict } from './term-dict.js';

/** Bump on any change to the layout or to what the arrays mean (tokenizer, stemmer, BM25 weights). */
export const FORMAT_VERSION = 1;
const MAGIC = 0x584c4250; // "PBLX" read as a little-endian u32

export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly code: 'not_a_snapshot' | 'version' | 'corrupt',
  ) {
    super(`search snapshot: ${message}; rebuild the index`);
    this.name = 'SnapshotError';
  }
}

/** Everything a LexicalIndex holds. */
export interface IndexState {
  main: MainSegment;
  delta: DeltaSegment;
  keys: string[];
  mainDead: Bitset;
  deltaDead: Bitset;
  removed: Bitset;
  deltaLocal: Int32Array;
}

type Typed = Uint8Array | Uint32Array | Int32Array | Float64Array;
const TYPES = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array } as const;
type TypeName = keyof typeof TYPES;

export function writeSnapshot(s: IndexState): Buffer {
  const { dict, postings: p, fwdStart, fwd, avgLen } = s.main.data;
  const deltaStreams = Array.from({ length: s.delta.docCount }, (_, i) => s.delta.stream(i));
  const deltaStarts = new Uint32Array(deltaStreams.length + 1);
  deltaStreams.forEach((b, i) => (deltaStarts[i + 1] = deltaStarts[i]! + b.length));
  const sections: Array<[string, Typed]> = [
    ['dictText', utf8(dict.text)], ['dictStarts', dict.starts], ['dictIds', dict.ids],
    ['termPost', p.termPost], ['termBlock', p.termBlock], ['blockLast', p.blockLast], ['blockWord', p.blockWord],
    ['blockBits', p.blockBits], ['blockMax', p.blockMax], ['packed', p.packed], ['impacts', p.impacts],
    ['fwdStart', fwdStart], ['fwd', fwd], ['avgLen', avgLen],
    ['keys', utf8(s.keys.join('\u0000'))], ['deltaLocal', s.deltaLocal.subarray(0, s.keys.length)],
    ['mainDead', s.mainDead.words], ['deltaDead', s.deltaDead.words], ['removed', s.removed.words],
    ['deltaTerms', utf8(s.delta.allTerms().join('\u0000'))], ['deltaGlobal', Uint32Array.from(s.delta.globalOf)],
    ['deltaStarts', deltaStarts], ['deltaStreams', concat(deltaStreams, deltaStarts.at(-1)!)],
  ];
  const table: Array<[string, TypeName, number, number]> = [];
  let offset = 0;
  for (const [name, a] of sections) {
    table.push([name, typeName(a), offset, a.byteLength]);
    offset = align8(offset + a.byteLength);
  }
  const header = utf8(JSON.stringify({ sections: table }));
  const bodyStart = align8(16 + header.length);
  const out = Buffer.alloc(bodyStart + offset);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(FORMAT_VERSION, 4);
  out.writeUInt32LE(header.length, 12);
  out.set(header, 16);
  sections.forEach(([, a], i) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), bodyStart + table[i]![2]));
  out.writeUInt32LE(checksum(out), 8);
  return out;
}

export function readSnapshot(input: Uint8Array): IndexState {
  // Views need 8-byte aligned data; a Buffer from a small file may sit at any pool offset.
  const buf = input.byteOffset % 8 === 0 ? input : Uint8Array.from(input);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 16 || view.getUint32(0, true) !== MAGIC) throw new SnapshotError('not a Paperboy search snapshot', 'not_a_snapshot');
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION) throw new SnapshotError(`format version ${version}, this build reads version ${FORMAT_VERSION}`, 'version');
  if (buf.byteLength % 4 !== 0 || checksum(buf) !== view.getUint32(8, true)) throw new SnapshotError('checksum mismatch (damaged or truncated file)', 'corrupt');
  try {
    return decode(buf, view.getUint32(12, true));
  } catch (err) {
    throw new SnapshotError(`unreadable (${err instanceof Error ? err.message : String(err)})`, 'corrupt');
  }
}

function decode(buf: Uint8Array, headerLength: number): IndexState {
  const header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + 16, headerLength).toString('utf8')) as { sections: Array<[string, TypeName, number, number]> };
  const bodyStart = align8(16 + headerLength);
  const get = <T extends TypeName>(name: string, type: T): InstanceType<(typeof TYPES)[T]> => {
    const entry = header.sections.find((s) => s[0] === name);
    if (!entry || entry[1] !== type) throw new Error(`section ${name} missing`);
    const [, , offset, bytes] = entry;
    const Ctor = TYPES[type];
    if (bodyStart + offset + bytes > buf.byteLength) throw new Error(`section ${name} past the end`);
    return new Ctor(buf.buffer as ArrayBuffer, buf.byteOffset + bodyStart + offset, bytes / Ctor.BYTES_PER_ELEMENT) as InstanceType<(typeof TYPES)[T]>;
  };
  const text = (name: string) => Buffer.from(get(name, 'u8')).toString('utf8');
  const dict = new TermDict(text('dictText'), get('dictStarts', 'u32'), get('dictIds', 'u32'));
  const postings = {
    termPost: get('termPost', 'u32'), termBlock: get('termBlock', 'u32'), blockLast: get('blockLast', 'u32'), blockWord: get('blockWord', 'u32'),
    blockBits: get('blockBits', 'u8'), blockMax: get('blockMax', 'u8'), packed: get('packed', 'u32'), impacts: get('impacts', 'u8'),
  };
  const main = new MainSegment({ dict, postings, fwdStart: get('fwdStart', 'u32'), fwd: get('fwd', 'u8'), avgLen: get('avgLen', 'f64') });
  const keysText = text('keys');
  const keys = keysText === '' ? [] : keysText.split('\u0000');
  const delta = new DeltaSegment();
  const deltaTerms = text('deltaTerms').split('\u0000');
  const starts = get('deltaStarts', 'u32');
  const streams = get('deltaStreams', 'u8');
  get('deltaGlobal', 'u32').forEach((doc, i) => {
    delta.addStream(doc, streams.subarray(starts[i]!, starts[i + 1]!), deltaTerms, isStopTerm, main.data.avgLen);
  });
  const deltaLocal = Int32Array.from(get('deltaLocal', 'i32'));
  if (deltaLocal.length !== keys.length || dict.starts.length !== dict.ids.length + 1) throw new Error('inconsistent sizes');
  const bits = (name: string) => new Bitset(0, Uint32Array.from(get(name, 'u32')));
  return { main, delta, keys, mainDead: bits('mainDead'), deltaDead: bits('deltaDead'), removed: bits('removed'), deltaLocal };
}

export function readSnapshotFile(path: string): IndexState {
  return readSnapshot(readFileSync(path));
}

/**
 * FNV-1a over little-endian 32-bit words of bytes [16, end), in four interleaved lanes (the
 * CPU works on four independent multiply chains: 0.5 s -> 0.2 s for a 700 MB snapshot).
 */
export function checksum(buf: Uint8Array): number {
  const words = new Uint32Array(buf.buffer, buf.byteOffset + 16, (buf.byteLength - 16) >>> 2);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  let c = 0x9e3779b9;
  let d = 0x85ebca6b;
  const n = words.length & ~3;
  for (let i = 0; i < n; i += 4) {
    a = Math.imul(a ^ words[i]!, 0x01000193);
    b = Math.imul(b ^ words[i + 1]!, 0x01000193);
    c = Math.imul(c ^ words[i + 2]!, 0x01000193);
    d = Math.imul(d ^ words[i + 3]!, 0x01000193);
  }
  for (let i = n; i < words.length; i++) a = Math.imul(a ^ words[i]!, 0x01000193);
  return (Math.imul(Math.imul(Math.imul(a ^ b, 0x01000193) ^ c, 0x01000193) ^ d, 0x01000193) ^ words.length) >>> 0;
}

function typeName(a: Typed): TypeName {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  return 'f64';
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
