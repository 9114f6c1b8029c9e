import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperAuthors } from '../../src/authors/author-links-job.js';
import { addComment } from '../../src/store/comments.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findUserByEmail, setAdmin } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, pageChangesFollowed, sessionClient, startWeb, type WebClient, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-27T18:00:00.000Z');

async function paperAuthorRows(web: WebHarness) {
  return web.store.db.selectFrom('paper_authors').select(['paper_id', 'position', 'author_id', 'name']).orderBy('paper_id').orderBy('position').execute();
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`authors, author pages and claims (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.00001', title: 'Old attention paper', authors: ['José Núñez', 'Ada Lovelace', 'Alan Turing', 'Grace Hopper'], dailyAt: '2026-11-20T10:00:00.000Z', upvotes: 5, categories: ['cs.CL', 'cs.LG'], primaryCategory: 'cs.CL' }),
        buildRecord({ id: '2611.00002', title: 'New attention paper', authors: ['Nunez, Jose A.', 'Ada Lovelace'], dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 7, comments: 'Code at https://lab.example.edu/x', primaryCategory: 'cs.LG', categories: ['cs.LG'] }),
        buildRecord({ id: '2611.00003', title: 'Hostile name paper', authors: ['<script>alert(1)</script> Evil', 'Jane Núñez'], dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 1 }),
        buildRecord({ id: '2611.00004', title: 'Shrinking list', authors: ['Kept Author', 'Dropped Author'], dailyAt: '2026-11-10T09:00:00.000Z' }),
      ]);
      await syncPaperAuthors(web.store);
    });
    afterAll(() => web?.close());
    let mod: WebClient;

    it('the follower fills paper_authors, merging name variants, and a second run changes nothing', async () => {
      const rows = await paperAuthorRows(web);
      expect(rows).toHaveLength(10);
      const jose = rows.filter((r) => r.name.includes('ez') && !r.name.startsWith('Jane'));
      expect(new Set(jose.map((r) => r.author_id)).size).toBe(1);
      expect(rows.find((r) => r.name === 'Jane Núñez')!.author_id).not.toBe(jose[0]!.author_id);
      expect(await syncPaperAuthors(web.store)).toEqual({ papers: 0, rows: 0, created: 0 });
      expect((await syncPaperAuthors(web.store, { fromStart: true })).rows).toBe(0);
      expect(await paperAuthorRows(web)).toEqual(rows);
      // A changed list: a shorter one drops its last rows, the unchanged names keep their authors.
      await upsertPapers(web.store, [buildRecord({ id: '2611.00004', title: 'Shrinking list', authors: ['Kept Author'], dailyAt: '2026-11-10T09:00:00.000Z' })]);
      await syncPaperAuthors(web.store);
      const after = await paperAuthorRows(web);
      expect(after.filter((r) => r.paper_id === '2611.00004').map((r) => r.name)).toEqual(['Kept Author']);
      expect(after.filter((r) => r.paper_id !== '2611.00004')).toEqual(rows.filter((r) => r.paper_id !== '2611.00004'));
    });

    it('an author page lists papers newest first, counts, co-authors and categories; unknown slugs are 404', async () => {
      const page = await web.client().get('/authors/jose-nunez');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<h1>José Núñez</h1>');
      expect(page.text.indexOf('New attention paper')).toBeLessThan(page.text.indexOf('Old attention paper'));
      expect(page.text).toContain('2 papers · 12 upvotes received');
      expect(page.text).toMatch(/<a href="\/authors\/ada-lovelace">Ada Lovelace<\/a> <span class="muted">\(2\)<\/span>/);
      expect(page.text).toContain('href="/papers/category/cs.LG"');
      expect((await web.client().get('/authors/nobody-here')).status).toBe(404);
      const slug = (await web.store.db.selectFrom('authors').select('slug').where('name', 'like', '%Evil').executeTakeFirstOrThrow()).slug;
      expect(slug).toMatch(/^[a-z0-9-]+$/);
      const hostile = await web.client().get(`/authors/${slug}`);
      expect(hostile.status).toBe(200);
      expect(hostile.text).not.toContain('<script>alert(1)');
      expect(hostile.text).toContain('&lt;script>alert(1)&lt;/script> Evil');
    });

    it('cards link their first three authors, keep "+N", and the paper page links every author', async () => {
      const day = await web.client().get('/papers/date/2026-11-20');
      expect(day.text).toContain('<a href="/authors/jose-nunez">José Núñez</a>, <a href="/authors/ada-lovelace">Ada Lovelace</a>, <a href="/authors/alan-turing">Alan Turing</a> +1');
      const paper = await web.client().get('/papers/2611.00001');
      expect(paper.text).toContain('<a href="/authors/grace-hopper">Grace Hopper</a>');
    });

    it('a claim by a user whose e-mail domain is in the papers is verified at once: badge, profile, compatible API', async () => {
      const ada = await sessionClient(web, 'ada@lab.example.edu');
      const page = await ada.get('/authors/jose-nunez');
      expect(page.text).toContain('This author is me');
      const claimed = await ada.post('/authors/jose-nunez/claim', { _csrf: csrfOf(page.text) });
      expect(claimed.status).toBe(303);
      expect((await ada.get('/authors/jose-nunez')).text).toContain('You are verified as this author.');
      const user = (await findUserByEmail(web.store, 'ada@lab.example.edu'))!;
      await addComment(web.store, { paperId: '2611.00002', userId: user.id, parentId: null, body: 'Author here: ask away.', now: NOW });
      await pageChangesFollowed();
      const paper = await web.client().get('/papers/2611.00002');
      expect(paper.text).toMatch(/>ada<\/a>\s*<span class="author-badge"[^>]*>author<\/span>/);
      expect((await web.client().get('/u/ada')).text).toContain('<a href="/authors/jose-nunez">José Núñez</a>');
      const detail = JSON.parse((await web.client().get('/api/papers/2611.00002')).text) as { authors: { name: string; status?: string; user?: { name: string } }[] };
      expect(detail.authors[0]).toMatchObject({ name: 'Nunez, Jose A.', status: 'claimed_verified', user: { name: 'ada' } });
      expect(detail.authors[1]).toEqual({ _id: '', name: 'Ada Lovelace', hidden: false });
      const daily = JSON.parse((await web.client().get('/api/daily_papers?date=2026-11-27')).text) as { paper: { id: string }; isAuthorParticipating: boolean }[];
      expect(daily.find((i) => i.paper.id === '2611.00002')?.isAuthorParticipating).toBe(true);
      expect(daily.find((i) => i.paper.id === '2611.00003')?.isAuthorParticipating).toBe(false);
    });

    it('a claim without the domain waits for a moderator, who approves it in the public log', async () => {
      const bob = await sessionClient(web, 'bob@elsewhere.org');
      const page = await bob.get('/authors/ada-lovelace');
      await bob.post('/authors/ada-lovelace/claim', { _csrf: csrfOf(page.text) });
      expect((await bob.get('/authors/ada-lovelace')).text).toContain('Your claim waits for a moderator');
      expect((await bob.get('/moderation/claims')).status).toBe(403);
      mod = await sessionClient(web, 'mod@example.org');
      await setAdmin(web.store, (await findUserByEmail(web.store, 'mod@example.org'))!.id, true);
      const queue = await mod.get('/moderation/claims');
      expect(queue.text).toContain('href="/authors/ada-lovelace"');
      const claimId = /name="claim" value="(\d+)"/.exec(queue.text)![1]!;
      const decided = await mod.post('/moderation/claims', { _csrf: csrfOf(queue.text), claim: claimId, decision: 'approve', reason: 'Matches her lab page' });
      expect(decided.status).toBe(303);
      expect((await mod.get('/moderation/claims')).text).toContain('No claims wait.');
      expect((await bob.get('/authors/ada-lovelace')).text).toContain('You are verified as this author.');
      await pageChangesFollowed();
      const log = await web.client().get('/moderation');
      expect(log.text).toContain('approve claim by bob');
      expect(log.text).toContain('Matches her lab page');
      expect(log.text).toContain('href="/authors/ada-lovelace"');
    });

    it('moderators merge two authors (the merged one answers 301) and split a paper off', async () => {
      const page = await mod.get('/authors/jane-nunez');
      const merged = await mod.post('/moderation/merge-author', { _csrf: csrfOf(page.text), from: 'jane-nunez', into: 'jose-nunez', reason: 'Same person, typo' });
      expect(merged.status).toBe(303);
      const old = await web.client().get('/authors/jane-nunez');
      expect(old.status).toBe(301);
      expect(old.location).toBe('/authors/jose-nunez');
      await pageChangesFollowed();
      expect((await web.client().get('/authors/jose-nunez')).text).toContain('3 papers');
      const split = await mod.post('/moderation/split-author', { _csrf: csrfOf(page.text), author: 'jose-nunez', paper: '2611.00003', reason: 'A different person' });
      expect(split.status).toBe(303);
      expect(split.location).toBe('/authors/jose-nunez-2');
      await pageChangesFollowed();
      expect((await web.client().get('/authors/jose-nunez-2')).text).toContain('Hostile name paper');
      expect((await web.client().get('/authors/jose-nunez')).text).not.toContain('Hostile name paper');
      // The split stays when the follower reads the papers again.
      await syncPaperAuthors(web.store, { fromStart: true });
      expect((await web.client().get('/authors/jose-nunez-2')).text).toContain('Hostile name paper');
      const log = (await web.client().get('/moderation')).text;
      expect(log).toContain('merge author into jose-nunez');
      expect(log).toContain('split author off paper 2611.00003');
    });
  });
}
