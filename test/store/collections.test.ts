import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_LIMITS } from '../../src/domain/collection-rules.js';
import {
  addPaperToCollection,
  collectionItems,
  collectionsOfUser,
  createCollection,
  deleteCollection,
  findCollection,
  movePaperInCollection,
  publicCollectionsWithPaper,
  removePaperFromCollection,
  reorderCollection,
  setCollectionNote,
  updateCollection,
} from '../../src/store/collections.js';
import { latestPageChange, pageChangesSince } from '../../src/store/page-changes.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`collections in the store (${dialect.name})`, () => {
    let test: TestStore;
    const papers = [buildRecord(), buildRecord(), buildRecord(), buildRecord()];
    const ids = papers.map((p) => p.id);
    beforeAll(async () => {
      test = await dialect.create();
      await upsertPapers(test.store, papers);
    });
    afterAll(() => test?.cleanup());

    const order = async (id: number) => (await collectionItems(test.store, id)).map((i) => [i.card.id, i.position]);

    it('creates, adds once, notes, reorders densely, removes, renames and deletes', async () => {
      const owner = await findOrCreateUser(test.store, 'curator@example.org', 'curator');
      const c = await createCollection(test.store, owner.id, { title: 'Reading list: Ünïcode & more!', description: 'd', visibility: 'public' });
      expect(c.slug).toBe('reading-list-unicode-more');
      expect(c.ownerName).toBe('curator');
      for (const id of ids) expect((await addPaperToCollection(test.store, c.id, id)).added).toBe(true);
      expect((await addPaperToCollection(test.store, c.id, ids[0]!)).added).toBe(false);
      const rows = await test.store.db.selectFrom('collection_papers').selectAll().where('collection_id', '=', c.id).execute();
      expect(rows).toHaveLength(4);
      expect(await order(c.id)).toEqual(ids.map((id, i) => [id, i + 1]));

      expect(await setCollectionNote(test.store, c.id, ids[1]!, 'read §3')).toBe(true);
      expect((await collectionItems(test.store, c.id))[1]!.note).toBe('read §3');

      await movePaperInCollection(test.store, c.id, ids[3]!, 'up');
      expect((await order(c.id)).map((r) => r[0])).toEqual([ids[0], ids[1], ids[3], ids[2]]);
      await movePaperInCollection(test.store, c.id, ids[0]!, 'down');
      expect((await order(c.id)).map((r) => r[0])).toEqual([ids[1], ids[0], ids[3], ids[2]]);
      await movePaperInCollection(test.store, c.id, ids[2]!, 1);
      expect((await order(c.id)).map((r) => r[0])).toEqual([ids[2], ids[1], ids[0], ids[3]]);
      await movePaperInCollection(test.store, c.id, ids[2]!, 99);
      expect((await order(c.id)).map((r) => r[0])).toEqual([ids[1], ids[0], ids[3], ids[2]]);
      await movePaperInCollection(test.store, c.id, ids[1]!, 'up');
      expect((await order(c.id)).map((r) => r[1])).toEqual([1, 2, 3, 4]);

      expect(await removePaperFromCollection(test.store, c.id, ids[0]!)).toBe(true);
      expect(await removePaperFromCollection(test.store, c.id, ids[0]!)).toBe(false);
      expect(await order(c.id)).toEqual([[ids[1], 1], [ids[3], 2], [ids[2], 3]]);

      const renamed = await updateCollection(test.store, c.id, { title: 'Better name', visibility: 'private' });
      expect(renamed).toMatchObject({ title: 'Better name', slug: 'better-name', visibility: 'private', description: 'd', paperCount: 3 });
      expect(await collectionsOfUser(test.store, owner.id, { includePrivate: false })).toEqual([]);
      expect((await collectionsOfUser(test.store, owner.id, { includePrivate: true })).map((x) => x.id)).toEqual([c.id]);
      expect((await publicCollectionsWithPaper(test.store, ids[1]!, 10)).total).toBe(0);
      await updateCollection(test.store, c.id, { visibility: 'public' });
      expect(await publicCollectionsWithPaper(test.store, ids[1]!, 10)).toMatchObject({ total: 1, collections: [{ id: c.id }] });

      expect(await deleteCollection(test.store, c.id)).toBe(true);
      expect(await findCollection(test.store, c.id)).toBeUndefined();
      expect(await test.store.db.selectFrom('collection_papers').selectAll().where('collection_id', '=', c.id).execute()).toEqual([]);
    });

    it('keeps positions dense under parallel adds', async () => {
      const owner = await findOrCreateUser(test.store, 'racer@example.org', 'racer');
      const c = await createCollection(test.store, owner.id, { title: 'Race', description: '', visibility: 'public' });
      await Promise.all([...ids, ...ids].map((id) => addPaperToCollection(test.store, c.id, id)));
      expect((await order(c.id)).map((r) => r[1])).toEqual([1, 2, 3, 4]);
    });

    it('announces changes to cached pages: a paper change by paper, a collection change everywhere', async () => {
      const owner = await findOrCreateUser(test.store, 'announcer@example.org', 'announcer');
      const c = await createCollection(test.store, owner.id, { title: 'Announced', description: '', visibility: 'public' });
      let seq = await latestPageChange(test.store);
      await addPaperToCollection(test.store, c.id, ids[0]!);
      expect((await pageChangesSince(test.store, seq, 100)).map((r) => r.paperId)).toEqual([ids[0]]);
      seq = await latestPageChange(test.store);
      await addPaperToCollection(test.store, c.id, ids[0]!);
      expect(await pageChangesSince(test.store, seq, 100)).toEqual([]);
      await updateCollection(test.store, c.id, { visibility: 'private' });
      expect((await pageChangesSince(test.store, seq, 100)).map((r) => r.paperId)).toEqual([null]);
    });

    it('refuses more collections than the limit allows, with a clear error', async () => {
      const owner = await findOrCreateUser(test.store, 'hoarder@example.org', 'hoarder');
      const at = new Date().toISOString();
      await test.store.db
        .insertInto('collections')
        .values(Array.from({ length: COLLECTION_LIMITS.perUser }, (_, i) => ({ owner_user_id: owner.id, title: `c${i}`, slug: `c${i}`, description: '', visibility: 'private', created_at: at, updated_at: at })))
        .execute();
      await expect(createCollection(test.store, owner.id, { title: 'one more', description: '', visibility: 'public' })).rejects.toThrow(/200 collections/);
    });

    it('refuses a paper past the 2,000 a collection holds, and still takes one already there', async () => {
      const owner = await findOrCreateUser(test.store, 'bibliographer@example.org', 'bibliographer');
      const c = await createCollection(test.store, owner.id, { title: 'Everything', description: '', visibility: 'public' });
      const many = Array.from({ length: COLLECTION_LIMITS.papers + 1 }, () => buildRecord());
      await upsertPapers(test.store, many);
      const at = new Date().toISOString();
      for (let i = 0; i < COLLECTION_LIMITS.papers; i += 500) {
        await test.store.db.insertInto('collection_papers').values(many.slice(i, Math.min(i + 500, COLLECTION_LIMITS.papers)).map((p, j) => ({ collection_id: c.id, paper_id: p.id, position: i + j + 1, note: '', added_at: at }))).execute();
      }
      await expect(addPaperToCollection(test.store, c.id, many.at(-1)!.id)).rejects.toThrow(/holds 2,000 papers/);
      expect((await addPaperToCollection(test.store, c.id, many[0]!.id)).added).toBe(false);
      // A full collection reversed in one request: places 1..2,000 in the new order (chunks of 500 rows per statement).
      const full = many.slice(0, COLLECTION_LIMITS.papers).map((p) => p.id);
      expect(await reorderCollection(test.store, c.id, [...full].reverse())).toBe('ok');
      const items = await collectionItems(test.store, c.id);
      expect(items.map((i) => i.position)).toEqual(full.map((_, i) => i + 1));
      expect(items.map((i) => i.card.id)).toEqual([...full].reverse());
    });

    it('reorders to a permutation of its papers, keeping notes; anything else changes nothing', async () => {
      const owner = await findOrCreateUser(test.store, 'orderly@example.org', 'orderly');
      const c = await createCollection(test.store, owner.id, { title: 'Ordered', description: '', visibility: 'public' });
      for (const id of ids) await addPaperToCollection(test.store, c.id, id, { note: `note ${id}` });
      const wanted = [ids[2]!, ids[0]!, ids[3]!, ids[1]!];
      expect(await reorderCollection(test.store, c.id, wanted)).toBe('ok');
      expect(await order(c.id)).toEqual(wanted.map((id, i) => [id, i + 1]));
      expect((await collectionItems(test.store, c.id)).map((i) => i.note)).toEqual(wanted.map((id) => `note ${id}`));
      for (const bad of [wanted.slice(1), [...wanted, wanted[0]!], [wanted[0]!, wanted[0]!, wanted[2]!, wanted[3]!], [...wanted.slice(1), 'nope']]) {
        expect(await reorderCollection(test.store, c.id, bad)).toBe('not-permutation');
      }
      expect(await order(c.id)).toEqual(wanted.map((id, i) => [id, i + 1]));
      expect(await reorderCollection(test.store, 999_999, wanted)).toBe('gone');
    });
  });
}
