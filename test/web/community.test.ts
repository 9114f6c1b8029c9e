import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countVoteRows } from '../../src/store/votes.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser, setAdmin } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, latestLinkTo, sessionClient as signedIn, startWeb, WebClient, type WebHarness } from '../support/web.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`accounts, votes, comments, moderation (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [
        buildRecord({ id: '2411.00001', title: 'Votable paper', dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 5 }),
        buildRecord({ id: '2411.00002', title: 'Discussed paper', dailyAt: '2026-11-27T09:00:00.000Z' }),
        buildRecord({ id: '2411.00003', title: 'Spam paper', dailyAt: '2026-11-27T09:00:00.000Z' }),
      ]);
    });
    afterAll(() => web?.close());

    /** A signed-in client whose first page set the CSRF cookie. */
    async function sessionClient(email: string): Promise<WebClient> {
      const c = await signedIn(web, email);
      await c.get('/papers/2411.00001');
      return c;
    }

    it('signs in through the mailed single-use link and out again', async () => {
      const c = web.client();
      await c.signIn('ada@example.org', { handle: 'ada' });
      const home = await c.get('/papers/date/2026-11-27');
      expect(home.text).toContain('href="/u/ada"');
      expect(home.headers.get('cache-control')).toContain('no-store');
      const cookie = home.headers.getSetCookie().join('\n');
      expect(cookie === '' || /HttpOnly/.test(cookie)).toBe(true);
      const out = await c.post('/logout', { _csrf: csrfOf(home.text) });
      expect(out.status).toBe(303);
      expect((await c.get('/papers/date/2026-11-27')).text).toContain('Sign in');
    });

    it('refuses a used, unknown or expired sign-in token', async () => {
      await web.client().signIn('once@example.org');
      const link = new URL(await latestLinkTo(web.maildir, 'once@example.org'));
      const reuse = web.client();
      const confirm = await reuse.get(link.pathname + link.search);
      const token = /name="token" value="([^"]+)"/.exec(confirm.text)![1]!;
      const used = await reuse.post('/login/verify', { _csrf: csrfOf(confirm.text), token });
      expect(used.status).toBe(400);
      const c = web.client();
      const page = await c.get('/login/verify?token=nope');
      const res = await c.post('/login/verify', { _csrf: csrfOf(page.text), token: 'nope' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('no longer works');
    });

    it('rejects a bad address with a message, and does not say whether an address is known', async () => {
      const c = web.client();
      const bad = await c.submit('/login', '/login', { email: 'not an address' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('is not an e-mail address');
      const a = await c.submit('/login', '/login', { email: 'ada@example.org' });
      const b = await c.submit('/login', '/login', { email: 'nobody-yet@example.org' });
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.text.replace(/ada@example.org/g, 'X').replace(/value="[^"]+"/g, '')).toBe(b.text.replace(/nobody-yet@example.org/g, 'X').replace(/value="[^"]+"/g, ''));
    });

    it('refuses state changes without the CSRF token', async () => {
      const c = await sessionClient('csrf@example.org');
      const res = await c.post('/vote', { paper: '2411.00001', vote: '1' });
      expect(res.status).toBe(403);
      expect(await countVoteRows(web.store, '2411.00001')).toBe(0);
    });

    it('keeps one vote per user per paper, toggleable, with and without JavaScript', async () => {
      const c = await sessionClient('voter@example.org');
      const csrf = csrfOf((await c.get('/papers/2411.00001')).text);
      const plain = await c.post('/vote', { _csrf: csrf, paper: '2411.00001', vote: '1', back: '/papers/2411.00001' });
      expect(plain.status).toBe(303);
      expect(plain.location).toBe('/papers/2411.00001#p-2411.00001');
      const again = await c.post('/vote', { _csrf: csrf, paper: '2411.00001', vote: '1' }, { accept: 'application/json' });
      expect(JSON.parse(again.text)).toEqual({ paper: '2411.00001', voted: true, upvotes: 6 });
      const page = await c.get('/papers/2411.00001');
      expect(page.text).toContain('aria-pressed="true"');
      const off = await c.post('/vote', { _csrf: csrf, paper: '2411.00001', vote: '0' }, { accept: 'application/json' });
      expect(JSON.parse(off.text)).toMatchObject({ voted: false, upvotes: 5 });
      expect(await countVoteRows(web.store, '2411.00001')).toBe(0);
      const unknown = await c.post('/vote', { _csrf: csrf, paper: '2499.99999', vote: '1' }, { accept: 'application/json' });
      expect(unknown.status).toBe(404);
    });

    it('counts exactly the vote rows when 200 users vote at once and one user clicks from two tabs', async () => {
      const clients = await Promise.all(Array.from({ length: 200 }, (_, i) => sessionClient(`crowd${i}@example.org`)));
      const forms = clients.map((c) => ({ c, csrf: c.cookies.get('pb_csrf')! }));
      const twoTabs = forms.slice(0, 1).flatMap((f) => Array.from({ length: 10 }, () => f));
      await Promise.all([...forms, ...twoTabs].map(({ c, csrf }) => c.post('/vote', { _csrf: csrf, paper: '2411.00002', vote: '1' }, { accept: 'application/json' })));
      expect(await countVoteRows(web.store, '2411.00002')).toBe(200);
      const res = await clients[0]!.post('/vote', { _csrf: forms[0]!.csrf, paper: '2411.00002', vote: '1' }, { accept: 'application/json' });
      expect(JSON.parse(res.text).upvotes).toBe(200);
    }, 60_000);

    it('lets signed-out visitors see counts but sends them to sign in to vote', async () => {
      const res = await web.client().get('/papers/2411.00001');
      expect(res.text).toContain('href="/login?next=%2Fpapers%2F2411.00001"');
      expect(res.text).not.toContain('name="_csrf"');
    });

    it('posts comments and one-level replies, edits, deletes, and keeps markup inert', async () => {
      const c = await sessionClient('talker@example.org');
      const csrf = c.cookies.get('pb_csrf')!;
      const first = await c.post('/comments', { _csrf: csrf, paper: '2411.00002', body: 'Nice **result**, see $O(n^2)$ and <script>alert(1)</script> [x](javascript:alert(1))' });
      expect(first.status).toBe(303);
      const firstId = /#c(\d+)/.exec(first.location ?? '')![1]!;
      const reply = await c.post('/comments', { _csrf: csrf, paper: '2411.00002', parent: firstId, body: 'A reply' });
      const replyId = /#c(\d+)/.exec(reply.location ?? '')![1]!;
      const deeper = await c.post('/comments', { _csrf: csrf, paper: '2411.00002', parent: replyId, body: 'A reply to the reply' });
      expect(deeper.status).toBe(303);
      let page = (await c.get('/papers/2411.00002')).text;
      expect(page).toContain('<strong>result</strong>');
      expect(page).not.toMatch(/<script>alert/);
      expect(page).not.toMatch(/href="javascript:/i);
      expect((page.match(/class="comment reply"/g) ?? []).length).toBe(2);
      const edit = await c.post(`/comments/${firstId}/edit`, { _csrf: csrf, body: 'Edited text' });
      expect(edit.status).toBe(303);
      const del = await c.post(`/comments/${replyId}/delete`, { _csrf: csrf });
      expect(del.status).toBe(303);
      page = (await c.get('/papers/2411.00002')).text;
      expect(page).toContain('Edited text');
      expect(page).toContain('[deleted]');
      expect(page).toContain('A reply to the reply');
      const card = (await web.client().get('/papers/date/2026-11-27')).text;
      expect(card).toMatch(/>2<span class="vh"> comments<\/span>/);
    });

    it('refuses empty, oversized and foreign-comment edits with 4xx pages', async () => {
      const c = await sessionClient('strict@example.org');
      const csrf = c.cookies.get('pb_csrf')!;
      expect((await c.post('/comments', { _csrf: csrf, paper: '2411.00002', body: '   ' })).status).toBe(400);
      const long = await c.post('/comments', { _csrf: csrf, paper: '2411.00002', body: 'x'.repeat(10_001) });
      expect(long.status).toBe(400);
      expect(long.text).toContain('over the limit');
      expect((await c.post('/comments', { _csrf: csrf, paper: '2411.00002', body: 'x'.repeat(400_000) })).status).toBe(413);
      expect((await c.post('/comments', { _csrf: csrf, paper: '2499.00000', body: 'hi' })).status).toBe(404);
      expect((await c.post('/comments/1/edit', { _csrf: csrf, body: 'mine now' })).status).toBe(403);
    });

    it('lets moderators hide papers and comments and ban users, in a public log', async () => {
      const admin = await sessionClient('mod@example.org');
      const modUser = await findOrCreateUser(web.store, 'mod@example.org', 'mod');
      await setAdmin(web.store, modUser.id, true);
      const csrf = admin.cookies.get('pb_csrf')!;
      const noReason = await admin.post('/moderation/hide-paper', { _csrf: csrf, paper: '2411.00003', reason: '' });
      expect(noReason.status).toBe(400);
      expect((await admin.post('/moderation/hide-paper', { _csrf: csrf, paper: '2411.00003', reason: 'spam: not a paper' })).status).toBe(303);
      expect((await web.client().get('/papers/2411.00003')).status).toBe(404);
      expect((await web.client().get('/papers/date/2026-11-27?x=1')).text).not.toContain('Spam paper');
      const spammer = await sessionClient('spammer@example.org');
      expect((await admin.post('/moderation/ban', { _csrf: csrf, user: 'spammer', reason: 'posting spam' })).status).toBe(303);
      expect((await spammer.get('/papers/2411.00001')).text).toContain('Sign in');
      const log = await web.client().get('/moderation');
      expect(log.text).toContain('spam: not a paper');
      expect(log.text).toContain('posting spam');
      const notAdmin = await sessionClient('plain@example.org');
      expect((await notAdmin.post('/moderation/ban', { _csrf: notAdmin.cookies.get('pb_csrf')!, user: 'mod', reason: 'revenge' })).status).toBe(403);
    });

    it('shows profiles with upvoted papers, and 404s unknown users', async () => {
      const c = await sessionClient('reader@example.org');
      await c.post('/vote', { _csrf: c.cookies.get('pb_csrf')!, paper: '2411.00001', vote: '1' });
      const profile = await web.client().get('/u/reader');
      expect(profile.status).toBe(200);
      expect(profile.text).toContain('Votable paper');
      expect((await web.client().get('/u/nobody-here')).status).toBe(404);
    });
  });
}
