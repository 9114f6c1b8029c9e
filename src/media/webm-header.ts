import { MediaError } from './limits.js';
import type { VideoFacts } from './mp4-header.js';

/** EBML element ids (Matroska): only the ones on the path to duration and frame size. */
const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
} as const;

interface Element {
  id: number;
  body: number;
  /** The end of the element; an unknown size runs to the end of its parent. */
  end: number;
}

const bad = (why: string) => new MediaError(`the WebM file could not be read: ${why}`, 400);

/** A variable-length integer at `at`: its value and length; `marker` keeps the length bits (ids do). */
function vint(b: Buffer, at: number, marker: boolean): { value: number; length: number; unknown: boolean } {
  const first = b[at];
  if (first === undefined || first === 0) throw bad('a length is malformed');
  const length = Math.clz32(first) - 23;
  if (at + length > b.length) throw bad('an element header is cut off');
  let value = marker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    if (b[at + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !marker && allOnes };
}

function* elements(b: Buffer, from: number, to: number): Generator<Element> {
  let at = from;
  let count = 0;
  while (at < to) {
    const id = vint(b, at, true);
    const size = vint(b, at + id.length, false);
    const body = at + id.length + size.length;
    const end = size.unknown ? to : body + size.value;
    if (end > to) throw bad('an element runs past the end of its parent');
    yield { id: id.value, body, end };
    at = end;
    if (++count > 100_000) throw bad('too many elements');
  }
}

const uint = (b: Buffer, e: Element) => {
  let v = 0;
  for (let i = e.body; i < e.end; i++) v = v * 256 + b[i]!;
  return v;
};
const float = (b: Buffer, e: Element) => (e.end - e.body === 4 ? b.readFloatBE(e.body) : e.end - e.body === 8 ? b.readDoubleBE(e.body) : Number.NaN);

/** Duration and frame size of a WebM file: the EBML DocType, Segment/Info and the first video track. */
export function readWebm(b: Buffer): VideoFacts {
  const header = elements(b, 0, b.length).next().value;
  if (!header || header.id !== ID.EBML) throw bad('it does not start with an EBML header');
  const docType = [...elements(b, header.body, header.end)].find((e) => e.id === ID.DocType);
  const type = docType ? b.toString('latin1', docType.body, docType.end) : '';
  if (type !== 'webm') throw new MediaError(`a Matroska file of type "${type.slice(0, 20)}" is not a WebM video`, 415);
  let segment: Element | undefined;
  for (const e of elements(b, header.end, b.length)) if (e.id === ID.Segment && !segment) segment = e;
  if (!segment) throw bad('it has no Segment');
  let scale = 1_000_000;
  let duration = Number.NaN;
  let width = 0;
  let height = 0;
  for (const e of elements(b, segment.body, segment.end)) {
    if (e.id === ID.Info) {
      for (const f of elements(b, e.body, e.end)) {
        if (f.id === ID.TimecodeScale) scale = uint(b, f);
        if (f.id === ID.Duration) duration = float(b, f);
      }
    } else if (e.id === ID.Tracks) {
      for (const track of elements(b, e.body, e.end)) {
        if (track.id !== ID.TrackEntry || width > 0) continue;
        for (const f of elements(b, track.body, track.end)) {
          if (f.id !== ID.Video) continue;
          for (const g of elements(b, f.body, f.end)) {
            if (g.id === ID.PixelWidth) width = uint(b, g);
            if (g.id === ID.PixelHeight) height = uint(b, g);
          }
        }
      }
    } else if (e.id === ID.Cluster) {
      break;
    }
  }
  if (!Number.isFinite(duration) || duration <= 0) throw bad('its duration is not stated');
  if (width === 0 || height === 0) throw bad('it has no video track');
  return { durationMs: Math.round((duration * scale) / 1_000_000), width, height };
}
