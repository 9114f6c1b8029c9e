import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { similarPapers } from '../../src/search/paper-search.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { SearchService } from '../../src/search/search-service.js';
import { followSimilar, SIMILAR_KEPT, similarCards } from '../../src/search/stored-similar.js';
import { hidePaper } from '../../src/store/moderation.js';
import { findSimilar, saveSimilar } from '../../src/store/paper-similar.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';
import { topicCorpus, topicId } from '../support/topic-corpus.js';
import { startWeb, type WebHarness } from '../support/web.js';

const IMAGES = 1;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`stored similar papers (${dialect.name})`, () => {
    let db: TestStore;
    let index: SearchIndex;
    let search: SearchService;
    const ids = topicCorpus().map((p) => p.id);
    /** What the per-request computation gives on the current index. */
    const computed = (id: string) => similarPapers({ store: db.store, search }, id, SIMILAR_KEPT);
    const stored = async (id: string) => (await findSimilar(db.store, id))?.similar;
    beforeAll(async () => {
      db = await dialect.create();
      await upsertPapers(db.store, topicCorpus());
      index = await SearchIndex.build(db.store);
      search = new SearchService(db.store);
      search.index = index;
    });
    afterAll(async () => {
      index?.close();
      await db?.cleanup();
    });

    it('stores every paper list exactly as the per-request computation gives it, and has nothing left to do after', async () => {
      expect(await followSimilar(db.store, index)).toBe(ids.length);
      for (const id of ids) {
        const list = await stored(id);
        expect(list, id).toHaveLength(SIMILAR_KEPT);
        expect(list, id).toEqual(await computed(id));
      }
      expect(await followSimilar(db.store, index)).toBe(0);
    });

    it('puts a new paper into the lists of the old papers it is like, after sync', async () => {
      const old = topicId(IMAGES, 3);
      const original = topicCorpus().find((p) => p.id === old)!;
      await upsertPapers(db.store, [buildRecord({ id: '2601.99001', title: original.title, abstract: original.abstract, categories: original.categories })]);
      await index.sync(db.store);
      expect((await stored(old))?.map((s) => s.id)).not.toContain('2601.99001');
      expect(await followSimilar(db.store, index)).toBe(1);
      expect((await stored(old))?.map((s) => s.id).slice(0, 2)).toContain('2601.99001');
      expect(await stored(old)).toEqual(await computed(old));
      expect(await stored('2601.99001')).toEqual(await computed('2601.99001'));
      // Its neighbours were recomputed on the new index: the same as computing them now.
      for (const n of (await stored('2601.99001'))!) expect(await stored(n.id), n.id).toEqual(await computed(n.id));
    });

    it('drops a hidden paper: its own list and its place in its neighbours lists', async () => {
      const mod = await findOrCreateUser(db.store, 'mod@example.org', 'mod');
      const neighbours = (await stored('2601.99001'))!.map((s) => s.id);
      await hidePaper(db.store, mod.id, '2601.99001', 'test');
      await index.sync(db.store);
      await followSimilar(db.store, index);
      expect(await stored('2601.99001')).toBeUndefined();
      for (const n of neighbours) {
        expect((await stored(n))?.map((s) => s.id), n).not.toContain('2601.99001');
        expect(await stored(n), n).toEqual(await computed(n));
      }
    });

    it('recomputes every list when the search model changes (cursor of another model)', async () => {
      await db.store.db.updateTable('ingest_checkpoints').set({ value: JSON.stringify({ seq: index.changeSeq, model: 'corpus-old' }) }).where('name', '=', 'similar_papers').execute();
      expect(await followSimilar(db.store, index)).toBeGreaterThanOrEqual(ids.length);
    });

    it('jumps over a backlog longer than its limit (a bulk import): such papers get their list on first view', async () => {
      const kept = await stored(topicId(IMAGES, 3));
      const bulk = ['2601.99101', '2601.99102', '2601.99103'];
      const original = topicCorpus().find((p) => p.id === topicId(IMAGES, 3))!;
      await upsertPapers(db.store, bulk.map((id) => buildRecord({ id, title: original.title, abstract: original.abstract, categories: original.categories })));
      await index.sync(db.store);
      expect(await followSimilar(db.store, index, Infinity, Infinity, 2)).toBe(0);
      for (const id of bulk) expect(await stored(id), id).toBeUndefined();
      expect(await stored(topicId(IMAGES, 3))).toEqual(kept);
      // Nothing left behind: the cursor is at the head.
      expect(await followSimilar(db.store, index)).toBe(0);
      const shown = await similarCards({ store: db.store, search }, bulk[0]!, 6);
      expect(shown.map((s) => s.card.id)).toEqual((await computed(bulk[0]!)).slice(0, 6).map((s) => s.id));
      expect(await stored(bulk[0]!)).toEqual(await computed(bulk[0]!));
    });

    it('drops the lists of another search model when it jumps over a backlog', async () => {
      await db.store.db.updateTable('ingest_checkpoints').set({ value: JSON.stringify({ seq: 0, model: 'corpus-old' }) }).where('name', '=', 'similar_papers').execute();
      expect(await followSimilar(db.store, index, Infinity, Infinity, 2)).toBe(0);
      for (const id of ids.slice(0, 5)) expect(await stored(id), id).toBeUndefined();
    });
  });

  describe.skipIf(!dialect.available)(`similar papers on the page and the API (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [
        buildRecord({ id: '2401.00001', title: 'Gripper control for cluttered bins' }),
        buildRecord({ id: '2401.00002', title: 'Grasp poses for household objects' }),
        buildRecord({ id: '2401.00003', title: 'Hidden neighbour' }),
      ]);
      const mod = await findOrCreateUser(web.store, 'mod@example.org', 'mod');
      await hidePaper(web.store, mod.id, '2401.00003', 'test');
      // The server's index is not built (its search service never started): what shows is read.
      await saveSimilar(web.store, [{ paperId: '2401.00001', indexSeq: 0, similar: [{ id: '2401.00003', score: 0.5 }, { id: '2401.00002', score: 0.25 }] }]);
    });
    afterAll(() => web?.close());

    it('reads the stored list, leaving hidden papers out', async () => {
      const page = await web.client().get('/papers/2401.00001');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Grasp poses for household objects');
      expect(page.text).not.toContain('Hidden neighbour');
      const api = await web.client().get('/api/v1/papers/2401.00001/similar?limit=5');
      expect(JSON.parse(api.text).papers.map((p: { id: string; score: number }) => [p.id, p.score])).toEqual([['2401.00002', 0.25]]);
    });
  });
}
