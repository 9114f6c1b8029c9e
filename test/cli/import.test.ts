import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { findPaper } from '../../src/store/papers.js';
import { storeStats } from '../../src/store/stats.js';
import { runCli } from '../support/cli.js';
import { dialects, type TestStore } from '../support/stores.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/files/${name}`, import.meta.url));
const SHARED_JSONL = fileURLToPath(new URL('../../../shared/data/hf-daily-papers.jsonl', import.meta.url));

function summaryOf(stdout: string): { added: number; updated: number; unchanged: number; rejected: number } {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`paperboy import on ${dialect.name}`, () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('imports an xz-compressed JSONL file with its categories; a damaged one exits 2 naming it', async () => {
      const res = await runCli(['import', fixture('paperboy-categories.jsonl.xz'), '--json'], { DATABASE_URL: t.url });
      expect(res.code).toBe(0);
      expect(summaryOf(res.stdout)).toMatchObject({ added: 3, rejected: 0 });
      expect(await findPaper(t.store, '2503.00011')).toMatchObject({ primaryCategory: 'cs.CV', categories: ['cs.CV', 'cs.LG'] });
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-import-'));
      const whole = readFileSync(fixture('paperboy-categories.jsonl.gz'));
      const cut = join(dir, 'cut.jsonl.gz');
      writeFileSync(cut, whole.subarray(0, whole.length - 30));
      const damaged = await runCli(['import', cut], { DATABASE_URL: t.url });
      expect(damaged.code).toBe(2);
      expect(damaged.stderr).toContain('cut.jsonl.gz: the gzip data is damaged or cut short');
    });

    it('imports every format with --format auto; a second run adds and updates nothing', async () => {
      const files = ['paperboy.jsonl', 'hf-daily.jsonl', 'hf-daily-page.json', 'arxiv-snapshot.jsonl'].map(fixture);
      const first = await runCli(['import', ...files, '--json'], { DATABASE_URL: t.url });
      expect(first.stderr).toMatch(/rejected .*paperboy\.jsonl line \d+: /);
      expect(first.code).toBe(0);
      const s1 = summaryOf(first.stdout);
      // 15 distinct papers across the four files; 23 bad records, each reported with its line.
      expect(s1.added).toBe(15);
      expect(s1.rejected).toBe(23);
      expect(first.stderr.match(/^rejected /gm)).toHaveLength(23);
      const papers = (await storeStats(t.store)).papers;
      expect(papers).toBe(s1.added);

      const second = await runCli(['import', ...files, '--json'], { DATABASE_URL: t.url });
      const s2 = summaryOf(second.stdout);
      expect(s2).toEqual({ added: 0, updated: 0, unchanged: s1.added + s1.updated + s1.unchanged, rejected: s1.rejected });
      expect((await storeStats(t.store)).papers).toBe(papers);
    });

    it.skipIf(!existsSync(SHARED_JSONL))('imports the 1,536 shared papers, then 0 added and 0 updated', async () => {
      const first = await runCli(['import', SHARED_JSONL, '--json'], { DATABASE_URL: t.url });
      expect(summaryOf(first.stdout)).toEqual({ added: 1536, updated: 0, unchanged: 0, rejected: 0 });
      const second = await runCli(['import', SHARED_JSONL], { DATABASE_URL: t.url });
      expect(second.stdout).toContain('imported 1,536 papers: 0 added, 0 updated, 1536 unchanged, 0 rejected');
    });
  });
}

describe('paperboy import with bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  const db = join(dir, 'p.db');

  it('names a missing file and changes nothing', async () => {
    const r = await runCli(['import', join(dir, 'nope.jsonl')], { DATABASE_URL: db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('refuses an unknown format and an undetectable file', async () => {
    const odd = join(dir, 'odd.txt');
    writeFileSync(odd, 'hello, world\n');
    const bad = await runCli(['import', odd, '--format', 'csv'], { DATABASE_URL: db });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown format "csv"');
    const unknown = await runCli(['import', odd], { DATABASE_URL: db });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/cannot tell the format/);
  });

  it('asks for a file, rejects unknown options, and explains itself with --help', async () => {
    expect((await runCli(['import'], { DATABASE_URL: db })).stderr).toContain('name at least one file');
    const unknown = await runCli(['import', '--frobnicate'], { DATABASE_URL: db });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--frobnicate'/);
    const help = await runCli(['import', '--help'], { DATABASE_URL: db });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: paperboy import FILE...');
  });
});

describe('paperboy import after kill -9', () => {
  it('a re-run after a hard kill leaves every paper exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-kill-'));
    const db = join(dir, 'p.db');
    const file = join(dir, 'many.jsonl');
    const n = 60_000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = `2301.${String(i).padStart(5, '0')}`;
      lines.push(JSON.stringify({ id, title: `Paper ${i} on $\\alpha$-stable things`, authors: ['A. Author'], abstract: 'Abstract. '.repeat(40), published: '2023-01-15', upvotes: i % 50, source: 'hf-daily' }));
    }
    writeFileSync(file, `${lines.join('\n')}\n`);

    const { spawnCli } = await import('../support/cli.js');
    const child = spawnCli(['import', file], { DATABASE_URL: db });
    const store = openStore(db);
    try {
      // Kill once a few batches are committed, in the middle of the file.
      const deadline = Date.now() + 60_000;
      let seen = 0;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        try {
          seen = (await storeStats(store)).papers;
        } catch {
          seen = 0; // tables not created yet
        }
        if (seen >= 4000) break;
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
      const atKill = (await storeStats(store)).papers;
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(n);

      const rerun = await runCli(['import', file, '--json'], { DATABASE_URL: db });
      const s = summaryOf(rerun.stdout);
      expect(s.added + s.unchanged).toBe(n);
      expect(s.unchanged).toBe(atKill);
      expect(s.updated).toBe(0);
      const final = await storeStats(store);
      expect(final.papers).toBe(n);
      // Every paper changed exactly once: the sequence counts papers, not attempts.
      expect(final.changeSeq).toBe(n);
    } finally {
      await store.close();
    }
  }, 120_000);
});
