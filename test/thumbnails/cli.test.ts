import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { runCli } from '../support/cli.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';
import { latexLikePdf } from './pdf-fixtures.js';
import { type PdfServer, startPdfServer } from './pdf-server.js';

describe('paperboy thumbnails', () => {
  let test: TestStore;
  let pdfs: PdfServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await sqliteFactory.create();
    pdfs = await startPdfServer();
    await upsertPapers(test.store, [buildRecord({ id: '2401.00300', submittedAt: '2024-01-02T10:00:00.000Z' }), buildRecord({ id: '2312.00300', submittedAt: '2023-12-02T10:00:00.000Z' })]);
    const pdf = await latexLikePdf();
    pdfs.routes.set('2401.00300', { kind: 'pdf', body: pdf });
    pdfs.routes.set('2312.00300', { kind: 'pdf', body: pdf });
    env = { DATABASE_URL: test.url, ARXIV_PDF_URL: pdfs.url, ARXIV_REQUEST_INTERVAL_MS: '10' };
  });
  afterAll(async () => {
    await pdfs.close();
    await test.cleanup();
  });

  const rows = () => test.store.db.selectFrom('paper_thumbnails').select(['paper_id', 'status']).orderBy('paper_id').execute();

  it.each([
    [['--since', '2024-13-01'], /--since must be a date as YYYY-MM-DD/],
    [['--ids', 'not-an-id'], /not-an-id/],
    [['--ids', '2401.99999'], /not in the store: 2401\.99999/],
    [['--limit', '0'], /--limit must be a positive whole number/],
    [['--bogus'], /Unknown option/],
  ])('refuses %j with a clear error, exit 2, nothing fetched or stored', async (args, message) => {
    const r = await runCli(['thumbnails', ...args], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(pdfs.requests).toHaveLength(0);
    expect(await rows()).toEqual([]);
  });

  it('THUMBNAILS=off refuses to fetch', async () => {
    const r = await runCli(['thumbnails', '--since', '2023-01-01'], { ...env, THUMBNAILS: 'off' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/THUMBNAILS=off/);
    expect(pdfs.requests).toHaveLength(0);
  });

  it('backfills explicit ids, then everything since a day', async () => {
    const one = await runCli(['thumbnails', '--ids', 'arXiv:2312.00300v2'], env);
    expect(one.stderr).toBe('1 papers: 1 ready, 0 failed\n');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/thumbnails: 1 made, 0 failed; in the store: 1 ready, 0 failed/);
    const all = await runCli(['thumbnails', '--since', '2023-01-01'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/thumbnails: 1 made/);
    expect(await rows()).toEqual([{ paper_id: '2312.00300', status: 'ready' }, { paper_id: '2401.00300', status: 'ready' }]);
    expect(pdfs.requests.map((q) => q.path).sort()).toEqual(['/pdf/2312.00300', '/pdf/2401.00300']);
  });
});
