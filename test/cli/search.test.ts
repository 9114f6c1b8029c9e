import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { runCli } from '../support/cli.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';

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
    writeFileSync(file, 'protein folding\nnothing matches this\n"unbalanced\n');
    const res = await runCli(['search', '--queries', file, '--json', '--limit', '3'], { DATABASE_URL: db.url });
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Array<{ id: string }>);
    expect(lines).toHaveLength(3);
    expect(lines[0]![0]!.id).toBe('2502.00002');
    expect(lines[1]).toEqual([]);
    expect((await runCli(['search'], { DATABASE_URL: db.url })).code).toBe(2);
    expect((await runCli(['search', 'x', '--limit', '-3'], { DATABASE_URL: db.url })).code).toBe(2);
    expect((await runCli(['search', '--queries', join(dir, 'missing.txt')], { DATABASE_URL: db.url })).code).toBe(2);
  });
});
