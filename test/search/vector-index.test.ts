import { describe, expect, it } from 'vitest';
import { Bitset } from '../../src/search/bitset.js';
import { seededRandom } from '../../src/search/random.js';
import { decodeVector, encodeVector, VectorIndex } from '../../src/search/vector-index.js';

const DIMS = 64;

/** Unit vectors around 50 random centres: neighbours that matter are close, as papers of one topic are. */
function clustered(n: number, random: () => number): Float32Array[] {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 50 }, () => Float32Array.from({ length: DIMS }, gauss));
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(random() * centres.length)]!;
    const v = Float32Array.from(c, (x) => x + 0.9 * gauss());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('VectorIndex', () => {
  it('stores vectors in one byte a dimension with under 1% error', () => {
    const [v] = clustered(1, seededRandom(1));
    const back = decodeVector(encodeVector(v!));
    let dot = 0;
    for (let i = 0; i < DIMS; i++) dot += v![i]! * back[i]!;
    expect(dot).toBeGreaterThan(0.99);
  });

  it('finds the same top 10 by the sketch pass as by the exact scan (recall@10 >= 0.95)', () => {
    const random = seededRandom(7);
    const vectors = clustered(20_000, random);
    const exact = new VectorIndex(DIMS);
    const sketched = new VectorIndex(DIMS);
    exact.exactLimit = Infinity;
    sketched.exactLimit = 0;
    vectors.forEach((v, doc) => {
      exact.set(doc, encodeVector(v));
      sketched.set(doc, encodeVector(v));
    });
    let found = 0;
    const queries = clustered(100, random);
    for (const q of queries) {
      const truth = new Set(exact.search(q, 10).map((h) => h.doc));
      found += sketched.search(q, 10).filter((h) => truth.has(h.doc)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('answers the same from its worker thread, on shared arrays that keep up with changes', async () => {
    const vectors = clustered(5_000, seededRandom(11));
    const index = new VectorIndex(DIMS);
    index.exactLimit = 0; // the sketch pass, which runs in the worker
    try {
      vectors.forEach((v, doc) => index.set(doc, encodeVector(v)));
      for (const q of vectors.slice(0, 5)) expect(await index.searchAsync(q, 10)).toEqual(index.search(q, 10));
      const evens = Bitset.of(Array.from({ length: 2_500 }, (_, i) => i * 2));
      expect((await index.searchAsync(vectors[3]!, 10, evens)).every((h) => h.doc % 2 === 0)).toBe(true);
      index.delete(0);
      expect((await index.searchAsync(vectors[0]!, 10)).map((h) => h.doc)).not.toContain(0);
      clustered(20_000, seededRandom(12)).forEach((v, i) => index.set(5_000 + i, encodeVector(v))); // grows into new buffers
      expect((await index.searchAsync(vectors[7]!, 1))[0]!.doc).toBe(7);
      const late = vectors[9]!.map((x) => -x);
      index.set(24_999, encodeVector(late));
      expect((await index.searchAsync(late, 1))[0]!.doc).toBe(24_999);
    } finally {
      index.close();
    }
  });

  it('honours filters, skips a doc, and forgets deleted vectors', () => {
    const vectors = clustered(200, seededRandom(3));
    const index = new VectorIndex(DIMS);
    vectors.forEach((v, doc) => index.set(doc, encodeVector(v)));
    const evens = Bitset.of(Array.from({ length: 100 }, (_, i) => i * 2));
    expect(index.search(vectors[5]!, 10, evens).every((h) => h.doc % 2 === 0)).toBe(true);
    expect(index.search(vectors[5]!, 1)[0]!.doc).toBe(5);
    expect(index.search(vectors[5]!, 10, null, 5).map((h) => h.doc)).not.toContain(5);
    index.delete(5);
    expect(index.size).toBe(199);
    expect(index.search(vectors[5]!, 10).map((h) => h.doc)).not.toContain(5);
    expect(() => index.set(1, encodeVector(new Float32Array(3)))).toThrow(RangeError);
    expect(index.search(new Float32Array(3), 10)).toEqual([]);
  });
});
