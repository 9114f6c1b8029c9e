import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPaperToCollection, createCollection } from '../../src/store/collections.js';
import { addComment } from '../../src/store/comments.js';
import { setPaperAuthors } from '../../src/store/authors.js';
import { follow } from '../../src/store/follows.js';
import { upsertPapers } from '../../src/store/papers.js';
import { candidatePapers, clearAllFeedback, saveFeedback, userSignals } from '../../src/store/recommendation-signals.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { setVote } from '../../src/store/votes.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`recommendation signals and feedback (${dialect.name})`, () => {
    let test: TestStore;
    const papers = Array.from({ length: 6 }, (_, i) => buildRecord({ announcedOn: '2024-03-0' + (1 + (i % 2)), categories: i < 3 ? ['cs.RO'] : ['cs.CL'], primaryCategory: i < 3 ? 'cs.RO' : 'cs.CL' }));
    const ids = papers.map((p) => p.id);
    beforeAll(async () => {
      test = await dialect.create();
      await upsertPapers(test.store, papers);
      await setPaperAuthors(test.store, [{ paperId: ids[5]!, authors: [{ position: 0, name: 'Grace Hopper', key: 'grace hopper', display: 'Grace Hopper', slugBase: 'grace-hopper' }] }]);
    });
    afterAll(() => test?.cleanup());

    it('gathers votes, saves, comments, followed authors and feedback, each with its source', async () => {
      const { store } = test;
      const user = await findOrCreateUser(store, 'reader@example.org', 'reader');
      await setVote(store, user.id, ids[0]!, true);
      const c = await createCollection(store, user.id, { title: 'Saved', description: '', visibility: 'private' });
      await addPaperToCollection(store, c.id, ids[1]!);
      await addComment(store, { paperId: ids[2]!, userId: user.id, parentId: null, body: 'nice', now: new Date() });
      await addComment(store, { paperId: ids[2]!, userId: user.id, parentId: null, body: 'again', now: new Date() });
      const author = await store.db.selectFrom('authors').select('id').where('name', '=', 'Grace Hopper').executeTakeFirstOrThrow();
      await follow(store, user.id, 'author', String(author.id), new Date());
      await follow(store, user.id, 'category', 'cs.RO', new Date());
      await saveFeedback(store, user.id, ids[3]!, 'more_like_this', new Date());
      await saveFeedback(store, user.id, ids[4]!, 'more_like_this', new Date());
      await saveFeedback(store, user.id, ids[4]!, 'not_interested', new Date()); // replaces: one row per paper

      const s = await userSignals(store, user.id);
      const bySource = Object.fromEntries(s.positives.map((p) => [p.source, p.paperId]));
      expect(bySource).toEqual({ upvoted: ids[0], collected: ids[1], commented: ids[2], more_like_this: ids[3], followed_author: ids[5] });
      expect(s.positives.find((p) => p.source === 'followed_author')?.name).toBe('Grace Hopper');
      expect(s.positives.find((p) => p.source === 'upvoted')?.categories).toEqual(['cs.RO']);
      expect(s.notInterested.map((n) => n.paperId)).toEqual([ids[4]]);
      expect(s.followedCategories).toEqual(['cs.RO']);
      expect(s.followedAuthors).toEqual([{ id: Number(author.id), name: 'Grace Hopper' }]);
      const rows = await store.db.selectFrom('recommendation_feedback').selectAll().where('user_id', '=', user.id).execute();
      expect(rows).toHaveLength(2);

      // Candidates: the days' papers without the voted and the not-interested ones, followed authors marked.
      const cands = await candidatePapers(store, { from: '2024-03-01', to: '2024-03-02', limit: 100, userId: user.id, authorIds: [Number(author.id)] });
      expect(cands.map((p) => p.id).sort()).toEqual([ids[1], ids[2], ids[3], ids[5]].sort());
      expect(cands.find((p) => p.id === ids[5])?.authorIds).toEqual([Number(author.id)]);
      expect((await candidatePapers(store, { from: '2024-03-01', to: '2024-03-01', limit: 100, userId: user.id })).every((p) => p.feedDate === '2024-03-01')).toBe(true);

      await clearAllFeedback(store, user.id);
      expect((await userSignals(store, user.id)).notInterested).toEqual([]);
    });

    it('a user without any signal has none', async () => {
      const user = await findOrCreateUser(test.store, 'new@example.org', 'newcomer');
      expect(await userSignals(test.store, user.id)).toEqual({ positives: [], notInterested: [], followedCategories: [], followedAuthors: [], followedOrgs: [] });
    });
  });
}
