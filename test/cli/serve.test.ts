import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArxivServer, startArxivServer } from '../support/arxiv-server.js';
import { runCli } from '../support/cli.js';
import { type Running, startServe, stopServe } from '../support/serve.js';

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
