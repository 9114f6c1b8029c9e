import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishRun, startRun } from '../../src/store/ingest-runs.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');
const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000);
const COUNTS = { added: 0, updated: 0, unchanged: 0, rejected: 0 };

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the empty home page says what the arXiv ingestion is doing (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
    });
    afterAll(() => web?.close());

    /** Each state under its own address: anonymous pages are cached for 5 s. */
    let visit = 0;
    const home = async () => {
      const res = await web.client().get(`/?v=${++visit}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('No papers yet');
      expect(res.text).toContain('<code>npx paperboy ingest arxiv --days 3</code>');
      expect(res.text).toContain('<code>npx paperboy import FILE.jsonl</code>');
      return res.text;
    };

    it('without any run, only the commands', async () => {
      const text = await home();
      expect(text).not.toContain('Bringing in');
      expect(text).not.toContain('failed');
    });

    it('while a run is in progress, since when; when it failed, its error on one line', async () => {
      const id = await startRun(web.store, 'arxiv', minutesBefore(12));
      expect(await home()).toContain('Bringing in the latest papers from arXiv (started 12 min ago); this page fills as they arrive.');

      await finishRun(web.store, id, COUNTS, 'arXiv did not answer: connect ECONNREFUSED 127.0.0.1:2\n    at TCPConnectWrap', minutesBefore(11));
      const failed = await home();
      expect(failed).not.toContain('Bringing in');
      expect(failed).toContain('The last arXiv ingestion (12 min ago) failed: arXiv did not answer: connect ECONNREFUSED 127.0.0.1:2 at TCPConnectWrap. Check the network, then try the commands below.');

      // A submission's API run is not the catch-up: the page still reports the arXiv run.
      await startRun(web.store, 'arxiv-api', minutesBefore(1));
      expect(await home()).toContain('The last arXiv ingestion (12 min ago) failed');

      await startRun(web.store, 'arxiv', minutesBefore(0));
      expect(await home()).toContain('Bringing in the latest papers from arXiv (started just now)');
    });
  });
}
