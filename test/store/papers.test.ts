import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointStore } from '../../src/store/checkpoints.js';
import { findPaper, papersChangedSince, upsertPapers } from '../../src/store/papers.js';
import { storeStats } from '../../src/store/stats.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`paper store on ${dialect.name}`, () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('adds a paper once; the same record again changes nothing and keeps the change sequence', async () => {
      const rec = buildRecord({ id: '2401.00001' });
      expect(await upsertPapers(t.store, [rec])).toEqual(['added']);
      const seq = (await storeStats(t.store)).changeSeq;
      expect(seq).toBe(1);
      expect(await upsertPapers(t.store, [rec])).toEqual(['unchanged']);
      expect((await storeStats(t.store)).changeSeq).toBe(seq);
      const paper = await findPaper(t.store, '2401.00001');
      expect(paper?.title).toBe(rec.title);
      expect(paper?.authors).toEqual(['Ada Lovelace', 'Alan Turing']);
      expect(paper?.categories).toEqual(['cs.CL', 'cs.LG']);
      expect(paper?.versions).toEqual([{ version: 1, submittedAt: '2024-01-02T15:00:00.000Z', size: '100kb' }]);
    });

    it('a newer version updates metadata, records the version and bumps the sequence, but keeps the day', async () => {
      await upsertPapers(t.store, [buildRecord({ id: '2401.00002', source: 'arxiv-rss', announcedOn: '2024-01-03', announceType: 'new', versions: null })]);
      const v2 = buildRecord({
        id: '2401.00002', version: 2, title: 'Better title', source: 'arxiv-rss', announceType: 'replace', announcedOn: '2024-02-01',
        versions: [
          { version: 1, submittedAt: '2024-01-02T15:00:00.000Z', size: '100kb' },
          { version: 2, submittedAt: '2024-01-30T10:00:00.000Z', size: '120kb' },
        ],
      });
      expect(await upsertPapers(t.store, [v2])).toEqual(['updated']);
      const paper = await findPaper(t.store, '2401.00002');
      expect(paper?.version).toBe(2);
      expect(paper?.title).toBe('Better title');
      expect(paper?.versions.map((v) => v.version)).toEqual([1, 2]);
      expect(paper?.announcedOn).toBe('2024-01-03');
      expect(paper?.feedDate).toBe('2024-01-03');
      expect((await storeStats(t.store)).changeSeq).toBe(2);
      // An older version arriving late fills nothing it should not.
      expect(await upsertPapers(t.store, [buildRecord({ id: '2401.00002', version: 1, title: 'Old title', versions: null })])).toEqual(['unchanged']);
      expect((await findPaper(t.store, '2401.00002'))?.title).toBe('Better title');
    });

    it('an unversioned daily-papers record fills gaps, keeps arXiv metadata, and its upvote baseline only grows', async () => {
      await upsertPapers(t.store, [buildRecord({ id: '2401.00003', comments: null })]);
      const hf = { source: 'hf-daily' as const, id: '2401.00003', title: 'Other title', upvotes: 42, dailyAt: '2024-01-05T08:00:00.000Z', githubUrl: 'https://github.com/a/b', comments: '9 pages' };
      expect(await upsertPapers(t.store, [hf])).toEqual(['updated']);
      let paper = await findPaper(t.store, '2401.00003');
      expect(paper?.title).not.toBe('Other title');
      expect(paper?.comments).toBe('9 pages');
      expect(paper?.upvotesBaseline).toBe(42);
      expect(paper?.feedDate).toBe('2024-01-05');
      expect(paper?.githubUrl).toBe('https://github.com/a/b');
      expect(await upsertPapers(t.store, [{ ...hf, upvotes: 10 }])).toEqual(['unchanged']);
      paper = await findPaper(t.store, '2401.00003');
      expect(paper?.upvotesBaseline).toBe(42);
    });

    it('reports each record of a batch in order, with duplicates inside the batch merged', async () => {
      const a = buildRecord({ id: '2401.00004' });
      const b = buildRecord({ id: '2401.00005' });
      const a2 = { ...a, version: 2, title: 'A v2', versions: [...(a.versions ?? []), { version: 2, submittedAt: '2024-02-02T00:00:00.000Z' }] };
      expect(await upsertPapers(t.store, [a, b, a, a2])).toEqual(['added', 'added', 'unchanged', 'updated']);
      expect((await findPaper(t.store, '2401.00004'))?.version).toBe(2);
      // Two changed papers: the sequence moved by two, not by four.
      expect((await storeStats(t.store)).changeSeq).toBe(2);
    });

    it('lists changes in sequence order, each paper once with its latest state', async () => {
      await upsertPapers(t.store, [buildRecord({ id: '2401.00006' }), buildRecord({ id: '2401.00007' })]);
      await upsertPapers(t.store, [buildRecord({ id: '2401.00006', version: 2, title: 'changed' })]);
      const all = await papersChangedSince(t.store, 0);
      expect(all.map((c) => [c.seq, c.paper.id])).toEqual([[2, '2401.00007'], [3, '2401.00006']]);
      expect((await papersChangedSince(t.store, 2)).map((c) => c.paper.title)).toEqual(['changed']);
    });

    it('concurrent writers get distinct, gap-free sequence numbers and no duplicate papers', async () => {
      const batches = Array.from({ length: 6 }, (_, i) => Array.from({ length: 50 }, (_, j) => buildRecord({ id: `2402.${String(i * 100 + j).padStart(5, '0')}` })));
      await Promise.all(batches.map((b) => upsertPapers(t.store, b)));
      const changes = await papersChangedSince(t.store, 0, 10_000);
      expect(changes).toHaveLength(300);
      expect(changes.map((c) => c.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      expect((await storeStats(t.store)).papers).toBe(300);
    });

    it('keeps old-style ids, LaTeX and non-ASCII text verbatim', async () => {
      const rec = buildRecord({ id: 'hep-th/9901001', title: 'Ŝpin $\\alpha$ <b>x</b>', authors: ['Łukasz Kaiser', 'Jürgen Müller'] });
      await upsertPapers(t.store, [rec]);
      const paper = await findPaper(t.store, 'hep-th/9901001');
      expect(paper?.title).toBe('Ŝpin $\\alpha$ <b>x</b>');
      expect(paper?.authors).toEqual(['Łukasz Kaiser', 'Jürgen Müller']);
    });

    it('stores ingestion checkpoints', async () => {
      const cp = checkpointStore(t.store);
      expect(await cp.get('oai:x')).toBeNull();
      await cp.set('oai:x', '{"token":"a"}');
      await cp.set('oai:x', '{"token":"b"}');
      expect(await cp.get('oai:x')).toBe('{"token":"b"}');
      await cp.set('oai:x', null);
      expect(await cp.get('oai:x')).toBeNull();
    });
  });
}
