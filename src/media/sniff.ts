/** A file's real type, read from its first bytes (never from its name or the Content-Type a browser sent). */
export type SniffedType = 'png' | 'jpeg' | 'webp' | 'gif' | 'mp4' | 'webm';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');

export function sniffType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  // ISO BMFF: a first box `ftyp` (the container parser checks its brands).
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') return 'mp4';
  // EBML (Matroska/WebM): the parser checks the DocType is webm.
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  return null;
}

export function isImageType(t: SniffedType): t is 'png' | 'jpeg' | 'webp' | 'gif' {
  return t === 'png' || t === 'jpeg' || t === 'webp' || t === 'gif';
}
