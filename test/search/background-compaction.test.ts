import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.js';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';

describe('compaction in a worker thread', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await sqliteFactory.create();
  });
  afterAll(() => db?.cleanup());

  it('keeps serving while compacting, then swaps in the compacted index with the changes made meanwhile', async () => {
    const words = ['sparse', 'attention', 'protein', 'folding', 'speech', 'robot', 'diffusion', 'agents'];
    const paper = (i: number) => buildRecord({ id: `2602.${String(i).padStart(5, '0')}`, title: `${words[i % 8]} ${words[(i * 3) % 8]} study ${i}`, abstract: `On ${words[(i * 5) % 8]}.` });
    await upsertPapers(db.store, Array.from({ length: 50 }, (_, i) => paper(i)));
    const index = await SearchIndex.build(db.store, { embeddings: { provider: 'off' } });
    await upsertPapers(db.store, Array.from({ length: 30 }, (_, i) => paper(50 + i)));
    await index.sync(db.store);
    expect(index.lexical.deltaSize).toBe(30);

    const compaction = index.compact();
    // Changes while the worker runs: a new paper, a changed title, a hidden paper.
    const mod = await findOrCreateUser(db.store, 'mod@example.org', 'mod');
    await upsertPapers(db.store, [buildRecord({ id: '2602.99999', title: 'Late arrival about quasars' }), { ...paper(3), version: 2, title: 'Renamed: gravitational lensing', versions: [{ version: 2, submittedAt: '2024-02-01T00:00:00.000Z', size: '1kb' }] }]);
    await hidePaper(db.store, mod.id, '2602.00007', 'spam');
    await index.sync(db.store);
    expect(index.search('quasars')[0]?.key).toBe('2602.99999');
    await compaction;

    expect(index.lexical.deltaSize).toBeLessThanOrEqual(2);
    expect(index.search('quasars')[0]?.key).toBe('2602.99999');
    expect(index.search('lensing')[0]?.key).toBe('2602.00003');
    const fresh = await SearchIndex.build(db.store, { embeddings: { provider: 'off' } });
    for (const q of ['sparse attention', 'protein', 'speech robot', 'study']) {
      expect(index.search(q, { limit: 100 }).map((h) => h.key).sort(), q).toEqual(fresh.search(q, { limit: 100 }).map((h) => h.key).sort());
    }
    expect(index.search('study', { limit: 100 }).map((h) => h.key)).not.toContain('2602.00007');
  });
});
