import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperAuthors } from '../../src/authors/author-links-job.js';
import { cleanTopics, digestPeriod, pickPapers } from '../../src/domain/digest-rules.js';
import { composeDigests } from '../../src/mail/digests.js';
import { addPaperToCollection, createCollection } from '../../src/store/collections.js';
import { follow, followedPaperIds, followedPapersOnDays, followsOf, isFollowing, MAX_FOLLOWS } from '../../src/store/follows.js';
import { createOrg, creditOrgIn } from '../../src/store/orgs.js';
import { upsertPapers } from '../../src/store/papers.js';
import { upsertSubscriber } from '../../src/store/subscribers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, sessionClient, startWeb, type WebClient, type WebHarness } from '../support/web.js';

const NOW = new Date('2026-11-27T18:00:00.000Z');

async function authorId(web: WebHarness, slug: string): Promise<number> {
  return (await web.store.db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** Follows through the page's own form, as a browser without JavaScript does. */
async function clickFollow(client: WebClient, page: string, kind: string, target: string) {
  const html = (await client.get(page)).text;
  return client.post('/follow', { _csrf: csrfOf(html), kind, target, back: page });
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`follows and the Following tab (${dialect.name})`, () => {
    let web: WebHarness;
    let ada: WebClient;
    let adaId: number;
    beforeAll(async () => {
      web = await startWeb(dialect, { now: () => NOW });
      await upsertPapers(web.store, [
        buildRecord({ id: '2611.10001', title: 'Old paper by Ada', authors: ['Ada Lovelace', 'Alan Turing'], dailyAt: '2026-11-20T10:00:00.000Z', upvotes: 3, categories: ['cs.CL'], primaryCategory: 'cs.CL' }),
        buildRecord({ id: '2611.10002', title: 'Unrelated physics', authors: ['Niels Bohr'], dailyAt: '2026-11-27T10:00:00.000Z', upvotes: 50, categories: ['physics.gen-ph'], primaryCategory: 'physics.gen-ph' }),
        buildRecord({ id: '2611.10003', title: 'A robotics paper', authors: ['Rosie Robot'], dailyAt: '2026-11-27T09:00:00.000Z', upvotes: 4, categories: ['cs.LG', 'cs.RO'], primaryCategory: 'cs.LG' }),
        buildRecord({ id: '2611.10004', title: 'Org submitted paper', authors: ['Olga Org'], dailyAt: '2026-11-27T08:00:00.000Z', upvotes: 2, categories: ['math.CO'], primaryCategory: 'math.CO' }),
        buildRecord({ id: '2611.10005', title: 'Collected paper', authors: ['Carl Collected'], dailyAt: '2026-11-27T07:00:00.000Z', upvotes: 1, categories: ['q-bio.NC'], primaryCategory: 'q-bio.NC' }),
        buildRecord({ id: '2611.10006', title: 'Privately kept paper', authors: ['Pia Private'], dailyAt: '2026-11-27T06:00:00.000Z', upvotes: 1, categories: ['q-fin.ST'], primaryCategory: 'q-fin.ST' }),
      ]);
      await syncPaperAuthors(web.store);
      ada = await sessionClient(web, 'ada@example.org');
      adaId = (await findOrCreateUser(web.store, 'ada@example.org', 'ada')).id;
    });
    afterAll(() => web?.close());

    it('signed out, /papers/following redirects to sign-in; signed in with no follows, the empty state tells how to follow', async () => {
      const out = await web.client().get('/papers/following');
      expect(out.status).toBe(303);
      expect(out.location).toBe('/login?next=%2Fpapers%2Ffollowing');
      const empty = await ada.get('/papers/following');
      expect(empty.status).toBe(200);
      expect(empty.headers.get('cache-control')).toContain('no-store');
      expect(empty.text).toContain('You follow nothing yet');
    });

    it('following an author twice makes one row, and their new paper shows in Following', async () => {
      const id = await authorId(web, 'ada-lovelace');
      const page = await ada.get('/authors/ada-lovelace');
      expect(page.text).toContain('>Follow</button>');
      const first = await clickFollow(ada, '/authors/ada-lovelace', 'author', String(id));
      expect(first.status).toBe(303);
      expect(first.location).toBe('/authors/ada-lovelace');
      await clickFollow(ada, '/authors/ada-lovelace', 'author', String(id));
      expect(await web.store.db.selectFrom('follows').selectAll().where('user_id', '=', adaId).execute()).toHaveLength(1);
      expect((await ada.get('/authors/ada-lovelace')).text).toContain('>Unfollow</button>');
      // Her new paper arrives and the author follower links it.
      await upsertPapers(web.store, [buildRecord({ id: '2611.10007', title: 'New paper by Ada', authors: ['Grace Hopper', 'Ada Lovelace'], dailyAt: '2026-11-27T11:00:00.000Z', upvotes: 6, categories: ['cs.PL'], primaryCategory: 'cs.PL' })]);
      await syncPaperAuthors(web.store);
      const following = await ada.get('/papers/following');
      expect(following.text).toContain('New paper by Ada');
      expect(following.text).not.toContain('Old paper by Ada');
      expect(following.text).not.toContain('Unrelated physics');
      expect(following.text).toContain('href="/papers/following/date/2026-11-20"');
      const older = await ada.get('/papers/following/date/2026-11-20');
      expect(older.text).toContain('Old paper by Ada');
      expect((await ada.get('/papers/following/date/2026-13-40')).status).toBe(400);
    });

    it('Following has week and month views, stepping to the neighbour periods with followed papers', async () => {
      const day = (await ada.get('/papers/following')).text;
      expect(day).toContain('href="/papers/following/week/2026-W48"');
      expect(day).toContain('href="/papers/following/month/2026-11"');
      const week = await ada.get('/papers/following/week/2026-W48');
      expect(week.status).toBe(200);
      expect(week.headers.get('cache-control')).toContain('no-store');
      expect(week.text).toContain('Following · Week 48 of 2026');
      expect(week.text).toContain('New paper by Ada');
      expect(week.text).not.toContain('Old paper by Ada');
      expect(week.text).toContain('href="/papers/following/week/2026-W47" rel="prev"');
      expect((await ada.get('/papers/following/week/2026-W47')).text).toContain('Old paper by Ada');
      const month = await ada.get('/papers/following/month/2026-11');
      expect(month.text).toContain('Following · November 2026');
      expect(month.text).toContain('New paper by Ada');
      expect(month.text).toContain('Old paper by Ada');
      expect(month.text).not.toContain('Unrelated physics');
      expect(month.text).toMatch(/<a href="\/papers\/following\/month\/2026-11" aria-current="page">By month<\/a>/);
      for (const bad of ['/papers/following/week/2026-W60', '/papers/following/month/2026-13', '/papers/following/week/junk']) expect((await ada.get(bad)).status, bad).toBe(400);
      const out = await web.client().get('/papers/following/week/2026-W48');
      expect(out.status).toBe(303);
      expect(out.location).toBe('/login?next=%2Fpapers%2Ffollowing%2Fweek%2F2026-W48');
    });

    it('the feed toolbar has a Following tab for signed-in users only; the cached anonymous author page has no follow state', async () => {
      expect((await ada.get('/papers/date/2026-11-27')).text).toContain('href="/papers/following"');
      const anon = await web.client().get('/papers/date/2026-11-27');
      expect(anon.text).not.toContain('href="/papers/following"');
      // Ada (who follows) renders first; the anonymous render, twice (the second from the cache), shows no button.
      await ada.get('/authors/ada-lovelace');
      for (let i = 0; i < 2; i++) {
        const page = await web.client().get('/authors/ada-lovelace');
        expect(page.text).not.toContain('Unfollow');
        expect(page.text).not.toContain('action="/follow"');
      }
    });

    it('follows a category, an org and a public collection; most upvoted first, each paper once', async () => {
      const cat = await clickFollow(ada, '/papers/category/cs.RO', 'category', 'cs.RO');
      expect(cat.location).toBe('/papers/category/cs.RO');
      expect((await ada.get('/papers/category/cs.RO')).text).toContain('Unfollow cs.RO');
      const owner = await findOrCreateUser(web.store, 'olga@example.org', 'olga');
      const org = await createOrg(web.store, { slug: 'olgalab', name: 'Olga Lab', website: null, userId: owner.id, now: NOW });
      if (org === 'taken') throw new Error('taken');
      await web.store.db.transaction().execute((trx) => creditOrgIn(trx, '2611.10004', org.id, owner.id, NOW));
      await clickFollow(ada, '/orgs/olgalab', 'org', String(org.id));
      const collection = await createCollection(web.store, owner.id, { title: 'Good reads', description: '', visibility: 'public' }, NOW);
      await addPaperToCollection(web.store, collection.id, '2611.10005', { now: NOW });
      // Already followed through Ada: in the collection too, still listed once.
      await addPaperToCollection(web.store, collection.id, '2611.10007', { now: NOW });
      const path = `/c/${collection.id}-${collection.slug}`;
      expect((await ada.get(path)).text).toContain('>Follow</button>');
      await clickFollow(ada, path, 'collection', String(collection.id));
      const { cards, total } = await followedPapersOnDays(web.store, adaId, { from: '2026-11-27', to: '2026-11-27', limit: 50, offset: 0 });
      expect(cards.map((c) => c.id)).toEqual(['2611.10007', '2611.10003', '2611.10004', '2611.10005']);
      expect(total).toBe(4);
      const list = await ada.get('/papers/following');
      expect(list.text).toContain('You follow');
      for (const name of ['Ada Lovelace', 'Olga Lab', 'Good reads', 'cs.RO']) expect(list.text).toContain(name);
      expect((await followsOf(web.store, adaId)).map((f) => f.kind).sort()).toEqual(['author', 'category', 'collection', 'org']);
    });

    it('a private collection of another user cannot be followed, and its papers never show', async () => {
      const other = await findOrCreateUser(web.store, 'pia@example.org', 'pia');
      const secret = await createCollection(web.store, other.id, { title: 'Secret', description: '', visibility: 'private' }, NOW);
      await addPaperToCollection(web.store, secret.id, '2611.10006', { now: NOW });
      const html = (await ada.get('/papers/following')).text;
      const refused = await ada.post('/follow', { _csrf: csrfOf(html), kind: 'collection', target: String(secret.id), back: '/papers/following' });
      expect(refused.status).toBe(404);
      expect(await isFollowing(web.store, adaId, 'collection', String(secret.id))).toBe(false);
      // Even a row written around the check lists nothing of it.
      await follow(web.store, adaId, 'collection', String(secret.id), NOW);
      expect((await followedPapersOnDays(web.store, adaId, { from: '2026-11-27', to: '2026-11-27', limit: 50, offset: 0 })).cards.map((c) => c.id)).not.toContain('2611.10006');
      await web.store.db.deleteFrom('follows').where('user_id', '=', adaId).where('kind', '=', 'collection').where('target', '=', String(secret.id)).execute();
    });

    it('unfollow removes it; a foreign `back` goes to /papers/following; bad kinds and unknown authors are refused', async () => {
      const html = (await ada.get('/papers/following')).text;
      const done = await ada.post('/unfollow', { _csrf: csrfOf(html), kind: 'category', target: 'cs.RO', back: '//evil.example/' });
      expect(done.status).toBe(303);
      expect(done.location).toBe('/papers/following');
      expect(await isFollowing(web.store, adaId, 'category', 'cs.RO')).toBe(false);
      expect((await ada.get('/papers/following')).text).not.toContain('A robotics paper');
      expect((await ada.post('/follow', { _csrf: csrfOf(html), kind: 'user', target: '1' })).status).toBe(400);
      expect((await ada.post('/follow', { _csrf: csrfOf(html), kind: 'author', target: '999999' })).status).toBe(404);
      expect((await ada.post('/follow', { _csrf: csrfOf(html), kind: 'category', target: 'not a category' })).status).toBe(400);
      expect((await web.client().post('/follow', { kind: 'category', target: 'cs.CL' })).status).toBeGreaterThanOrEqual(400);
    });

    it('follows are capped per user', async () => {
      const user = await findOrCreateUser(web.store, 'many@example.org', 'many');
      await web.store.db.insertInto('follows').values(Array.from({ length: MAX_FOLLOWS }, (_, i) => ({ user_id: user.id, kind: 'author', target: String(100_000 + i), created_at: NOW.toISOString() }))).execute();
      expect(await follow(web.store, user.id, 'category', 'cs.CL', NOW)).toBe('full');
      expect(await follow(web.store, user.id, 'author', '100000', NOW)).toBe('ok');
    });

    it('a digest with "what I follow" picks the followed papers of the period', async () => {
      const followed = await followedPaperIds(web.store, adaId, '2026-11-27', '2026-11-27', 100);
      expect([...followed].sort()).toEqual(['2611.10004', '2611.10005', '2611.10007']);
      const ranked = ['2611.10002', '2611.10007', '2611.10003', '2611.10004'].map((id) => ({ id, title: id, abstract: null, categories: ['x.Y'] }));
      expect(pickPapers(ranked, { categories: [], queries: [], following: true }, 10, followed).map((p) => p.id)).toEqual(['2611.10007', '2611.10004']);
      expect(pickPapers(ranked, { categories: [], queries: [], following: true }, 10)).toEqual([]);
      expect(cleanTopics('', '', '1')).toEqual({ categories: [], queries: [], following: true });
      expect(cleanTopics('', '', undefined)).toEqual({ categories: [], queries: [] });
      expect((await web.client().get('/subscribe')).text).toContain('name="following"');
    });

    it('composeDigests: "what I follow" of the account with the subscription\'s address; no account, no digest', async () => {
      const topics = { categories: [], queries: [], following: true };
      await upsertSubscriber(web.store, 'ada@example.org', { frequency: 'daily', topics, size: 10 }, true, NOW);
      await upsertSubscriber(web.store, 'stranger@example.org', { frequency: 'daily', topics, size: 10 }, true, NOW);
      const done = await composeDigests(web.store, digestPeriod('daily', '2026-11-27'), NOW);
      expect(done).toEqual({ queued: 1, empty: 1, already: 0 });
      const row = await web.store.db.selectFrom('digest_outbox').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(row.paper_ids)).toEqual(['2611.10007', '2611.10004', '2611.10005']);
    });
  });
}
