import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { monthQuotas, planIds } from '../../bench/corpus-ids.js';
import { DEFAULT_SEED_PATH, growCorpus, mulberry32 } from '../../bench/grow-corpus.js';
import { tryParseArxivId } from '../../src/domain/arxiv-id.js';
import { readPaperboyJsonl } from '../../src/ingest/files/paperboy-jsonl.js';
import { collect, records, rejections, scratchDir } from '../ingest/files/helpers.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

/** A small seed written here, so the test runs on a fresh clone. */
function writeSeed(): string {
  const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({
    id: `2312.${String(i + 1).padStart(5, '0')}`,
    title: i % 2 ? `Model ${i}: Scaling Sparse Attention for Long Documents` : `Robust Retrieval with Noisy Labels number ${i}`,
    authors: [`Author ${i} One`, `Author ${i} Two`],
    abstract: `We study problem ${i} in depth with care. Our method improves accuracy by ${i}% on benchmarks. The code and data are released for everyone.`,
    published: '2023-12-04',
    upvotes: i * 3,
    ...(i % 3 === 0 ? { github: `https://github.com/example/repo-${i}` } : {}),
    source: 'hf-daily',
  }));
  return scratch.write('seed.jsonl', `${lines.join('\n')}\n`);
}

describe('planIds', () => {
  it('yields unique, valid, ascending ids whose month is their date month, skipping excluded ids', () => {
    const exclude = new Set(['0801.0001', '0801.0003']);
    const plan = [...planIds(5000, exclude)];
    expect(plan).toHaveLength(5000);
    expect(new Set(plan.map((p) => p.id)).size).toBe(5000);
    expect(plan.some((p) => exclude.has(p.id))).toBe(false);
    expect(plan[0]?.id).toBe('0801.0002');
    const invalid = plan.filter((p) => {
      const parsed = tryParseArxivId(p.id);
      return typeof parsed === 'string' || parsed.id !== p.id || p.id.slice(0, 4) !== `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}`;
    });
    expect(invalid).toEqual([]);
    expect(plan.map((p) => p.id)).toEqual(plan.map((p) => p.id).sort());
    expect(plan.at(-1)?.id.startsWith('2611.')).toBe(true);
  });

  it('fills early months to capacity when asked for more than their share', () => {
    expect(monthQuotas(10, [1, 1, 1], [2, 100, 100])).toEqual([2, 4, 4]);
    expect(monthQuotas(7, [1, 2], [100, 100])).toEqual([2, 5]);
    expect(() => [...planIds(1e9)]).toThrow(/cannot plan/);
  });
});

describe('growCorpus', () => {
  it('is deterministic per seed and writes papers that import without rejections', async () => {
    const seedPath = writeSeed();
    const a = scratch.write('a.jsonl', '');
    const b = scratch.write('b.jsonl', '');
    const c = scratch.write('c.jsonl', '');
    const result = await growCorpus({ seedPath, count: 3000, outPath: a, seed: 7 });
    await growCorpus({ seedPath, count: 3000, outPath: b, seed: 7 });
    await growCorpus({ seedPath, count: 3000, outPath: c, seed: 8 });
    expect(result).toMatchObject({ count: 3000, bytes: readFileSync(a).length });
    // Buffer.equals: toEqual on megabyte buffers compares element by element, for seconds.
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false);
    const items = await collect(readPaperboyJsonl(a));
    expect(rejections(items)).toEqual([]);
    const recs = records(items);
    expect(recs).toHaveLength(3000);
    expect(new Set(recs.map((r) => r.id)).size).toBe(3000);
    // Collected, not asserted one by one: 6,000 expect() calls take seconds.
    expect(recs.filter((r) => `${r.dailyAt?.slice(2, 4)}${r.dailyAt?.slice(5, 7)}` !== r.id.slice(0, 4))).toEqual([]);
    expect(recs.filter((r) => (r.abstract?.split(/(?<=\.) /).length ?? 0) < 4)).toEqual([]);
    expect(recs.filter((r) => r.githubUrl).length).toBeGreaterThan(0);
  });

  it('mulberry32 is a stable sequence in [0, 1)', () => {
    const rng = mulberry32(42);
    const xs = Array.from({ length: 1000 }, rng);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 3 }, mulberry32(42))).toEqual(xs.slice(0, 3));
  });
});

describe.skipIf(!existsSync(DEFAULT_SEED_PATH))('growCorpus from the shared seed', () => {
  it('grows 20,000 papers that all import', async () => {
    const out = scratch.write('shared.jsonl', '');
    await growCorpus({ count: 20_000, outPath: out, seed: 1 });
    const items = await collect(readPaperboyJsonl(out));
    expect(rejections(items)).toEqual([]);
    expect(records(items)).toHaveLength(20_000);
  });
});
