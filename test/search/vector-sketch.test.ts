import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/search/random.js';
import { distanceTable, SKETCH_BITS, SKETCH_WORDS } from '../../src/search/vector-scan.js';
import { Sketcher } from '../../src/search/vector-sketch.js';

function gaussian(dims: number, random: () => number): Float64Array {
  return Float64Array.from({ length: dims }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

function sketchOf(sketcher: Sketcher, v: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(SKETCH_WORDS + 2).fill(0xffffffff);
  sketcher.sketch(v, out, 1);
  expect(out[0]).toBe(0xffffffff); // writes its own words only
  expect(out[SKETCH_WORDS + 1]).toBe(0xffffffff);
  return out.subarray(1, 1 + SKETCH_WORDS);
}

function differingBits(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) for (let x = a[w]! ^ b[w]!; x !== 0; x &= x - 1) n++;
  return n;
}

describe('Sketcher', () => {
  it.each([3, 64, 100, 256, 384])('estimates angles by the share of differing bits (%i dimensions)', (dims) => {
    const random = seededRandom(dims);
    const sketcher = new Sketcher(dims);
    let error = 0;
    const pairs = 200;
    for (let p = 0; p < pairs; p++) {
      const a = gaussian(dims, random);
      // Partners at every angle: a mixed with an independent vector.
      const t = p / pairs;
      const other = gaussian(dims, random);
      const b = a.map((x, i) => (1 - t) * x + t * other[i]!);
      const cos = a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
      const estimate = differingBits(sketchOf(sketcher, a), sketchOf(sketcher, b)) / 128;
      error += Math.abs(estimate - Math.acos(Math.min(1, cos)) / Math.PI);
    }
    // 128 bits: the standard error of the estimate is at most 0.044.
    expect(error / pairs).toBeLessThan(0.05);
  });

  it('gives a vector, its multiples and its int8 codes one sketch, and its opposite the complement', () => {
    const dims = 256;
    const sketcher = new Sketcher(dims);
    const v = gaussian(dims, seededRandom(5));
    const max = Math.max(...v.map(Math.abs));
    const codes = Int8Array.from(v, (x) => Math.round((x / max) * 127));
    const base = sketchOf(sketcher, v);
    expect(differingBits(base, sketchOf(sketcher, v.map((x) => 3 * x)))).toBe(0);
    expect(differingBits(base, sketchOf(sketcher, codes))).toBeLessThanOrEqual(2);
    expect(differingBits(base, sketchOf(sketcher, v.map((x) => -x)))).toBe(128);
    // Fixed seed: another sketcher of the same dimensions agrees (stored sketches stay valid across starts).
    expect([...sketchOf(new Sketcher(dims), v)]).toEqual([...base]);
  });
});

describe('distanceTable', () => {
  const popcount = (x: number) => {
    let n = 0;
    for (; x !== 0; x &= x - 1) n++;
    return n;
  };

  it('weighs every bit alike when the query is alike in every turned coordinate (Hamming distance, scaled)', () => {
    const table = distanceTable(Float64Array.from({ length: SKETCH_BITS }, (_, b) => (b % 3 === 0 ? -0.5 : 0.5)));
    for (let byte = 0; byte < SKETCH_BITS / 8; byte++) {
      for (let pattern = 0; pattern < 256; pattern++) expect(table[byte * 256 + pattern]).toBe(63 * popcount(pattern));
    }
  });

  it('makes a differing bit cost as much as the query is strong in its coordinate, whatever its sign', () => {
    const random = seededRandom(3);
    const rotated = gaussian(SKETCH_BITS, random);
    const max = Math.max(...rotated.map(Math.abs));
    const weight = (bit: number) => Math.round((Math.abs(rotated[bit]!) / max) * 63);
    const table = distanceTable(rotated);
    for (let byte = 0; byte < SKETCH_BITS / 8; byte++) {
      for (let pattern = 0; pattern < 256; pattern++) {
        let sum = 0;
        for (let b = 0; b < 8; b++) if (pattern & (1 << b)) sum += weight(byte * 8 + b);
        expect(table[byte * 256 + pattern]).toBe(sum);
      }
    }
    const strongest = rotated.findIndex((x) => Math.abs(x) === max);
    expect(table[Math.floor(strongest / 8) * 256 + (1 << strongest % 8)]).toBe(63);
    // The query's own sketch comes from the same coordinates: its signs are the sketch's bits.
    const sketcher = new Sketcher(256);
    const v = gaussian(256, random);
    const turned = sketcher.rotate(v);
    const bits = sketchOf(sketcher, v);
    for (let b = 0; b < SKETCH_BITS; b++) expect((bits[b >> 5]! >>> (b & 31)) & 1).toBe(turned[b]! > 0 ? 1 : 0);
  });
});
