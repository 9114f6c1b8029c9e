import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { findThumbnailImage, papersNeedingThumbnails, thumbnailKeys } from '../../src/store/thumbnails.js';
import { runThumbnails, type ThumbnailJobDeps } from '../../src/thumbnails/thumbnail-job.js';
import { testArxivClient } from '../support/arxiv-server.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';
import { brokenPdf, latexLikePdf } from './pdf-fixtures.js';
import { type PdfServer, startPdfServer } from './pdf-server.js';

const NOW = new Date('2024-01-05T12:00:00.000Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`thumbnail job (${dialect.name})`, () => {
    let pdfs: PdfServer;
    let test: TestStore;
    let pdf: Buffer;

    beforeAll(async () => {
      pdfs = await startPdfServer();
      pdf = await latexLikePdf();
    });
    afterAll(async () => {
      await pdfs.close();
    });
    beforeEach(async () => {
      test = await dialect.create();
      pdfs.routes.clear();
      pdfs.requests.length = 0;
      pdfs.written.clear();
    });
    afterEach(async () => {
      await test.cleanup();
    });

    const deps = (over: Partial<ThumbnailJobDeps> = {}): ThumbnailJobDeps => ({
      store: test.store,
      client: testArxivClient({ maxRetries: 1, backoffMs: 20, timeoutMs: 5000 }),
      pdfUrl: pdfs.url,
      enabled: true,
      now: () => NOW,
      ...over,
    });
    const addPapers = (...ids: string[]) => upsertPapers(test.store, ids.map((id) => buildRecord({ id, title: `Paper ${id}` })));
    const row = (id: string) => test.store.db.selectFrom('paper_thumbnails').selectAll().where('paper_id', '=', id).executeTakeFirst();

    it('renders page 1 of a LaTeX-like paper into a ~400 px WebP kept in the store', async () => {
      await addPapers('2401.00001', 'hep-th/9901001');
      pdfs.routes.set('2401.00001', { kind: 'pdf', body: pdf });
      pdfs.routes.set('hep-th/9901001', { kind: 'pdf', body: pdf });
      const r = await runThumbnails(deps());
      expect(r).toEqual({ tried: 2, ready: 2, failed: 0, disabled: false });
      expect(pdfs.requests.map((q) => q.path).sort()).toEqual(['/pdf/2401.00001', '/pdf/hep-th/9901001']);

      const stored = await findThumbnailImage(test.store, '2401.00001');
      expect(stored).toMatchObject({ contentType: 'image/webp', width: 400, height: 518 });
      expect(stored!.hash).toMatch(/^[0-9a-f]{16}$/);
      const meta = await sharp(stored!.image).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 400, height: 518 });
      expect(stored!.image.length).toBeGreaterThan(5_000);
      expect(stored!.image.length).toBeLessThan(60_000);
      // Drawn, not blank: the page has dark text and the figure's blue bars.
      const { data, info } = await sharp(stored!.image).raw().toBuffer({ resolveWithObject: true });
      let dark = 0;
      let blue = 0;
      for (let i = 0; i < data.length; i += info.channels) {
        const [r0, g0, b0] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r0 + g0 + b0 < 450) dark++;
        if (b0 > 150 && r0 < 100) blue++;
      }
      expect(dark).toBeGreaterThan(1_000);
      expect(blue).toBeGreaterThan(200);

      const keys = await thumbnailKeys(test.store, ['2401.00001', 'hep-th/9901001', '2401.99999']);
      expect([...keys.keys()].sort()).toEqual(['2401.00001', 'hep-th/9901001']);
      expect(keys.get('2401.00001')).toBe(stored!.hash);
      expect(await row('2401.00001')).toMatchObject({ status: 'ready', attempts: 0, error: null, bytes: stored!.image.length });
      // Done: the next run has nothing to do and fetches nothing.
      expect(await runThumbnails(deps())).toMatchObject({ tried: 0 });
      expect(pdfs.requests).toHaveLength(2);
    });

    it('marks a broken PDF failed with the reason, retries it after the backoff, and gives up after 4 tries', async () => {
      await addPapers('2401.00002', '2401.00003');
      pdfs.routes.set('2401.00002', { kind: 'pdf', body: brokenPdf() });
      pdfs.routes.set('2401.00003', { kind: 'pdf', body: pdf });
      const r = await runThumbnails(deps());
      expect(r).toMatchObject({ tried: 2, ready: 1, failed: 1 });
      const failed = await row('2401.00002');
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, image: null });
      expect(failed!.error).toMatch(/broken PDF/);
      expect(failed!.retry_at).toBe(new Date(NOW.getTime() + 3_600_000).toISOString());
      // Not due yet; due after the hour; then 6 h, 24 h, then never again.
      expect(await papersNeedingThumbnails(test.store, { now: NOW, limit: 10 })).toEqual([]);
      let at = NOW.getTime();
      for (const wait of [3_600_000, 6 * 3_600_000, 24 * 3_600_000]) {
        at += wait;
        const later = new Date(at);
        expect((await papersNeedingThumbnails(test.store, { now: later, limit: 10, since: '2024-01-01' })).map((p) => p.id)).toEqual(['2401.00002']);
        await runThumbnails(deps({ now: () => later }), { since: '2024-01-01' });
      }
      expect(await row('2401.00002')).toMatchObject({ status: 'failed', attempts: 4, retry_at: null });
      expect(await papersNeedingThumbnails(test.store, { now: new Date(at + 365 * 86_400_000), limit: 10, since: '2024-01-01' })).toEqual([]);
      // An explicit backfill of the id still tries it.
      expect((await papersNeedingThumbnails(test.store, { now: NOW, limit: 10, ids: ['2401.00002', '2401.00003'] })).map((p) => p.id)).toEqual(['2401.00002']);
    });

    it('gives up on a server too slow to send the PDF (timeout) and records it', async () => {
      await addPapers('2401.00004');
      pdfs.routes.set('2401.00004', { kind: 'slow', body: pdf, delayMs: 10_000 });
      const started = Date.now();
      const r = await runThumbnails(deps({ client: testArxivClient({ maxRetries: 0, timeoutMs: 300 }), fetch: { timeoutMs: 300 } }));
      expect(r).toMatchObject({ tried: 1, failed: 1 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await row('2401.00004'))!.error).toMatch(/timed out/);
    });

    it('refuses a 50 MB PDF by its Content-Length, and one without a length as the stream passes 30 MB, never reading it all', async () => {
      await addPapers('2401.00005', '2401.00006');
      const bytes = 50 * 1024 * 1024;
      pdfs.routes.set('2401.00005', { kind: 'huge', bytes, declareLength: true });
      pdfs.routes.set('2401.00006', { kind: 'huge', bytes, declareLength: false });
      const heapBefore = process.memoryUsage().rss;
      const r = await runThumbnails(deps());
      expect(r).toMatchObject({ tried: 2, failed: 2 });
      const declared = await row('2401.00005');
      expect(declared!.error).toMatch(/larger than 30 MB \(Content-Length 52428800\)/);
      const streamed = await row('2401.00006');
      expect(streamed!.error).toMatch(/larger than 30 MB .*bytes streamed, stopped reading/);
      // Final: refused files are not tried again.
      expect(declared).toMatchObject({ retry_at: null, attempts: 1 });
      // One request each (a refusal is not retried), and the server never got all 50 MB out.
      expect(pdfs.requests.map((q) => q.path).sort()).toEqual(['/pdf/2401.00005', '/pdf/2401.00006']);
      expect(pdfs.written.get('/pdf/2401.00005') ?? 0).toBeLessThan(8 * 1024 * 1024);
      expect(pdfs.written.get('/pdf/2401.00006') ?? 0).toBeLessThan(45 * 1024 * 1024);
      expect(process.memoryUsage().rss - heapBefore).toBeLessThan(200 * 1024 * 1024);
    });

    it('waits out a 429 for its Retry-After, then makes the thumbnail', async () => {
      await addPapers('2401.00007');
      pdfs.routes.set('2401.00007', { kind: 'throttle', times: 1, retryAfter: '1', body: pdf });
      const r = await runThumbnails(deps());
      expect(r).toMatchObject({ tried: 1, ready: 1 });
      expect(pdfs.requests).toHaveLength(2);
      expect(pdfs.requests[1]!.at - pdfs.requests[0]!.at).toBeGreaterThanOrEqual(950);
    });

    it('records arXiv having no PDF (404) as a failure to retry', async () => {
      await addPapers('2401.00008');
      const r = await runThumbnails(deps());
      expect(r).toMatchObject({ failed: 1 });
      expect(await row('2401.00008')).toMatchObject({ status: 'failed', attempts: 1, error: 'no PDF for 2401.00008: HTTP 404' });
    });

    it('THUMBNAILS=off fetches nothing and writes nothing', async () => {
      await addPapers('2401.00009');
      pdfs.routes.set('2401.00009', { kind: 'pdf', body: pdf });
      const r = await runThumbnails(deps({ enabled: false }));
      expect(r).toEqual({ tried: 0, ready: 0, failed: 0, disabled: true });
      expect(pdfs.requests).toHaveLength(0);
      expect(await row('2401.00009')).toBeUndefined();
    });

    it('leaves out papers older than the window, hidden papers, and takes --since and explicit ids', async () => {
      await upsertPapers(test.store, [
        buildRecord({ id: '2312.00001', submittedAt: '2023-12-01T10:00:00.000Z' }),
        buildRecord({ id: '2401.00010', submittedAt: '2024-01-04T10:00:00.000Z' }),
        buildRecord({ id: '2401.00011', submittedAt: '2024-01-04T11:00:00.000Z' }),
      ]);
      await test.store.db.insertInto('paper_activity').values({ paper_id: '2401.00011', votes: 0, comments: 0, submitted_by: null, submitted_at: null, hidden_at: NOW.toISOString() }).execute();
      const ids = async (q: { since?: string; ids?: string[] }) => (await papersNeedingThumbnails(test.store, { now: NOW, limit: 10, ...q })).map((p) => p.id);
      expect(await ids({ since: '2024-01-01' })).toEqual(['2401.00010']);
      expect(await ids({ since: '2023-11-01' })).toEqual(['2401.00010', '2312.00001']);
      expect(await ids({ ids: ['2312.00001'] })).toEqual(['2312.00001']);
      pdfs.routes.set('2401.00010', { kind: 'pdf', body: pdf });
      // The scheduled run looks back 7 days from now.
      expect(await runThumbnails(deps())).toMatchObject({ tried: 1, ready: 1 });
    });
  });
}
