import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`paper pages (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [
        buildRecord({
          id: '2401.01234', version: 2, title: 'Attention in $\\mathcal{O}(n \\log n)$ time',
          abstract: 'We show $x^2 + y^2 = z^2$ and a broken $\\frac{1}{$ formula.', doi: '10.1000/xyz123',
          authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'],
          githubUrl: 'https://github.com/example/attn', dailyAt: '2026-11-27T09:00:00.000Z',
          versions: [{ version: 1, submittedAt: '2024-01-02T15:00:00.000Z' }, { version: 2, submittedAt: '2024-02-02T15:00:00.000Z' }],
        }),
        buildRecord({ id: 'hep-th/9901001', title: 'Old-style strings', submittedAt: '1999-01-04T00:00:00.000Z', updatedAt: '1999-01-04T00:00:00.000Z', versions: [{ version: 1, submittedAt: '1999-01-04T00:00:00.000Z' }] }),
        buildRecord({ id: '2401.06666', title: `Hostile ${HOSTILE} title`, abstract: `Abstract <script>alert(1)</script> and $\\href{javascript:alert(1)}{x}$`, authors: [`Mallory ${HOSTILE}`], comments: `<b onmouseover=alert(1)>x</b>`, dailyAt: '2026-11-27T09:00:00.000Z' }),
      ]);
    });
    afterAll(() => web?.close());

    it('renders title and abstract with math, all authors, links, facts and a BibTeX box', async () => {
      const res = await web.client().get('/papers/2401.01234');
      expect(res.status).toBe(200);
      expect(res.text).toContain('class="katex"');
      expect(res.text).toContain('Edsger Dijkstra, Barbara Liskov');
      expect(res.text).toContain('href="https://arxiv.org/abs/2401.01234"');
      expect(res.text).toContain('href="https://arxiv.org/pdf/2401.01234"');
      expect(res.text).toContain('href="https://github.com/example/attn"');
      expect(res.text).toContain('href="https://doi.org/10.1000/xyz123"');
      expect(res.text).toContain('@misc{');
      expect(res.text).toContain('eprint={2401.01234}');
      // The broken formula falls back to its source text, not to an error page.
      expect(res.text).toContain('\\frac{1}{');
    });

    it.each([
      ['/papers/2401.01234v2', '/papers/2401.01234'],
      ['/papers/arXiv:2401.01234', '/papers/2401.01234'],
      [`/papers/${encodeURIComponent('https://arxiv.org/abs/2401.01234v2')}`, '/papers/2401.01234'],
      ['/papers/https://arxiv.org/abs/2401.01234v2', '/papers/2401.01234'],
      ['/papers/math.GT/0309136', '/papers/math/0309136'],
    ])('redirects %s to the canonical URL', async (from, to) => {
      const res = await web.client().get(from);
      expect(res.status).toBe(301);
      expect(res.location).toBe(to);
    });

    it('serves old-style ids at their canonical path', async () => {
      const res = await web.client().get('/papers/hep-th/9901001');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Old-style strings');
    });

    it('answers an unknown id with a 404 that offers to submit it, and junk with a 400', async () => {
      const missing = await web.client().get('/papers/2501.99999');
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('href="/submit?id=2501.99999"');
      const junk = await web.client().get('/papers/not-an-id');
      expect(junk.status).toBe(400);
      expect(junk.text).toContain('Not an arXiv id');
    });

    it('keeps hostile titles, abstracts, authors and comments inert', async () => {
      for (const path of ['/papers/2401.06666', '/papers/date/2026-11-27']) {
        const res = await web.client().get(path);
        expect(res.status).toBe(200);
        expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
        expect(res.text).not.toMatch(/<img[^>]*onerror/i);
        expect(res.text).not.toMatch(/<script>alert/i);
        expect(res.text).not.toMatch(/<b onmouseover/i);
        expect(res.text).not.toMatch(/href="javascript:/i);
      }
    });
  });
}
