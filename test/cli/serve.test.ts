import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArxivServer, startArxivServer } from '../support/arxiv-server.js';
import { runCli } from '../support/cli.js';
import { type Running, startServe, stopServe } from '../support/serve.js';
import { postgresFactory } from '../support/stores.js';
import { createApiToken } from '../../src/store/api-tokens.js';
import { findOrCreateUser } from '../../src/store/users.js';

const fixture = fileURLToPath(new URL('../fixtures/files/paperboy.jsonl', import.meta.url));

async function health(base: string): Promise<{ status: string; papers: number; store: { dialect: string; ok: boolean }; ingestion: { kind: string; error: string | null }[] }> {
  return (await fetch(`${base}/healthz`)).json() as never;
}

describe('paperboy serve', () => {
  let running: Running | undefined;
  let arxiv: ArxivServer | undefined;
  afterEach(async () => {
    await stopServe(running);
    running = undefined;
    await arxiv?.close();
    arxiv = undefined;
  });

  it('reports store status and paper count on /healthz, and shuts down cleanly on SIGTERM', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'paperboy-serve-')), 'p.db');
    await runCli(['import', fixture], { DATABASE_URL: db });
    running = await startServe({ DATABASE_URL: db });
    const h = await health(running.base);
    expect(h).toMatchObject({ status: 'ok', papers: 4, store: { dialect: 'sqlite', ok: true } });
    const missing = await fetch(`${running.base}/nope`);
    expect(missing.status).toBe(404);
    running.child.kill('SIGTERM');
    const code = await new Promise((r) => running?.child.once('close', r));
    expect(code).toBe(0);
  });

  it('runs a catch-up ingestion from arXiv at start', async () => {
    arxiv = await startArxivServer();
    const db = join(mkdtempSync(join(tmpdir(), 'paperboy-serve-')), 'p.db');
    running = await startServe({
      DATABASE_URL: db, INGEST_SCHEDULE: '30 0 * * *', ARXIV_CATEGORIES: 'cs.CL', ARXIV_REQUEST_INTERVAL_MS: '10',
      ARXIV_OAI_URL: arxiv.oaiUrl, ARXIV_API_URL: arxiv.apiUrl, ARXIV_RSS_URL: arxiv.rssUrl,
    });
    const deadline = Date.now() + 20_000;
    let h = await health(running.base);
    while (h.papers === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      h = await health(running.base);
    }
    expect(h.papers).toBeGreaterThan(0);
    expect(arxiv.requests[0]?.path).toBe('/rss/cs.CL');
  });

  it('without a reachable arXiv, logs one clear line and keeps serving', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'paperboy-serve-')), 'p.db');
    running = await startServe({ DATABASE_URL: db, INGEST_SCHEDULE: '30 0 * * *', ARXIV_MAX_RETRIES: '1', ARXIV_BACKOFF_MS: '10', ARXIV_REQUEST_INTERVAL_MS: '10' });
    const deadline = Date.now() + 20_000;
    while (!running.output().includes('arxiv-ingest failed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const failures = running.output().split('\n').filter((l) => l.includes('arxiv-ingest failed'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/network error|ECONNREFUSED/);
    expect((await health(running.base)).status).toBe('ok');
  });

  it('refuses a bad configuration with a message naming the variable', async () => {
    const r = await runCli(['serve'], { PORT: 'eighty', INGEST_SCHEDULE: 'every day' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
  });
});

describe.skipIf(!postgresFactory.available)('two paperboy serve processes on one PostgreSQL schema', () => {
  it('hold the daily submission and index limits together: 20 parallel requests split over both, 10 accepted', async () => {
    const arxiv = await startArxivServer({ apiSynthesize: true });
    const test = await postgresFactory.create();
    const servers: Running[] = [];
    try {
      const user = await findOrCreateUser(test.store, 'busy@example.org', 'busy');
      const { secret } = await createApiToken(test.store, user.id, 'two servers', new Date());
      // No search by meaning: training the built-in model on each arrival would only load the machine.
      const env = { DATABASE_URL: test.url, ARXIV_API_URL: arxiv.apiUrl, ARXIV_REQUEST_INTERVAL_MS: '0', EMBEDDINGS: 'off' };
      servers.push(...(await Promise.all([startServe(env), startServe(env)])));
      const post = (i: number, path: string, body: unknown) =>
        fetch(servers[i % 2]!.base + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` } }).then((r) => r.status);
      const id = (n: number) => `2612.${String(n).padStart(5, '0')}`;
      const submitted = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i, '/api/v1/papers', { id: id(700 + i) })));
      expect(submitted.sort()).toEqual([...Array(10).fill(201), ...Array(10).fill(429)]);
      const indexed = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i, '/api/papers/index', { arxivId: id(800 + i) })));
      expect(indexed.sort()).toEqual([...Array(10).fill(201), ...Array(10).fill(429)]);
    } finally {
      for (const s of servers) {
        s.child.kill('SIGTERM');
        if (s.child.exitCode === null) await new Promise((r) => s.child.once('close', r));
      }
      await test.cleanup();
      await arxiv.close();
    }
  });
});
