import { describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../src/search/random.js';
import { END } from '../../src/search/cursors.js';
import { BlockCursor, encodePostings } from '../../src/search/postings.js';

describe('block-compressed postings', () => {
  const rand = random(7);
  // Lists from dense (every doc) to sparse (gaps near 2^31), lengths around block edges.
  const lists: number[][] = [[0], [5], [0, 1, 2, 3], Array.from({ length: 128 }, (_, i) => i), Array.from({ length: 129 }, (_, i) => i * 3 + 1), [1, 2 ** 31, 2 ** 32 - 3]];
  for (let i = 0; i < 30; i++) {
    const n = 1 + Math.floor(rand() * 700);
    const gap = 1 + Math.floor(rand() ** 4 * 100_000);
    const docs = new Set<number>();
    while (docs.size < n) docs.add(Math.floor(rand() * gap * n));
    lists.push([...docs].sort((a, b) => a - b));
  }
  const termPost = new Uint32Array(lists.length + 1);
  lists.forEach((l, t) => (termPost[t + 1] = termPost[t]! + l.length));
  const docs = Uint32Array.from(lists.flat());
  const impacts = Uint8Array.from(docs, () => 1 + Math.floor(rand() * 255));
  const data = encodePostings(termPost, docs, impacts);
  const cursor = (t: number) => new BlockCursor(data, t, 1, 0, 255);

  it('decodes every list back, with its impacts', () => {
    lists.forEach((list, t) => {
      const seen: number[] = [];
      const scores: number[] = [];
      for (const c = cursor(t); c.doc !== END; c.next()) {
        seen.push(c.doc);
        scores.push(c.score());
      }
      expect(seen).toEqual(list);
      expect(scores).toEqual(Array.from(impacts.subarray(termPost[t], termPost[t + 1])));
    });
  });

  it('seeks to the first doc at or after a target, also after skipping blocks', () => {
    lists.forEach((list, t) => {
      const c = cursor(t);
      for (let probe = 0; probe < 20; probe++) {
        const target = Math.max(c.doc === END ? 0 : c.doc, Math.floor(rand() * (list.at(-1)! + 2)));
        c.seek(target);
        expect(c.doc).toBe(list.find((d) => d >= target) ?? END);
        if (c.doc === END) break;
      }
      const s = cursor(t);
      s.skipBlock();
      s.seek(s.doc);
      expect(s.doc).toBe(list[128] ?? END);
    });
  });

  it('keeps block maxima as bounds of their impacts', () => {
    for (let t = 0; t < lists.length; t++) {
      const c = cursor(t);
      for (; c.doc !== END; c.next()) expect(c.score()).toBeLessThanOrEqual(c.blockUb());
    }
  });
});
