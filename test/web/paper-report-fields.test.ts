import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPaper, upsertPapers } from '../../src/store/papers.js';
import { paperDetailSchema } from '../../src/web/api/v1/schemas.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-28T15:00:00Z');

/** arXiv's submitter, report number and MSC class: stored, on the page, in /api/v1 and in BibTeX. */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`report number, MSC class and arXiv submitter (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        { ...buildRecord({ id: 'hep-th/9901001', title: 'Boundary states', dailyAt: '2026-11-27T09:00:00.000Z' }), source: 'arxiv-oai', submitter: 'Alain Dupré', reportNo: 'CERN-TH/98-412', mscClass: '81T30; 81T40' },
        buildRecord({ id: '2611.00002', title: 'Without them', dailyAt: '2026-11-27T10:00:00.000Z' }),
      ]);
    });
    afterAll(() => web?.close());

    it('keeps them in the store; a record without them leaves them as they are', async () => {
      expect(await findPaper(web.store, 'hep-th/9901001')).toMatchObject({ submitter: 'Alain Dupré', reportNo: 'CERN-TH/98-412', mscClass: '81T30; 81T40' });
      await upsertPapers(web.store, [{ source: 'hf-daily', id: 'hep-th/9901001', title: 'Boundary states' }]);
      expect(await findPaper(web.store, 'hep-th/9901001')).toMatchObject({ reportNo: 'CERN-TH/98-412' });
      expect(await findPaper(web.store, '2611.00002')).toMatchObject({ submitter: null, reportNo: null, mscClass: null });
    });

    it('shows them on the paper page, in the JSON and in BibTeX', async () => {
      const page = await (await fetch(`${web.url}/papers/hep-th/9901001`)).text();
      expect(page).toMatch(/<dt>Report number<\/dt><dd>CERN-TH\/98-412<\/dd>/);
      expect(page).toMatch(/<dt>MSC class<\/dt><dd>81T30; 81T40<\/dd>/);
      expect(page).toMatch(/<dt>Submitted to arXiv by<\/dt><dd>Alain Dupré<\/dd>/);
      expect(page).toContain('reportNumber={CERN-TH/98-412}');
      const plain = await (await fetch(`${web.url}/papers/2611.00002`)).text();
      expect(plain).not.toMatch(/Report number|MSC class|Submitted to arXiv by/);

      const json = await (await fetch(`${web.url}/api/v1/papers/hep-th/9901001`)).json();
      expect(paperDetailSchema.parse(json)).toMatchObject({ report_no: 'CERN-TH/98-412', msc_class: '81T30; 81T40', arxiv_submitter: 'Alain Dupré' });
      expect(await (await fetch(`${web.url}/api/v1/papers/2611.00002`)).json()).toMatchObject({ report_no: null, msc_class: null, arxiv_submitter: null });
      expect(await (await fetch(`${web.url}/api/v1/papers/hep-th/9901001.bib`)).text()).toContain('reportNumber={CERN-TH/98-412}');
      const openapi = JSON.stringify(await (await fetch(`${web.url}/api/v1/openapi.json`)).json());
      expect(openapi).toContain('"report_no"');
    });
  });
}
