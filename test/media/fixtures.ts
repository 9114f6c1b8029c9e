import sharp from 'sharp';

/** Test files for uploads, made here: images by sharp, videos' container headers by hand. */

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
};
const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

/**
 * The smallest MP4 our header check reads: ftyp, moov (mvhd with timescale and duration, one
 * trak's tkhd with the frame size), optionally a udta with a location, then an mdat of filler.
 */
export function minimalMp4({ durationMs = 5_000, width = 640, height = 360, udta = false, mdatBytes = 2_000 } = {}): Buffer {
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2avc1mp41', 'latin1'));
  const timescale = 1000;
  const mvhd = box('mvhd', u32(0, 0, 0, timescale, durationMs, 0x00010000), Buffer.from([0x01, 0x00]), Buffer.alloc(10), MATRIX, Buffer.alloc(24), u32(2));
  const tkhd = box('tkhd', u32(3, 0, 0, 1, 0, durationMs), Buffer.alloc(8), Buffer.alloc(8), MATRIX, u32(width * 65536, height * 65536));
  const trak = box('trak', tkhd);
  const extra = udta ? [box('udta', box('\u00a9xyz', Buffer.from('+48.8577+002.2950/', 'latin1')))] : [];
  const moov = box('moov', mvhd, trak, ...extra);
  const mdat = box('mdat', Buffer.alloc(mdatBytes, 0x42));
  return Buffer.concat([ftyp, moov, mdat]);
}

/** An EBML element: id bytes, an 8-byte size, the payload. */
function ebml(id: number[], ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const size = Buffer.alloc(8);
  size.writeUInt32BE(body.length, 4);
  size[0] = 0x01;
  return Buffer.concat([Buffer.from(id), size, body]);
}

/** A WebM header: EBML (DocType webm), Segment/Info (Duration in ms at the default scale), Tracks with one video track. */
export function minimalWebm({ durationMs = 4_000, width = 320, height = 240, docType = 'webm' } = {}): Buffer {
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(durationMs);
  const u16 = (v: number) => Buffer.from([v >> 8, v & 0xff]);
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], ebml([0x42, 0x82], Buffer.from(docType, 'latin1')));
  const info = ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])), ebml([0x44, 0x89], duration));
  const video = ebml([0xe0], ebml([0xb0], u16(width)), ebml([0xba], u16(height)));
  const tracks = ebml([0x16, 0x54, 0xae, 0x6b], ebml([0xae], ebml([0x83], Buffer.from([1])), video));
  const cluster = ebml([0x1f, 0x43, 0xb6, 0x75], Buffer.alloc(100));
  return Buffer.concat([header, ebml([0x18, 0x53, 0x80, 0x67], info, tracks, cluster)]);
}

/** A PNG of a gradient, `width` x `height`. */
export async function png(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A PNG of noise (incompressible): about width x height x 3 bytes. */
export async function noisyPng(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (Math.random() * 256) | 0;
  return sharp(raw, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

/** A JPEG carrying EXIF with a GPS position and a camera name. */
export async function jpegWithGps(width = 800, height = 600): Promise<Buffer> {
  return sharp(await png(width, height))
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 40/1' } })
    .toBuffer();
}
