import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodeIco, encodePng } from '../../../src/web/icons/png.js';
import { drawIcon } from '../../../src/web/icons/site-icon.js';

/** The chunks of a PNG: type, data, and whether the stored CRC matches. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer; crcOk: boolean }> {
  const out = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + len);
    out.push({ type, data, crcOk: png.readUInt32BE(at + 8 + len) === crc32(png.subarray(at + 4, at + 8 + len)) });
    at += 12 + len;
  }
  return out;
}

describe('the PNG and ICO encoders', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes a valid RGBA PNG: signature, IHDR, IDAT of filtered rows, IEND, right CRCs', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const png = encodePng(2, 2, rgba);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(parts.every((c) => c.crcOk)).toBe(true);
    expect([...parts[0]!.data]).toEqual([0, 0, 0, 2, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
    expect([...inflateSync(parts[1]!.data)]).toEqual([0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8)]);
    expect(() => encodePng(3, 3, rgba)).toThrow();
  });

  it('draws the icon: accent corners on the touch icon, transparent corners on the favicon, white letter', () => {
    const pixel = (png: Buffer, size: number, x: number, y: number) => {
      const raw = inflateSync(chunks(png)[1]!.data);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      return [...raw.subarray(o, o + 4)];
    };
    const touch = drawIcon(180, false);
    expect(pixel(touch, 180, 0, 0)).toEqual([0xb4, 0x38, 0x1b, 255]);
    // Inside the stem of the P (x 9..14, y 7..25 of 32 units).
    expect(pixel(touch, 180, Math.round(11.5 * 180 / 32), Math.round(20 * 180 / 32))).toEqual([255, 255, 255, 255]);
    expect(pixel(drawIcon(32, true), 32, 0, 0)[3]).toBe(0);
  });

  it('wraps PNGs in an ICO directory', () => {
    const a = encodePng(1, 1, new Uint8Array(4));
    const ico = encodeIco([{ size: 16, png: a }, { size: 32, png: a }]);
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(2);
    expect(ico.readUInt8(6)).toBe(16);
    expect(ico.readUInt32LE(6 + 12)).toBe(6 + 32);
    expect(ico.subarray(6 + 32, 6 + 32 + a.length).equals(a)).toBe(true);
  });
});
