import { MediaError } from './limits.js';

/** What the MP4 container says about its video, read from its boxes (nothing is decoded). */
export interface VideoFacts {
  durationMs: number;
  width: number;
  height: number;
}

interface Box {
  type: string;
  /** Where the box starts (its size field) and where its payload starts and ends. */
  start: number;
  body: number;
  end: number;
}

/** The boxes in [from, to); throws on a size that runs past its parent (a damaged or hostile file). */
function boxes(b: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > to) throw bad('a box header is cut off');
      const big = b.readBigUInt64BE(at + 8);
      if (big > BigInt(to - at)) throw bad(`the ${type} box runs past the end of the file`);
      size = Number(big);
      body = at + 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < body - at || at + size > to) throw bad(`the ${type} box runs past the end of the file`);
    out.push({ type, start: at, body, end: at + size });
    at += size;
    if (out.length > 10_000) throw bad('too many boxes');
  }
  return out;
}

const bad = (why: string) => new MediaError(`the MP4 file could not be read: ${why}`, 400);

/** Brands of MP4 files browsers play (ISO base media, MPEG-4, AVC, DASH), not HEIF images or QuickTime. */
const BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'iso7', 'iso8', 'iso9', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'mp71', 'msnv']);

/**
 * Duration and frame size of an MP4: `ftyp` brands, `moov/mvhd` (timescale and duration, else
 * `mvex/mehd` for a fragmented file) and the `tkhd` of the first track with a picture.
 */
export function readMp4(b: Buffer): VideoFacts {
  const top = boxes(b, 0, b.length);
  const ftyp = top[0];
  if (!ftyp || ftyp.type !== 'ftyp' || ftyp.end - ftyp.body < 8) throw bad('it does not start with an ftyp box');
  const brands = [b.toString('latin1', ftyp.body, ftyp.body + 4)];
  for (let at = ftyp.body + 8; at + 4 <= ftyp.end; at += 4) brands.push(b.toString('latin1', at, at + 4));
  if (!brands.some((x) => BRANDS.has(x))) throw new MediaError(`an ISO media file of brand "${brands[0]!.trim()}" is not an MP4 video`, 415);
  const moov = top.find((x) => x.type === 'moov');
  if (!moov) throw bad('it has no moov box');
  const inMoov = boxes(b, moov.body, moov.end);
  const mvhd = inMoov.find((x) => x.type === 'mvhd');
  if (!mvhd) throw bad('it has no mvhd box');
  const v1 = b[mvhd.body] === 1;
  need(mvhd, v1 ? 32 : 20);
  const timescale = b.readUInt32BE(mvhd.body + (v1 ? 20 : 12));
  let duration = v1 ? Number(b.readBigUInt64BE(mvhd.body + 24)) : b.readUInt32BE(mvhd.body + 16);
  if (duration === 0 || duration === 0xffffffff) {
    const mvex = inMoov.find((x) => x.type === 'mvex');
    const mehd = mvex ? boxes(b, mvex.body, mvex.end).find((x) => x.type === 'mehd') : undefined;
    if (mehd) {
      need(mehd, b[mehd.body] === 1 ? 12 : 8);
      duration = b[mehd.body] === 1 ? Number(b.readBigUInt64BE(mehd.body + 4)) : b.readUInt32BE(mehd.body + 4);
    }
  }
  if (timescale === 0 || duration === 0) throw bad('its duration is not stated');
  let width = 0;
  let height = 0;
  for (const trak of inMoov.filter((x) => x.type === 'trak')) {
    const tkhd = boxes(b, trak.body, trak.end).find((x) => x.type === 'tkhd');
    if (!tkhd) continue;
    const off = b[tkhd.body] === 1 ? 88 : 76;
    need(tkhd, off + 8);
    width = Math.round(b.readUInt32BE(tkhd.body + off) / 65536);
    height = Math.round(b.readUInt32BE(tkhd.body + off + 4) / 65536);
    if (width > 0 && height > 0) break;
  }
  if (width === 0 || height === 0) throw bad('it has no video track');
  return { durationMs: Math.round((duration / timescale) * 1000), width, height };
}

function need(box: Box, bytes: number): void {
  if (box.end - box.body < bytes) throw bad(`the ${box.type} box is too short`);
}

/**
 * Metadata boxes (`udta`, `meta`: titles, locations, devices) renamed `free` and zeroed in place:
 * the file keeps its length, so the sample offsets stay right, and players skip `free` boxes.
 * Returns a copy; the top level, `moov` and its tracks are cleaned.
 */
export function stripMp4Metadata(input: Buffer): Buffer {
  const b = Buffer.from(input);
  const clean = (from: number, to: number, depth: number) => {
    for (const box of boxes(b, from, to)) {
      if (box.type === 'udta' || box.type === 'meta') {
        b.write('free', box.start + 4, 'latin1');
        b.fill(0, box.body, box.end);
      } else if (depth < 2 && (box.type === 'moov' || box.type === 'trak')) {
        clean(box.body, box.end, depth + 1);
      }
    }
  };
  clean(0, b.length, 0);
  return b;
}
