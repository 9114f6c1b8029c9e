import sharp, { type SharpOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { MediaError } from '../../src/media/limits.js';
import { readMp4, stripMp4Metadata } from '../../src/media/mp4-header.js';
import { prepareMedia } from '../../src/media/prepare-media.js';
import { sniffType } from '../../src/media/sniff.js';
import { readWebm } from '../../src/media/webm-header.js';
import { jpegWithGps, minimalMp4, minimalWebm, png } from './fixtures.js';

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(MediaError);
  return err as MediaError;
};

describe('media checks', () => {
  it('sniffs types from bytes, whatever the name', async () => {
    expect(sniffType(await png(300, 200))).toBe('png');
    expect(sniffType(await jpegWithGps())).toBe('jpeg');
    expect(sniffType(minimalMp4())).toBe('mp4');
    expect(sniffType(minimalWebm())).toBe('webm');
    expect(sniffType(Buffer.from('<!doctype html><script>alert(1)</script>'))).toBeNull();
  });

  it('re-encodes a large PNG as WebP at most 1200 px wide', async () => {
    const m = await prepareMedia(await png(2400, 1200));
    expect(m).toMatchObject({ kind: 'image', contentType: 'image/webp', width: 1200, height: 600 });
    expect((await sharp(m.bytes).metadata()).format).toBe('webp');
  });

  it('drops EXIF (GPS, camera) from a JPEG', async () => {
    const input = await jpegWithGps();
    expect((await sharp(input).metadata()).exif?.toString('latin1')).toContain('SecretCam');
    const m = await prepareMedia(input);
    const meta = await sharp(m.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(m.bytes.toString('latin1')).not.toContain('SecretCam');
  });

  it('keeps an animated GIF animated', async () => {
    const frames = await Promise.all([0, 1, 2].map(async (i) => sharp({ create: { width: 300, height: 150, channels: 3, background: { r: i * 100, g: 50, b: 50 } } }).raw().toBuffer()));
    const gif = await sharp(Buffer.concat(frames), { raw: { width: 300, height: 450, channels: 3, pageHeight: 150 } } as SharpOptions).gif({ delay: [100, 100, 100] }).toBuffer();
    const m = await prepareMedia(gif);
    const meta = await sharp(m.bytes, { animated: true }).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.pages).toBe(3);
    expect(m).toMatchObject({ width: 300, height: 150 });
  });

  it('refuses images too small, too large in bytes, and files of other types', async () => {
    expect((await refusal(prepareMedia(await png(50, 50)))).message).toMatch(/at least 200×100/);
    expect((await refusal(prepareMedia(Buffer.from('<html><body>hi</body></html>')))).status).toBe(415);
    const big = Buffer.concat([await png(300, 200), Buffer.alloc(9 * 1024 * 1024)]);
    expect((await refusal(prepareMedia(big))).status).toBe(413);
  });

  it('reads an MP4 header and refuses a long or large one', async () => {
    expect(readMp4(minimalMp4({ durationMs: 5_000, width: 640, height: 360 }))).toEqual({ durationMs: 5_000, width: 640, height: 360 });
    const m = await prepareMedia(minimalMp4());
    expect(m).toMatchObject({ kind: 'video', contentType: 'video/mp4', durationMs: 5_000, width: 640, height: 360 });
    expect((await refusal(prepareMedia(minimalMp4({ durationMs: 31_000 })))).message).toMatch(/31\.0 s/);
    expect((await refusal(prepareMedia(minimalMp4({ width: 3840, height: 2160 })))).message).toMatch(/1920×1080/);
    // A box whose size runs past the end of the file.
    const broken = minimalMp4();
    broken.writeUInt32BE(0x7fffffff, 32);
    await refusal(prepareMedia(broken));
  });

  it('blanks MP4 metadata boxes without moving anything', () => {
    const input = minimalMp4({ udta: true });
    const out = stripMp4Metadata(input);
    expect(out.length).toBe(input.length);
    expect(out.toString('latin1')).not.toContain('+48.8577');
    expect(out.toString('latin1')).not.toContain('udta');
    expect(readMp4(out)).toEqual(readMp4(input));
  });

  it('reads a WebM header; refuses Matroska that is not WebM', async () => {
    expect(readWebm(minimalWebm({ durationMs: 4_000, width: 320, height: 240 }))).toEqual({ durationMs: 4_000, width: 320, height: 240 });
    expect((await prepareMedia(minimalWebm())).contentType).toBe('video/webm');
    expect((await refusal(prepareMedia(minimalWebm({ docType: 'matroska' })))).status).toBe(415);
    expect((await refusal(prepareMedia(minimalWebm({ durationMs: 45_000 })))).message).toMatch(/45\.0 s/);
  });
});
