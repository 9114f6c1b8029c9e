import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/store/api-tokens.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findUserByName } from '../../src/store/users.js';
import { setVote } from '../../src/store/votes.js';
import { FOR_YOU_LAST_DAY, FOR_YOU_NOW, forYouCorpus, forYouId } from '../support/for-you-corpus.js';
import { dialects } from '../support/stores.js';
import { csrfOf, sessionClient, startWeb, type WebClient, type WebHarness } from '../support/web.js';

const id = forYouId;
const NOW = FOR_YOU_NOW;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`For you: page, feedback, privacy, API (${dialect.name})`, () => {
    let web: WebHarness;
    let robo: WebClient;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, forYouCorpus());
      await web.search.start();
      robo = await sessionClient(web, 'robo@example.org');
      const user = (await findUserByName(web.store, 'robo'))!;
      for (let n = 0; n < 5; n++) await setVote(web.store, user.id, id(0, n), true);
    }, 120_000);
    afterAll(() => web?.close());

    it('signed out: a sign-in prompt, never cached', async () => {
      const res = await web.client().get('/for-you');
      expect(res.status).toBe(200);
      expect(res.text).toContain('/login?next=%2Ffor-you');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect((await web.client().get('/for-you?period=year')).status).toBe(400);
    });

    it("ranks the week's robotics papers first with their reason; voted ones never shown; private", async () => {
      const res = await robo.get('/for-you?period=week');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const order = [...res.text.matchAll(/<li class="card" id="p-([\d.]+)"/g)].map((m) => m[1]);
      expect(order.slice(0, 3).sort()).toEqual([id(0, 5), id(0, 6), id(0, 7)]);
      for (let n = 0; n < 5; n++) expect(order).not.toContain(id(0, n));
      expect(res.text).toMatch(/Because you upvoted <a href="\/papers\/2601\.10{2}\d/);
      expect(res.text).not.toContain('Tell For you');
      // Another user (cold start) sees none of robo's reasons, and the picker.
      const other = await sessionClient(web, 'other@example.org');
      const theirs = await other.get('/for-you?period=week');
      expect(theirs.text).not.toContain('Because you upvoted');
      expect(theirs.text).toContain('Tell For you');
    });

    it('cold start: picked categories become follows', async () => {
      const fresh = await sessionClient(web, 'fresh@example.org');
      const page = await fresh.get('/for-you');
      const res = await fresh.post('/for-you/categories', { _csrf: csrfOf(page.text), category: 'cs.RO', back: '/for-you' });
      expect(res.status).toBe(303);
      expect((await fresh.get('/for-you')).text).toMatch(/value="cs\.RO" checked/);
      expect((await fresh.post('/for-you/categories', { _csrf: csrfOf(page.text), category: 'not a category' })).status).toBe(400);
    });

    it('not interested removes a paper at once (form and JSON); bad input changes nothing', async () => {
      const top = id(0, 7);
      const page = await robo.get('/for-you?period=week');
      const csrf = csrfOf(page.text);
      expect((await robo.post('/for-you/feedback', { paper_id: top, kind: 'nope', _csrf: csrf })).status).toBe(400);
      expect((await robo.post('/for-you/feedback', { paper_id: '2601.99999', kind: 'not_interested', _csrf: csrf })).status).toBeGreaterThanOrEqual(400);
      expect((await robo.post('/for-you/feedback', { paper_id: top, kind: 'not_interested' })).status).toBe(403);
      expect((await robo.get('/for-you?period=week')).text).toContain(`id="p-${top}"`);
      const res = await robo.post('/for-you/feedback', { paper_id: top, kind: 'not_interested', back: '/for-you?period=week', _csrf: csrf });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/for-you?period=week');
      expect((await robo.get('/for-you?period=week')).text).not.toContain(`id="p-${top}"`);
      const json = await robo.post('/for-you/feedback', { paper_id: id(1, 7), kind: 'more_like_this', _csrf: csrf }, { accept: 'application/json' });
      expect(JSON.parse(json.text)).toEqual({ paper_id: id(1, 7), kind: 'more_like_this' });
    });

    it('history: counts and feedback for the owner only; undo; forget my history keeps the upvotes', async () => {
      const mine = await robo.get('/for-you/history');
      expect(mine.headers.get('cache-control')).toBe('private, no-store');
      expect(mine.text).toMatch(/data-kind="upvoted"><td>[^<]+<\/td><td>5</);
      expect(mine.text).toMatch(/data-kind="not_interested"><td>[^<]+<\/td><td>1</);
      expect(mine.text).toContain(`/papers/${id(0, 7)}`);
      const other = await sessionClient(web, 'nosy@example.org');
      const theirs = await other.get('/for-you/history');
      expect(theirs.text).not.toContain(id(0, 7));
      expect(theirs.text).toMatch(/data-kind="upvoted"><td>[^<]+<\/td><td>0</);
      expect((await web.client().get('/for-you/history')).status).toBe(303);

      const csrf = csrfOf(mine.text);
      expect((await robo.post('/for-you/feedback/undo', { paper_id: id(1, 7), _csrf: csrf })).status).toBe(303);
      expect((await robo.get('/for-you/history')).text).toMatch(/data-kind="more_like_this"><td>[^<]+<\/td><td>0</);
      // Someone else's forget (with their own session) touches only theirs.
      await other.post('/for-you/forget', { _csrf: csrfOf(theirs.text) });
      expect((await robo.get('/for-you/history')).text).toMatch(/data-kind="not_interested"><td>[^<]+<\/td><td>1</);
      expect((await robo.post('/for-you/forget', { _csrf: csrf })).status).toBe(303);
      const after = await robo.get('/for-you/history');
      expect(after.text).toMatch(/data-kind="not_interested"><td>[^<]+<\/td><td>0</);
      expect(after.text).toMatch(/data-kind="upvoted"><td>[^<]+<\/td><td>5</);
      expect((await robo.get('/for-you?period=week')).text).toContain(`id="p-${id(0, 7)}"`);
    });

    it('API: recommendations with reasons, feedback and its undo, with a token only', async () => {
      const user = (await findUserByName(web.store, 'robo'))!;
      const { secret } = await createApiToken(web.store, user.id, 'for-you');
      const auth = { authorization: `Bearer ${secret}` };
      const c = web.client();
      expect((await c.get('/api/v1/me/recommendations')).status).toBe(401);
      expect((await c.get('/api/v1/me/recommendations?period=month', auth)).status).toBe(400);
      const res = await c.get('/api/v1/me/recommendations?period=week&limit=5', auth);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const body = JSON.parse(res.text) as { to: string; papers: { id: string; reason: { kind: string; text: string; paper_id: string | null } }[] };
      expect(body.to).toBe(FOR_YOU_LAST_DAY);
      expect(body.papers).toHaveLength(5);
      expect(body.papers[0]!.id.startsWith('2601.10')).toBe(true);
      expect(body.papers[0]!.reason.kind).toBe('similar_to_upvoted');
      expect(body.papers[0]!.reason.text).toMatch(/^Because you upvoted “Robot grasping study \d”$/);

      const post = (b: unknown) => fetch(`${web.url}/api/v1/me/feedback`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(b) });
      expect((await post({ paper_id: body.papers[0]!.id, kind: 'meh' })).status).toBe(400);
      expect((await post({ paper_id: '2601.99999', kind: 'not_interested' })).status).toBe(404);
      const ok = await post({ paper_id: body.papers[0]!.id, kind: 'not_interested' });
      expect(await ok.json()).toEqual({ paper_id: body.papers[0]!.id, kind: 'not_interested' });
      const again = JSON.parse((await c.get('/api/v1/me/recommendations?period=week&limit=5', auth)).text) as typeof body;
      expect(again.papers.map((p) => p.id)).not.toContain(body.papers[0]!.id);
      const del = await fetch(`${web.url}/api/v1/me/feedback/${body.papers[0]!.id}`, { method: 'DELETE', headers: auth });
      expect(await del.json()).toEqual({ paper_id: body.papers[0]!.id, kind: null });
      expect((JSON.parse((await c.get('/api/v1/me/recommendations?period=week&limit=5', auth)).text) as typeof body).papers.map((p) => p.id)).toContain(body.papers[0]!.id);
    });

    it('For-you digests: only for a signed-in user, to their own address', async () => {
      const anon = web.client();
      const refused = await anon.post('/subscribe', { email: 'robo@example.org', frequency: 'daily', for_you: '1' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('For you needs an account');
      const own = await robo.get('/subscribe');
      expect((await robo.post('/subscribe', { _csrf: csrfOf(own.text), email: 'someone@example.org', frequency: 'daily', for_you: '1' })).status).toBe(400);
      const ok = await robo.post('/subscribe', { _csrf: csrfOf(own.text), email: 'robo@example.org', frequency: 'daily', for_you: '1' });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('Check your inbox');
    });
  });
}
