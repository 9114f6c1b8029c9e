import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { runCli } from '../support/cli.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';
import { topicCorpus, topicOf } from '../support/topic-corpus.js';

describe('paperboy search', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await sqliteFactory.create();
    await upsertPapers(db.store, [
      buildRecord({ id: '2502.00001', title: 'Retrieval augmented generation at scale' }),
      buildRecord({ id: '2502.00002', title: 'Protein folding with diffusion' }),
    ]);
  });
  afterAll(() => db?.cleanup());

  it('prints {id, title, score} as JSON', async () => {
    const res = await runCli(['search', 'retrieval generation', '--json'], { DATABASE_URL: db.url });
    expect(res.code, res.stderr).toBe(0);
    const hits = JSON.parse(res.stdout) as Array<{ id: string; title: string; score: number }>;
    expect(hits[0]).toMatchObject({ id: '2502.00001', title: 'Retrieval augmented generation at scale' });
    expect(typeof hits[0]!.score).toBe('number');
  });

  it('answers a file of queries one JSON line each, and refuses bad usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-q-'));
    const file = join(dir, 'queries.txt');
    writeFileSync(file, 'protein folding\nzzqxv wqptj\n"unbalanced\n');
    const res = await runCli(['search', '--queries', file, '--json', '--limit', '3'], { DATABASE_URL: db.url });
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Array<{ id: string }>);
    expect(lines).toHaveLength(3);
    expect(lines[0]![0]!.id).toBe('2502.00002');
    expect(lines[1]).toEqual([]);
    expect((await runCli(['search'], { DATABASE_URL: db.url })).code).toBe(2);
    expect((await runCli(['search', 'x', '--limit', '-3'], { DATABASE_URL: db.url })).code).toBe(2);
    expect((await runCli(['search', '--queries', join(dir, 'missing.txt')], { DATABASE_URL: db.url })).code).toBe(2);
    expect((await runCli(['search', 'x', '--mode', 'fuzzy'], { DATABASE_URL: db.url })).code).toBe(2);
    const badFilter = await runCli(['search', 'x', '--category', 'cs.CL; drop'], { DATABASE_URL: db.url });
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toMatch(/not an arXiv category/);
  });

  it('reindexes into a snapshot that search then opens, and searches by meaning', async () => {
    await upsertPapers(db.store, topicCorpus());
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-snap-'));
    const env = { DATABASE_URL: db.url, SEARCH_SNAPSHOT_DIR: dir };
    const reindex = await runCli(['reindex'], env);
    expect(reindex.code, reindex.stderr).toBe(0);
    expect(reindex.stdout).toMatch(/built-in model shipped, extended by 42 papers/);
    expect(reindex.stdout).toMatch(/indexed 42 papers/);
    const generation = readFileSync(join(dir, 'current'), 'utf8').trim();
    for (const file of ['lexical.idx', 'facets.bin', 'vectors.bin', 'meta.json']) expect(existsSync(join(dir, generation, file))).toBe(true);
    const res = await runCli(['search', 'manipulator tactile', '--mode', 'semantic', '--json', '--limit', '3'], env);
    expect(res.code, res.stderr).toBe(0);
    const hits = JSON.parse(res.stdout) as Array<{ id: string }>;
    expect(hits.map((h) => topicOf(h.id))).toEqual([0, 0, 0]);
    const filtered = JSON.parse((await runCli(['search', 'speech', '--category', 'cs.RO', '--json'], env)).stdout) as Array<{ id: string }>;
    expect(filtered.every((h) => topicOf(h.id) === 0)).toBe(true);
  });
});

describe('paperboy commands exit when done', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await sqliteFactory.create();
    await upsertPapers(db.store, topicCorpus());
  });
  afterAll(() => db?.cleanup());

  /** runCli kills a process still running after this long: exit code null is a hang (each run takes 1-3 s). */
  const HANG = 20_000;
  it('above the vector threshold (the scan in a worker thread), search, reindex and stats exit', { timeout: 150_000 }, async () => {
    // SEARCH_VECTOR_EXACT_LIMIT=10 takes the path of a store above 50,000 papers with the 42 of the topic corpus.
    const env = { DATABASE_URL: db.url, SEARCH_SNAPSHOT_DIR: mkdtempSync(join(tmpdir(), 'paperboy-snap-')), SEARCH_VECTOR_EXACT_LIMIT: '10' };
    const reindex = await runCli(['reindex'], env, HANG);
    expect(reindex.code, reindex.stderr).toBe(0);
    for (const mode of ['semantic', 'hybrid']) {
      const res = await runCli(['search', 'manipulator tactile', '--mode', mode, '--json', '--limit', '3'], env, HANG);
      expect(res.code, `${mode}: ${res.stderr}`).toBe(0);
      expect((JSON.parse(res.stdout) as Array<{ id: string }>).map((h) => topicOf(h.id))).toEqual([0, 0, 0]);
    }
    const batch = join(env.SEARCH_SNAPSHOT_DIR, 'queries.txt');
    writeFileSync(batch, 'speech recognition\nprotein folding\n');
    expect((await runCli(['search', '--queries', batch, '--json'], env, HANG)).code).toBe(0);
    expect((await runCli(['stats'], env, HANG)).code).toBe(0);
  });
});
