import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../src/store/comments.js';
import { banUser } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { creditSubmission } from '../../src/store/submissions.js';
import { findOrCreateUser, findUserByEmail, setAdmin } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, startWeb, type WebClient, type WebHarness } from '../support/web.js';

const DAY = '2026-11-27';

/** The value of a form field on a page. */
function fieldValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1];
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`handles and display names (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [buildRecord({ id: '2411.00011', title: 'A paper to talk about', dailyAt: `${DAY}T09:00:00.000Z` })]);
    });
    afterAll(() => web?.close());

    /** Signs in for the first time and stops on the welcome step; answers the client and that page. */
    async function firstSignIn(email: string, next = '/papers/2411.00011'): Promise<{ c: WebClient; welcome: string; location: string }> {
      const c = web.client();
      const location = await c.signIn(email, { next });
      const welcome = await c.get(location);
      return { c, welcome: welcome.text, location };
    }

    it('a new user is never named after the address: the first sign-in asks, prefilled with a random handle, and keeps `next`', async () => {
      const { c, welcome, location } = await firstSignIn('alice.smith+papers@lab.example.org');
      expect(location).toBe('/welcome?next=%2Fpapers%2F2411.00011');
      const handle = fieldValue(welcome, 'handle')!;
      expect(handle).toMatch(/^reader-[a-z2-9]{5}$/);
      expect(fieldValue(welcome, 'display_name')).toBe(handle);
      expect(fieldValue(welcome, 'next')).toBe('/papers/2411.00011');
      expect(welcome).not.toMatch(/alice|smith/i);
      // Skipping the step leaves the random handle: the header links to it, never to the address.
      const page = await c.get('/papers/2411.00011');
      expect(page.text).toContain(`href="/u/${handle}"`);
      expect(page.text).not.toMatch(/alice|smith/i);

      const saved = await c.post('/welcome', { _csrf: csrfOf(welcome), handle: '  Marie-Curie ', display_name: 'Marie <b>Curie</b> ', next: '/papers/2411.00011' });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe('/papers/2411.00011');
      const user = (await findUserByEmail(web.store, 'alice.smith+papers@lab.example.org'))!;
      expect(user).toMatchObject({ name: 'marie-curie', displayName: 'Marie <b>Curie</b>' });
      expect(user.namedAt).not.toBeNull();
      expect((await web.client().get(`/u/${handle}`)).status).toBe(404);
      const profile = await web.client().get('/u/marie-curie');
      expect(profile.status).toBe(200);
      expect(profile.text).toContain('<h1>Marie &lt;b>Curie&lt;/b></h1>');
      expect(profile.text).not.toContain('<b>Curie</b>');

      // The next sign-in goes straight to `next`.
      expect(await web.client().signIn('alice.smith+papers@lab.example.org', { next: '/trending' })).toBe('/trending');
    });

    it('refuses bad, reserved and taken handles and control characters in display names, keeping what was typed', async () => {
      await findOrCreateUser(web.store, 'holder@example.org', 'taken-name');
      const { c, welcome } = await firstSignIn('picky@example.org');
      const csrf = csrfOf(welcome);
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ handle: 'ab', display_name: '' }, /3 to 24 characters/],
        [{ handle: 'x'.repeat(25), display_name: '' }, /3 to 24 characters/],
        [{ handle: 'bad/handle', display_name: '' }, /3 to 24 characters/],
        [{ handle: '-dash', display_name: '' }, /3 to 24 characters/],
        [{ handle: 'Admin', display_name: '' }, /reserved/],
        [{ handle: 'welcome', display_name: '' }, /reserved/],
        [{ handle: 'taken-name', display_name: '' }, /is taken/],
        [{ handle: 'fine-name', display_name: 'tab\there' }, /control characters/],
        [{ handle: 'fine-name', display_name: 'evil\u202Eeman' }, /control characters/],
        [{ handle: 'fine-name', display_name: 'n'.repeat(51) }, /at most 50/],
      ];
      for (const [form, message] of cases) {
        const res = await c.post('/welcome', { _csrf: csrf, next: '/', ...form });
        expect(res.status, JSON.stringify(form)).toBe(400);
        expect(res.text).toMatch(message);
        expect(fieldValue(res.text, 'handle')).toBe(form.handle!.replace(/&/g, '&amp;').replace(/"/g, '&quot;'));
      }
      expect((await c.post('/welcome', { handle: 'fine-name', display_name: '', next: '/' })).status).toBe(403);
      expect((await web.client().post('/welcome', { handle: 'fine-name', display_name: '' })).status).toBe(403);
      expect((await web.client().get('/welcome')).location).toBe('/login?next=%2Fwelcome');
      expect((await findUserByEmail(web.store, 'picky@example.org'))!.name).toMatch(/^reader-/);
    });

    it('shows the chosen names wherever a person is named: comments, cards, the paper page, the moderation log, the compatible API', async () => {
      const { c, welcome } = await firstSignIn('commenter@example.org');
      await c.post('/welcome', { _csrf: csrfOf(welcome), handle: 'ada-l', display_name: 'Ada Lovelace', next: '/' });
      const ada = (await findUserByEmail(web.store, 'commenter@example.org'))!;
      await upsertPapers(web.store, [buildRecord({ id: '2411.00012', title: 'Submitted here', dailyAt: `${DAY}T10:00:00.000Z` })]);
      await creditSubmission(web.store, '2411.00012', ada.id, new Date(`${DAY}T10:00:00.000Z`));
      await addComment(web.store, { paperId: '2411.00011', userId: ada.id, parentId: null, body: 'First!', now: new Date() });

      const paper = await web.client().get('/papers/2411.00011?fresh=1');
      expect(paper.text).toContain('<a href="/u/ada-l" title="@ada-l">Ada Lovelace</a>');
      const submitted = await web.client().get('/papers/2411.00012?fresh=1');
      expect(submitted.text).toMatch(/Submitted by<\/dt><dd><a href="\/u\/ada-l" title="@ada-l">Ada Lovelace<\/a>/);
      const day = await web.client().get(`/papers/date/${DAY}?fresh=1`);
      expect(day.text).toContain('submitted by <a href="/u/ada-l" title="@ada-l">Ada Lovelace</a>');
      const items = JSON.parse((await web.client().get(`/api/daily_papers?date=${DAY}`)).text) as Array<{ paper: { id: string }; submittedBy: { name: string; fullname: string } }>;
      expect(items.find((i) => i.paper.id === '2411.00012')!.submittedBy).toMatchObject({ _id: String(ada.id), name: 'ada-l', fullname: 'Ada Lovelace' });

      // A ban is logged by user, and the log follows a later change of handle.
      const mod = await findOrCreateUser(web.store, 'mod-names@example.org', 'mod-names');
      await setAdmin(web.store, mod.id, true);
      const troll = await findOrCreateUser(web.store, 'troll@example.org', 'troll-one');
      await banUser(web.store, mod.id, troll.id, 'posting spam');
      const later = await c.get('/u/ada-l');
      const renamed = await c.post('/profile/names', { _csrf: csrfOf(later.text), handle: 'ada-b', display_name: 'Ada Byron' });
      expect(renamed.status).toBe(303);
      expect(renamed.location).toBe('/u/ada-b');
      expect((await web.client().get('/papers/2411.00011')).text).toContain('<a href="/u/ada-b" title="@ada-b">Ada Byron</a>');
      await web.store.db.updateTable('users').set({ name: 'troll-two' }).where('id', '=', troll.id).execute();
      const log = await web.client().get('/moderation');
      expect(log.text).toContain('user <a href="/u/troll-two" title="@troll-two">troll-two</a>');
      expect(log.text).toContain('<a href="/u/mod-names" title="@mod-names">mod-names</a>');
      expect(log.text).not.toContain('troll-one');
    });

    it('keeps the handle of a user made before handles were chosen, and flags it on their next sign-in', async () => {
      // As the old sign-in made them: the address's local part, nothing chosen.
      await findOrCreateUser(web.store, 'grace@example.org', 'grace');
      const { c, welcome, location } = await firstSignIn('grace@example.org', '/');
      expect(location).toBe('/welcome');
      expect(fieldValue(welcome, 'handle')).toBe('grace');
      expect(welcome).toContain('made from your e-mail address');
      const kept = await c.post('/welcome', { _csrf: csrfOf(welcome), handle: 'grace', display_name: 'grace', next: '/' });
      expect(kept.status).toBe(303);
      expect((await web.client().get('/u/grace')).status).toBe(200);
      expect((await findUserByEmail(web.store, 'grace@example.org'))!.namedAt).not.toBeNull();
    });
  });
}
