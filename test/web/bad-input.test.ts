import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/domain/community-rules.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser, setAdmin } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { sessionClient as signedIn, startWeb, type WebClient, type WebHarness } from '../support/web.js';

/** Each request here answered a 500 on PostgreSQL (or did something worse on SQLite) before. */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`bad input (${dialect.name})`, () => {
    let web: WebHarness;
    let mod: WebClient;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [buildRecord({ id: '2411.00001', title: 'A paper', dailyAt: '2026-11-27T09:00:00.000Z' })]);
      mod = await sessionClient('mod@example.org');
      await setAdmin(web.store, (await findOrCreateUser(web.store, 'mod@example.org', 'mod')).id, true);
    });
    afterAll(() => web?.close());

    /** A signed-in client whose first page set the CSRF cookie. */
    async function sessionClient(email: string): Promise<WebClient> {
      const c = await signedIn(web, email);
      await c.get('/papers/2411.00001');
      return c;
    }

    function mailCount(): number {
      const dir = join(web.maildir, 'new');
      return existsSync(dir) ? readdirSync(dir).length : 0;
    }

    it('refuses NUL in a path, a query value or a form field with a 400 that says so', async () => {
      const c = await sessionClient('nul@example.org');
      const csrf = c.cookies.get('pb_csrf')!;
      const user = await c.get('/u/%00');
      expect(user.status).toBe(400);
      expect(user.text).toContain('control characters');
      expect((await c.get('/api/daily_papers?submitter=%00')).status).toBe(400);
      expect((await c.post('/vote', { _csrf: csrf, paper: '\u0000', vote: '1' })).status).toBe(400);
      expect((await c.post('/comments', { _csrf: csrf, paper: '\u0000', body: 'hi' })).status).toBe(400);
      expect((await mod.post('/moderation/hide-paper', { _csrf: mod.cookies.get('pb_csrf')!, paper: '24\u000011.00001', reason: 'spam spam' })).status).toBe(400);
    });

    it('refuses page cursors that decode to NUL or to numbers out of range', async () => {
      const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
      for (const key of [['u', 1, '\u0000', '2411.00001'], ['u', 1, '2026-11-27T09:00:00.000Z', '2411\u000000001'], ['u', 9_007_199_254_740_991, '2026-11-27T09:00:00.000Z', '2411.00001'], ['u', -9_007_199_254_740_991, 'x', 'y'], ['d', '2026-11-27', '\u0000']]) {
        const res = await web.client().get(`/api/v1/papers/date/2026-11-27?sort=${key[0] === 'u' ? 'upvotes' : 'date'}&cursor=${cursor(key)}`);
        expect(res.status, JSON.stringify(key)).toBe(400);
      }
    });

    it('keeps line breaks and tabs in comments (only other control characters are refused)', async () => {
      const c = await sessionClient('lines@example.org');
      const posted = await c.post('/comments', { _csrf: c.cookies.get('pb_csrf')!, paper: '2411.00001', body: 'line one\r\n\tline two' });
      expect(posted.status).toBe(303);
      expect((await c.post('/comments', { _csrf: c.cookies.get('pb_csrf')!, paper: '2411.00001', body: 'bell \u0007' })).status).toBe(400);
    });

    it('mails no address with a control character in it, on sign-in or subscription', async () => {
      const c = web.client();
      const page = await c.get('/login');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const before = mailCount();
      for (const email of ['a\u0000b@example.org', 'a\u007fb@example.org', 'a\u0001b@example.org']) {
        expect((await c.post('/login', { _csrf: csrf, email })).status).toBe(400);
        expect((await c.post('/subscribe', { email, frequency: 'daily' })).status).toBe(400);
      }
      expect(mailCount()).toBe(before);
    });

    it('answers ids that are not whole numbers from 1 to 2^31-1 with a 400', async () => {
      const c = await sessionClient('ids@example.org');
      const csrf = c.cookies.get('pb_csrf')!;
      for (const bad of ['abc', '1.5', '1e999', '99999999999999999999', '2147483648', '-1', '0x10']) {
        const reply = await c.post('/comments', { _csrf: csrf, paper: '2411.00001', parent: bad, body: 'a reply' });
        expect(reply.status, `parent=${bad}`).toBe(400);
        expect(reply.text).toContain('parent: must be a whole number');
        expect((await c.post(`/comments/${bad}/edit`, { _csrf: csrf, body: 'x' })).status, `edit ${bad}`).toBe(400);
        expect((await c.post(`/comments/${bad}/delete`, { _csrf: csrf })).status, `delete ${bad}`).toBe(400);
        expect((await mod.post('/moderation/hide-comment', { _csrf: mod.cookies.get('pb_csrf')!, comment: bad, reason: 'spam spam' })).status, `hide ${bad}`).toBe(400);
        expect((await c.get(`/moderation?before=${bad}`)).status, `before=${bad}`).toBe(400);
        expect((await c.post(`/api-tokens/${bad}/revoke`, { _csrf: csrf })).status, `revoke ${bad}`).toBe(404);
      }
      expect((await c.get('/moderation?before=2147483647')).status).toBe(200);
    });

    it('freezes a comment a moderator hid, and keeps its text in the log for moderators only', async () => {
      const author = await sessionClient('author@example.org');
      const csrf = author.cookies.get('pb_csrf')!;
      const posted = await author.post('/comments', { _csrf: csrf, paper: '2411.00001', body: 'Buy cheap pills at pills.example' });
      const id = /#c(\d+)/.exec(posted.location ?? '')![1]!;
      expect((await mod.post('/moderation/hide-comment', { _csrf: mod.cookies.get('pb_csrf')!, comment: id, reason: 'advertising' })).status).toBe(303);
      const edit = await author.post(`/comments/${id}/edit`, { _csrf: csrf, body: 'I only said hello' });
      expect(edit.status).toBe(403);
      expect(edit.text).toContain('a moderator hid this comment');
      expect((await author.post(`/comments/${id}/delete`, { _csrf: csrf })).status).toBe(403);
      const modLog = await mod.get('/moderation');
      expect(modLog.text).toContain('Buy cheap pills at pills.example');
      expect(modLog.text).not.toContain('I only said hello');
      const publicLog = await web.client().get('/moderation');
      expect(publicLog.text).toContain('advertising');
      expect(publicLog.text).not.toContain('Buy cheap pills');
    });

    it('redirects back only to local paths, whatever a browser strips', async () => {
      const c = await sessionClient('back@example.org');
      const csrf = c.cookies.get('pb_csrf')!;
      for (const back of ['/\t/evil.example', '/\n/evil.example', '/\r/evil.example', ' //evil.example', '/\\evil.example', '\\/evil.example', '//evil.example', 'https://evil.example', '/\u0000/evil.example'.replace('\u0000', '\u000b')]) {
        const res = await c.post('/vote', { _csrf: csrf, paper: '2411.00001', vote: '1', back });
        expect(res.status, JSON.stringify(back)).toBeLessThan(500);
        if (res.status === 303) expect(res.location, JSON.stringify(back)).toBe('/#p-2411.00001');
      }
      const ok = await c.post('/vote', { _csrf: csrf, paper: '2411.00001', vote: '0', back: '/search?q=caf%C3%A9' });
      expect(ok.location).toBe('/search?q=caf%C3%A9#p-2411.00001');
    });
  });
}

describe('safeNextPath', () => {
  it('keeps local paths and refuses anything a browser could read as another site', () => {
    expect(safeNextPath('/papers/2411.00001?x=1')).toBe('/papers/2411.00001?x=1');
    for (const bad of ['/\t/evil.example', '/\n/evil.example', '/ /evil.example', '/\\evil.example', '//evil.example', 'https://evil.example', '/\u0000', '/é', '', 42, undefined]) {
      expect(safeNextPath(bad), JSON.stringify(bad)).toBe('/');
    }
    expect(safeNextPath('//x', '/home')).toBe('/home');
  });
});
