import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, readPaperFile } from '../../../src/ingest/files/detect-format.js';
import { collect, screened, records, rejections, SHARED_DATA } from './helpers.js';

// The team's shared real data (../shared/data next to the repo); skipped on a fresh clone.
const HF = join(SHARED_DATA, 'hf-daily-papers.jsonl');
const SNAPSHOT = join(SHARED_DATA, 'arxiv-samples/snapshot/arxiv-metadata-oai-snapshot-head.jsonl');

describe.skipIf(!existsSync(HF))('shared hf-daily-papers.jsonl', () => {
  it('is detected as jsonl and yields 1,536 records and no rejections', async () => {
    expect(await detectFormat(HF)).toBe('jsonl');
    const items = await screened(readPaperFile(HF, 'auto'));
    expect(rejections(items)).toEqual([]);
    const recs = records(items);
    expect(recs).toHaveLength(1536);
    expect(new Set(recs.map((r) => r.id)).size).toBe(1536);
    expect(recs.every((r) => r.source === 'jsonl' && r.sourceRef === 'hf-daily-papers.jsonl' && r.title !== '' && r.dailyAt !== null)).toBe(true);
    expect(recs.filter((r) => r.githubUrl).length).toBeGreaterThan(400);
  });
});

const RECENT = join(SHARED_DATA, 'arxiv-recent.jsonl.xz');

describe.skipIf(!existsSync(RECENT))('shared arxiv-recent.jsonl.xz', () => {
  it('is read straight from xz as jsonl, every paper with its categories', async () => {
    expect(await detectFormat(RECENT)).toBe('jsonl');
    const items = [];
    for await (const item of readPaperFile(RECENT, 'auto')) {
      items.push(item);
      if (items.length === 3_000) break;
    }
    const recs = records(await screened((async function* () { yield* items; })()));
    expect(recs).toHaveLength(3_000);
    expect(recs.every((r) => r.categories && r.categories.length > 0 && r.primaryCategory === r.categories[0])).toBe(true);
    expect(recs.filter((r) => r.primaryCategory === 'cs.CV').length).toBeGreaterThan(500);
  });
});

describe.skipIf(!existsSync(SNAPSHOT))('shared arXiv snapshot head', () => {
  it('is detected as arxiv-snapshot and yields 200 records', async () => {
    expect(await detectFormat(SNAPSHOT)).toBe('arxiv-snapshot');
    const items = await screened(readPaperFile(SNAPSHOT, 'auto'));
    expect(rejections(items)).toEqual([]);
    const recs = records(items);
    expect(recs).toHaveLength(200);
    const first = recs[0];
    expect(first).toMatchObject({
      id: '0704.0001',
      version: 2,
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan'],
      primaryCategory: 'hep-ph',
      doi: '10.1103/PhysRevD.76.013009',
      submittedAt: '2007-04-02T19:18:42.000Z',
      updatedAt: '2007-07-24T20:10:27.000Z',
    });
    expect(first?.abstract).toMatch(/^A fully differential calculation in perturbative quantum chromodynamics is presented/);
    expect(recs.find((r) => r.id === '0704.0009')?.authors).toContain('Neal J. Evans II');
    expect(recs.every((r) => (r.categories?.length ?? 0) > 0 && r.versions && r.versions.length > 0)).toBe(true);
  });
});
