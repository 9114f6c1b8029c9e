import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../src/store/comments.js';
import { upvotesByIds } from '../../src/store/feed.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findUserByEmail } from '../../src/store/users.js';
import { setVote } from '../../src/store/votes.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, pageChangesFollowed, sessionClient, startWeb, type WebHarness } from '../support/web.js';

const PAPER = '2411.00021';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`deleting an account through the form (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [buildRecord({ id: PAPER, title: 'A paper to talk about', dailyAt: new Date().toISOString() })]);
    });
    afterAll(() => web?.close());

    it('refuses a missing CSRF token and a wrong confirmation, changing nothing; then deletes, signs out, and shows the comment as [deleted user]', async () => {
      const c = await sessionClient(web, 'gone@example.org');
      const user = (await findUserByEmail(web.store, 'gone@example.org'))!;
      await setVote(web.store, user.id, PAPER, true);
      await addComment(web.store, { paperId: PAPER, userId: user.id, parentId: null, body: 'Signed comment', now: new Date() });
      const anon = web.client();
      expect((await anon.get(`/papers/${PAPER}`)).text).toContain(`/u/${user.name}`); // cached now, with the name
      const upvotes = await upvotesByIds(web.store, [PAPER]);

      const profile = await c.get(`/u/${user.name}`);
      expect(profile.text).toContain('href="/account/delete"');
      const form = await c.get('/account/delete');
      expect(form.status).toBe(200);
      const csrf = csrfOf(form.text);

      expect((await c.post('/account/delete', { confirm: user.name })).status).toBe(403);
      const wrong = await c.post('/account/delete', { _csrf: csrf, confirm: 'someone-else' });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('nothing was deleted');
      expect(await findUserByEmail(web.store, 'gone@example.org')).toBeDefined();

      const done = await c.post('/account/delete', { _csrf: csrf, confirm: ' GONE@example.org ' });
      expect(done.status).toBe(200);
      expect(done.text).toContain('Account deleted');
      expect(c.cookies.has('pb_session')).toBe(false);
      expect(await findUserByEmail(web.store, 'gone@example.org')).toBeUndefined();
      expect(await upvotesByIds(web.store, [PAPER])).toEqual(upvotes);

      await pageChangesFollowed();
      const after = (await anon.get(`/papers/${PAPER}`)).text;
      expect(after).toContain('Signed comment');
      expect(after).toContain('[deleted user]');
      expect(after).not.toContain(`/u/${user.name}`);
      expect((await anon.get(`/u/${user.name}`)).status).toBe(404);

      // Sent again (a reload, or the old cookie replayed): no session, refused, nothing changes.
      c.cookies.set('pb_session', 'test-session-gone@example.org');
      const again = await c.post('/account/delete', { _csrf: csrf, confirm: 'gone@example.org' });
      expect(again.status).toBe(401);
      expect(await upvotesByIds(web.store, [PAPER])).toEqual(upvotes);
    });
  });
}
