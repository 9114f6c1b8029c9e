import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPaperAuthors } from '../../src/authors/author-links-job.js';
import { recommendPapers, recordFeedback } from '../../src/recommend/index.js';
import { reasonText } from '../../src/recommend/reason-text.js';
import { seededRandom } from '../../src/search/random.js';
import { follow } from '../../src/store/follows.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { setVote } from '../../src/store/votes.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';

/** Topic vectors: robotics papers near one axis, language papers near another (what an embedder gives). */
const DIMS = 16;
const random = seededRandom(42);
function topicVector(axis: number): Float32Array {
  const v = Float32Array.from({ length: DIMS }, () => (random() - 0.5) * 0.5);
  v[axis]! += 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`For you ranking (${dialect.name})`, () => {
    let test: TestStore;
    const vectors = new Map<string, Float32Array>();
    const paper = (day: string, topic: 'robotics' | 'language', i: number) => {
      const cat = topic === 'robotics' ? 'cs.RO' : 'cs.CL';
      const p = buildRecord({ announcedOn: day, primaryCategory: cat, categories: [cat], title: `${topic} paper ${i} of ${day}` });
      vectors.set(p.id, topicVector(topic === 'robotics' ? 0 : 1));
      return p;
    };
    const earlier = Array.from({ length: 6 }, (_, i) => paper('2024-03-01', 'robotics', i));
    const todayRobotics = Array.from({ length: 4 }, (_, i) => paper('2024-03-05', 'robotics', i));
    const todayLanguage = Array.from({ length: 8 }, (_, i) => paper('2024-03-05', 'language', i));
    const deps = () => ({ store: test.store, vectorOf: (id: string) => vectors.get(id) ?? null });
    const day = { period: 'day' as const, date: '2024-03-05', limit: 20 };

    beforeAll(async () => {
      test = await dialect.create();
      // The language papers are the popular ones: trending alone would put them first.
      await upsertPapers(test.store, [...earlier, ...todayRobotics, ...todayLanguage.map((p) => ({ ...p, upvotes: 50 }))]);
    });
    afterAll(() => test?.cleanup());

    it('ranks robotics first for a robotics upvoter, naming an upvoted paper; voted papers never appear', async () => {
      const user = await findOrCreateUser(test.store, 'robots@example.org', 'robots');
      for (const p of earlier) await setVote(test.store, user.id, p.id, true);
      await setVote(test.store, user.id, todayRobotics[3]!.id, true);
      const recs = await recommendPapers(deps(), { userId: user.id, ...day });
      expect(recs.slice(0, 3).map((r) => r.paperId).sort()).toEqual(todayRobotics.slice(0, 3).map((p) => p.id).sort());
      expect(recs.map((r) => r.paperId)).not.toContain(todayRobotics[3]!.id);
      expect(recs).toHaveLength(3 + todayLanguage.length);
      const reason = recs[0]!.reason;
      expect(reason.kind).toBe('similar_to_upvoted');
      expect(earlier.map((p) => p.id)).toContain(reason.paperId);
      expect(reason.title).toBe(earlier.find((p) => p.id === reason.paperId)!.title);

      // A new vote counts on the next call: no retraining job.
      await setVote(test.store, user.id, todayRobotics[0]!.id, true);
      expect((await recommendPapers(deps(), { userId: user.id, ...day })).map((r) => r.paperId)).not.toContain(todayRobotics[0]!.id);
    });

    it('"not interested" removes the paper at once and pushes its kind down', async () => {
      const user = await findOrCreateUser(test.store, 'mixed@example.org', 'mixed');
      for (const p of earlier) await setVote(test.store, user.id, p.id, true);
      const before = await recommendPapers(deps(), { userId: user.id, ...day, lambda: 1 });
      const top = before[0]!;
      expect(await recordFeedback(deps(), { userId: user.id, paperId: top.paperId, kind: 'not_interested' })).toBe('ok');
      const after = await recommendPapers(deps(), { userId: user.id, ...day, lambda: 1 });
      expect(after.map((r) => r.paperId)).not.toContain(top.paperId);
      // The model moved away from it: the other robotics papers' scores dropped.
      const scoreOf = (list: typeof before, id: string) => list.find((r) => r.paperId === id)!.score;
      expect(scoreOf(after, before[1]!.paperId)).toBeLessThan(scoreOf(before, before[1]!.paperId));

      expect(await recordFeedback(deps(), { userId: user.id, paperId: '9999.99999', kind: 'not_interested' })).toBe('unknown_paper');
      expect(await recordFeedback(deps(), { userId: user.id, paperId: top.paperId, kind: 'bogus' as 'not_interested' })).toBe('bad_kind');
    });

    it('"more like this" on a language paper brings language papers up, with that reason', async () => {
      const user = await findOrCreateUser(test.store, 'switch@example.org', 'switch');
      for (const p of earlier.slice(0, 5)) await setVote(test.store, user.id, p.id, true);
      const liked = todayLanguage[0]!;
      for (const p of [liked, todayLanguage[1]!, todayLanguage[2]!]) await recordFeedback(deps(), { userId: user.id, paperId: p.id, kind: 'more_like_this' });
      const recs = await recommendPapers(deps(), { userId: user.id, ...day, lambda: 1 });
      expect(recs.map((r) => r.paperId)).not.toContain(liked.id);
      const language = recs.filter((r) => r.title.startsWith('language'));
      expect(language[0]!.reason.kind).toBe('more_like_this');
    });

    it('cold start: categories followed, then trending', async () => {
      const user = await findOrCreateUser(test.store, 'cold@example.org', 'cold');
      const none = await recommendPapers(deps(), { userId: user.id, ...day, limit: 3 });
      expect(none.every((r) => r.title.startsWith('language'))).toBe(true); // trending
      expect(none[0]!.reason.kind).toBe('trending');
      await follow(test.store, user.id, 'category', 'cs.RO', new Date());
      const recs = await recommendPapers(deps(), { userId: user.id, ...day, limit: 4 });
      expect(recs.map((r) => r.paperId).sort()).toEqual(todayRobotics.map((p) => p.id).sort());
      expect(recs[0]!.reason).toEqual({ kind: 'in_followed_category', name: 'cs.RO' });
    });

    it('a paper by an author of upvoted papers ranks high, off their topic too, with that reason', async () => {
      // Grace Hopper's group wrote five robotics papers the reader upvoted; today she has a language paper.
      const group = Array.from({ length: 5 }, (_, i) => ({ ...paper('2024-03-02', 'robotics', 10 + i), authors: ['Grace B. Hopper', `Student ${i}`] }));
      const hers = { ...paper('2024-03-06', 'language', 20), authors: ['Someone Else', 'Grace Hopper'] };
      const others = Array.from({ length: 6 }, (_, i) => ({ ...paper('2024-03-06', 'language', 30 + i), authors: [`Stranger ${i}`], upvotes: 40 }));
      await upsertPapers(test.store, [...group, hers, ...others]);
      await syncPaperAuthors(test.store);
      const user = await findOrCreateUser(test.store, 'group@example.org', 'group');
      for (const p of group) await setVote(test.store, user.id, p.id, true);
      const recs = await recommendPapers(deps(), { userId: user.id, period: 'day', date: '2024-03-06', limit: 10 });
      expect(recs[0]!.paperId).toBe(hers.id);
      expect(recs[0]!.reason).toMatchObject({ kind: 'by_author_of_yours', name: 'Grace B. Hopper' });
      expect(group.map((p) => p.id)).toContain(recs[0]!.reason.paperId);
      expect(reasonText(recs[0]!.reason)).toMatch(/^By Grace B\. Hopper, an author of “robotics paper 1\d of 2024-03-02”$/);
      // The others share no author: their reason is not an author's.
      expect(recs.slice(1).every((r) => r.reason.kind !== 'by_author_of_yours')).toBe(true);
    });
  });
}
