import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, editComment } from '../../src/store/comments.js';
import { openStore, type Store } from '../../src/store/database.js';
import { hidePaper } from '../../src/store/moderation.js';
import { latestPageChange, pageChangesSince, prunePageChanges } from '../../src/store/page-changes.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser, setAdmin, setUserNames } from '../../src/store/users.js';
import { setVote } from '../../src/store/votes.js';
import { PageCache } from '../../src/web/page-cache.js';
import { PageChangeFollower } from '../../src/web/page-cache-follower.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`page changes (${dialect.name})`, () => {
    let test: TestStore;
    /** A second connection to the same store: another process. */
    let other: Store;
    beforeAll(async () => {
      test = await dialect.create();
      other = openStore(test.url);
    });
    afterAll(async () => {
      await other?.close();
      await test?.cleanup();
    });

    const changesAfter = async (seq: number) => pageChangesSince(test.store, seq, 1_000);

    it('are written by the writer for everything an anonymous page shows, and only then', async () => {
      const user = await findOrCreateUser(test.store, 'page-changes@example.org', 'page-changes');
      let seq = await latestPageChange(test.store);
      const [a, b] = [buildRecord(), buildRecord()];
      await upsertPapers(test.store, [a, b]);
      let changes = await changesAfter(seq);
      expect(new Set(changes.map((c) => c.paperId))).toEqual(new Set([a.id, b.id]));
      expect(changes.every((c) => c.seq > seq)).toBe(true);

      seq = await latestPageChange(test.store);
      await setVote(test.store, user.id, a.id, true);
      expect((await changesAfter(seq)).map((c) => c.paperId)).toContain(a.id);

      // A repeated vote changes nothing, so it announces nothing (a flood must not empty caches).
      seq = await latestPageChange(test.store);
      await setVote(test.store, user.id, a.id, true);
      // Nor does bookkeeping no page shows: an admin flag, a no-op update that locks a user's row.
      await setAdmin(test.store, user.id, true);
      await test.store.db.updateTable('users').set((eb) => ({ name: eb.ref('name') })).where('id', '=', user.id).execute();
      expect(await changesAfter(seq)).toEqual([]);

      const comment = await addComment(test.store, { paperId: b.id, userId: user.id, parentId: null, body: 'first', now: new Date() });
      await editComment(test.store, comment, 'edited', new Date());
      expect(new Set((await changesAfter(seq)).map((c) => c.paperId))).toEqual(new Set([b.id]));

      seq = await latestPageChange(test.store);
      await hidePaper(test.store, user.id, a.id, 'spam');
      changes = await changesAfter(seq);
      expect(changes.map((c) => c.paperId)).toContain(a.id);
      // The public moderation log changed too: any page may show it.
      expect(changes.map((c) => c.paperId)).toContain(null);

      seq = await latestPageChange(test.store);
      await setUserNames(test.store, user.id, { handle: 'renamed-reader', displayName: null }, new Date());
      expect((await changesAfter(seq)).map((c) => c.paperId)).toEqual([null]);
    });

    it("reach another process's cache: the changed paper's pages and the lists go, other papers stay", async () => {
      const [a, b] = [buildRecord(), buildRecord()];
      await upsertPapers(test.store, [a, b]);
      const cache = new PageCache();
      const follower = new PageChangeFollower(other, cache);
      await follower.start();
      const ticket = cache.renderTicket();
      cache.set(`/papers/${a.id}`, { html: Buffer.from('a'), status: 200, paperId: a.id }, ticket);
      cache.set(`/papers/${b.id}`, { html: Buffer.from('b'), status: 200, paperId: b.id }, ticket);
      cache.set('/', { html: Buffer.from('today'), status: 200 }, ticket);
      expect(await follower.poll()).toBe(0);
      expect(cache.size).toBe(3);

      const voter = await findOrCreateUser(test.store, 'voter@example.org', 'voter');
      await setVote(test.store, voter.id, a.id, true);
      expect(await follower.poll()).toBeGreaterThan(0);
      expect(cache.get(`/papers/${a.id}`)).toBeUndefined();
      expect(cache.get('/')).toBeUndefined();
      expect(cache.get(`/papers/${b.id}`)?.html.toString()).toBe('b');
    });

    it('drops every page after a backlog too long to sort out (a bulk import), then follows from its end', async () => {
      const cache = new PageCache();
      const follower = new PageChangeFollower(other, cache);
      await follower.start();
      const b = buildRecord();
      await upsertPapers(test.store, [b]);
      await follower.poll();
      cache.set(`/papers/${b.id}`, { html: Buffer.from('b'), status: 200, paperId: b.id }, cache.renderTicket());
      await upsertPapers(test.store, Array.from({ length: 600 }, () => buildRecord()));
      await follower.poll();
      expect(cache.size).toBe(0);
      cache.set(`/papers/${b.id}`, { html: Buffer.from('b'), status: 200, paperId: b.id }, cache.renderTicket());
      expect(await follower.poll()).toBe(0);
      expect(cache.size).toBe(1);
    });

    it('prunes rows older than it keeps', async () => {
      await upsertPapers(test.store, [buildRecord()]);
      const before = (await test.store.db.selectFrom('page_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      expect(Number(before)).toBeGreaterThan(0);
      expect(await prunePageChanges(test.store, 60_000, Date.now())).toBe(0);
      expect(await prunePageChanges(test.store, 60_000, Date.now() + 120_000)).toBe(Number(before));
    });

    it('prunes in bounded batches, oldest first', async () => {
      await upsertPapers(test.store, Array.from({ length: 5 }, () => buildRecord()));
      const count = async () => Number((await test.store.db.selectFrom('page_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const total = await count();
      expect(total).toBeGreaterThanOrEqual(5);
      const newest = await latestPageChange(test.store);
      expect(await prunePageChanges(test.store, 60_000, Date.now() + 120_000, 2)).toBe(2);
      expect(await count()).toBe(total - 2);
      expect(await latestPageChange(test.store)).toBe(newest);
      while ((await prunePageChanges(test.store, 60_000, Date.now() + 120_000, 2)) === 2);
      expect(await count()).toBe(0);
    });

    it.skipIf(dialect.name !== 'postgres')('sees a change committed after a later one (sequence numbers commit out of order)', async () => {
      const [slow, quick] = [buildRecord(), buildRecord()];
      await upsertPapers(test.store, [quick]);
      const cache = new PageCache();
      const follower = new PageChangeFollower(other, cache);
      await follower.start();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
      // A long import: its change row takes a sequence number now and commits later.
      const importing = test.store.db.transaction().execute(async (trx) => {
        await trx.insertInto('page_changes').values({ paper_id: slow.id }).execute();
        inserted();
        await held;
      });
      await insertedYet;
      const voter = await findOrCreateUser(test.store, 'quick-voter@example.org', 'quick-voter');
      await setVote(test.store, voter.id, quick.id, true);
      await follower.poll();
      cache.set(`/papers/${slow.id}`, { html: Buffer.from('slow, before its change'), status: 200, paperId: slow.id }, cache.renderTicket());
      release();
      await importing;
      await follower.poll();
      expect(cache.get(`/papers/${slow.id}`)).toBeUndefined();
    });
  });
}
