import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperAuthors } from '../../src/authors/author-links-job.js';
import { createClaim } from '../../src/store/author-claims.js';
import { findAuthorAdditions } from '../../src/store/author-additions.js';
import { authorsNamed } from '../../src/store/authors.js';
import { authorQueryKeys } from '../../src/domain/author-names.js';
import { idsWithCode } from '../../src/store/feed.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findUserByEmail } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, sessionClient, startWeb, type WebClient, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-27T18:00:00.000Z');
const PAPER = '2611.00011';

async function logCount(web: WebHarness): Promise<number> {
  const r = await web.store.db.selectFrom('moderation_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`author additions and the search's Authors box (${dialect.name})`, () => {
    let web: WebHarness;
    let author: WebClient;
    let stranger: WebClient;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({ id: PAPER, title: 'Sparse attention at scale', authors: ['Marie Curie', 'Pierre Curie'], dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 3 }),
        buildRecord({ id: '2611.00012', title: 'Radioactivity notes', authors: ['Marie Curie'], dailyAt: '2026-11-26T10:00:00.000Z' }),
        buildRecord({ id: '2611.00013', title: 'Another Curie', authors: ['Marie S. Curie'], dailyAt: '2026-11-25T10:00:00.000Z' }),
      ]);
      await syncPaperAuthors(web.store);
      author = await sessionClient(web, 'marie@sorbonne.example.fr');
      stranger = await sessionClient(web, 'eve@elsewhere.example.org');
      const user = (await findUserByEmail(web.store, 'marie@sorbonne.example.fr'))!;
      const marie = await web.store.db.selectFrom('authors').select('id').where('slug', '=', 'marie-curie').executeTakeFirstOrThrow();
      await createClaim(web.store, Number(marie.id), user.id, true, NOW);
    });
    afterAll(() => web?.close());

    it('only verified authors of the paper see the form', async () => {
      expect((await author.get(`/papers/${PAPER}`)).text).toContain('action="/author-additions"');
      expect((await stranger.get(`/papers/${PAPER}`)).text).not.toContain('action="/author-additions"');
      expect((await web.client().get(`/papers/${PAPER}`)).text).not.toContain('action="/author-additions"');
    });

    it('an author adds a code link, a project page and a note: the cached page shows them at once, escaped, logged in public, and the paper has code', async () => {
      const anonymous = web.client();
      expect((await anonymous.get(`/papers/${PAPER}`)).text).not.toContain('From the authors');
      expect(await idsWithCode(web.store, [PAPER])).toEqual(new Set());
      const page = await author.get(`/papers/${PAPER}`);
      const saved = await author.post('/author-additions', { _csrf: csrfOf(page.text), paper: PAPER, code: 'https://gitlab.example.org/curie/sparse', project: 'https://curie.example.fr/sparse', note: 'Slides <script>alert(1)</script> & data soon.' });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe(`/papers/${PAPER}#from-the-authors`);
      const shown = await anonymous.get(`/papers/${PAPER}`);
      expect(shown.text).toContain('From the authors');
      expect(shown.text).toContain('href="https://gitlab.example.org/curie/sparse"');
      expect(shown.text).toContain('href="https://curie.example.fr/sparse"');
      expect(shown.text).toContain('Slides &lt;script>alert(1)&lt;/script> &amp; data soon.');
      expect(shown.text).not.toContain('<script>alert(1)');
      expect(shown.text).toMatch(/>marie<\/a> <span class="author-badge"[^>]*>author<\/span>/);
      // The row announced itself to every process's cache (the trigger), not only to this one's.
      const change = await web.store.db.selectFrom('page_changes').select('paper_id').where('paper_id', '=', PAPER).executeTakeFirst();
      expect(change?.paper_id).toBe(PAPER);
      expect(await idsWithCode(web.store, [PAPER])).toEqual(new Set([PAPER]));
      expect((await anonymous.get('/papers/date/2026-11-27?code=1')).text).toContain('Sparse attention at scale');
      const log = await anonymous.get('/moderation');
      expect(log.text).toContain('edit author additions');
      expect(log.text).toContain('code link set to https://gitlab.example.org/curie/sparse');
      expect(log.text).toContain(`href="/papers/${PAPER}"`);
      // The form now holds what is there.
      expect((await author.get(`/papers/${PAPER}`)).text).toContain('value="https://curie.example.fr/sparse"');
    });

    it('bad addresses and long notes are a 400 that changes nothing; a stranger is a 403; no CSRF token is refused', async () => {
      const before = await findAuthorAdditions(web.store, PAPER);
      const logs = await logCount(web);
      const csrf = csrfOf((await author.get(`/papers/${PAPER}`)).text);
      const bad: [Record<string, string>, RegExp][] = [
        [{ code: 'javascript:alert(1)' }, /only http:\/\/ and https:\/\//],
        [{ project: 'data:text/html,<b>x</b>' }, /only http:\/\/ and https:\/\//],
        [{ code: 'ftp://example.org/x' }, /only http:\/\/ and https:\/\//],
        [{ code: `https://example.org/${'a'.repeat(2000)}` }, /at most 2000 characters/],
        [{ project: 'not a url' }, /a full address/],
        [{ note: 'x'.repeat(501) }, /at most 500 characters/],
      ];
      for (const [fields, message] of bad) {
        const res = await author.post('/author-additions', { _csrf: csrf, paper: PAPER, code: '', project: '', note: '', ...fields });
        expect(res.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
        expect(res.text).toMatch(message);
      }
      const theirs = csrfOf((await stranger.get(`/papers/${PAPER}`)).text);
      const refused = await stranger.post('/author-additions', { _csrf: theirs, paper: PAPER, code: 'https://evil.example.org/x', project: '', note: 'mine now' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('verified authors');
      expect((await author.post('/author-additions', { paper: PAPER, code: 'https://x.example.org/' })).status).toBe(403);
      expect((await web.client().post('/author-additions', { paper: PAPER, code: 'https://x.example.org/' })).status).toBe(403);
      expect((await author.post('/author-additions', { _csrf: csrf, paper: '2611.99999', code: 'https://x.example.org/' })).status).toBe(404);
      expect(await findAuthorAdditions(web.store, PAPER)).toEqual(before);
      expect(await logCount(web)).toBe(logs);
    });

    it('saving the same again logs nothing; emptying every field removes the additions and logs it', async () => {
      const csrf = csrfOf((await author.get(`/papers/${PAPER}`)).text);
      const logs = await logCount(web);
      const current = (await findAuthorAdditions(web.store, PAPER))!;
      await author.post('/author-additions', { _csrf: csrf, paper: PAPER, code: current.codeUrl!, project: current.projectUrl!, note: current.note! });
      expect(await logCount(web)).toBe(logs);
      const cleared = await author.post('/author-additions', { _csrf: csrf, paper: PAPER, code: '', project: '', note: '' });
      expect(cleared.status).toBe(303);
      expect(await findAuthorAdditions(web.store, PAPER)).toBeUndefined();
      expect(await logCount(web)).toBe(logs + 1);
      expect((await web.client().get(`/papers/${PAPER}`)).text).not.toContain('From the authors');
      expect((await web.client().get('/moderation')).text).toContain('code link removed; project page removed; note removed');
    });

    it('a query naming an author puts an Authors box above the results; long, quoted and arXiv-id queries skip the lookup', async () => {
      for (const q of ['Marie Curie', 'curie marie', 'Curie, Marie', 'MARIE S. CURIE']) {
        const page = await web.client().get(`/search?q=${encodeURIComponent(q)}`);
        expect(page.text, q).toContain('aria-label="Authors"');
        expect(page.text, q).toMatch(/<a href="\/authors\/marie-curie">Marie Curie<\/a> <span class="muted">· 3 papers<\/span>/);
      }
      for (const q of ['sparse attention', '"Marie Curie"', 'Marie Curie sparse attention at scale today', '2611.00011']) {
        expect((await web.client().get(`/search?q=${encodeURIComponent(q)}`)).text, q).not.toContain('aria-label="Authors"');
      }
      expect(await authorsNamed(web.store, authorQueryKeys('pierre curie'), 3)).toEqual([{ slug: 'pierre-curie', name: 'Pierre Curie', papers: 1 }]);
      expect(await authorsNamed(web.store, [], 3)).toEqual([]);
    });
  });
}
