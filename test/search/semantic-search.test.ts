import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.js';
import { CorpusModel } from '../../src/search/embeddings/corpus-model.js';
import { embedIndexedDocs } from '../../src/search/embeddings/indexed-embedding.js';
import { combine, fuse, searchIndex, similarIn } from '../../src/search/paper-search.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { hidePaper } from '../../src/store/moderation.js';
import { upsertPapers } from '../../src/store/papers.js';
import { latestModel } from '../../src/store/search-vectors.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects, sqliteFactory, type TestStore } from '../support/stores.js';
import { topicCorpus, topicId, topicOf } from '../support/topic-corpus.js';

const GRASPING = 0;
const IMAGES = 1;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`search by meaning (${dialect.name})`, () => {
    let db: TestStore;
    let index: SearchIndex;
    beforeAll(async () => {
      db = await dialect.create();
      await upsertPapers(db.store, topicCorpus());
      index = await SearchIndex.build(db.store);
    });
    afterAll(() => db?.cleanup());
    const ids = async (q: string, mode: 'keyword' | 'semantic' | 'hybrid', extra = {}) => (await searchIndex(index, db.store, { q, mode, limit: 10, ...extra })).hits.map((h) => h.id);

    it('trains the built-in model on the stored papers and stores it with every paper vector', async () => {
      expect(index.semanticModel).toMatch(/^corpus-/);
      const stored = await latestModel(db.store, 'corpus');
      expect(stored?.trainedDocs).toBe(40);
      const vector = index.vectorOf(topicId(GRASPING, 0));
      expect(vector).not.toBeNull();
      expect(Math.hypot(...vector!)).toBeCloseTo(1, 1);
    });

    it('embeds from the keyword index what embedding the text gives', async () => {
      const model = CorpusModel.deserialize((await latestModel(db.store, 'corpus'))!.data);
      for (const record of topicCorpus().slice(0, 10)) {
        const fromText = model.embed(record.title, record.abstract ?? '');
        const stored = index.vectorOf(record.id)!;
        let cosine = 0;
        for (let k = 0; k < fromText.length; k++) cosine += fromText[k]! * stored[k]!;
        expect(cosine).toBeGreaterThan(0.98);
      }
    });

    it('embeds the same split with a worker thread as on one thread', async () => {
      const model = CorpusModel.deserialize((await latestModel(db.store, 'corpus'))!.data);
      const docs = topicCorpus().map((r) => index.lexical.docOf(r.id)!);
      const one = new Map<number, number[]>();
      const two = new Map<number, number[]>();
      await embedIndexedDocs(model, index.lexical, docs, (doc, encoded) => one.set(doc, [...encoded]), Infinity);
      await embedIndexedDocs(model, index.lexical, docs, (doc, encoded) => two.set(doc, [...encoded]), 1);
      expect(two.size).toBe(docs.length);
      expect(two).toEqual(one);
    });

    it('finds a paper by words it does not contain, through words its neighbours share', async () => {
      // "manipulator" and "tactile" are grasping words, but paper 0's own text may lack them: meaning still ranks the topic first.
      const semantic = await ids('manipulator tactile', 'semantic');
      expect(semantic.slice(0, 5).every((id) => topicOf(id) === GRASPING)).toBe(true);
      const hybrid = await ids('manipulator tactile', 'hybrid');
      expect(topicOf(hybrid[0]!)).toBe(GRASPING);
    });

    it('reaches the corpus words through WordNet for a word the corpus never uses', async () => {
      expect(await ids('pictures', 'keyword')).toEqual([]);
      const semantic = await ids('pictures', 'semantic');
      expect(topicOf(semantic[0]!)).toBe(IMAGES);
    });

    it('applies category and date filters inside every mode', async () => {
      for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
        const got = await ids('speech recognition', mode, { category: 'cs.RO' });
        expect(got.every((id) => topicOf(id) === GRASPING), mode).toBe(true);
        const dated = await ids('speech recognition', mode, { from: '2026-01-05', to: '2026-01-06' });
        expect(dated.every((id) => Number(id.slice(-3)) <= 2), mode).toBe(true);
      }
    });

    it('keeps quoted phrases and arXiv ids exact even in hybrid mode', async () => {
      const phrase = await searchIndex(index, db.store, { q: '"parallel gripper"', mode: 'hybrid' });
      expect(phrase.mode).toBe('keyword');
      expect(phrase.hits.length).toBeGreaterThan(0);
      const byId = await searchIndex(index, db.store, { q: topicId(3, 2), mode: 'hybrid' });
      expect(byId.hits[0]?.id).toBe(topicId(3, 2));
    });

    it('lists similar papers of the same topic, never the paper itself', async () => {
      const similar = (await similarIn(index, topicId(IMAGES, 3), 5)).map((h) => h.id);
      expect(similar).toHaveLength(5);
      expect(similar).not.toContain(topicId(IMAGES, 3));
      expect(similar.filter((id) => topicOf(id) === IMAGES).length).toBeGreaterThanOrEqual(4);
    });

    it('drops a hidden paper from every mode and from similar papers, and embeds a new paper on sync', async () => {
      const mod = await findOrCreateUser(db.store, 'mod@example.org', 'mod');
      const hidden = topicId(IMAGES, 0);
      await hidePaper(db.store, mod.id, hidden, 'test');
      await upsertPapers(db.store, [buildRecord({ id: '2601.99001', title: 'Captions become photographs', abstract: 'A diffusion model generates an image from a text caption.', categories: ['cs.CV'] })]);
      await index.sync(db.store);
      for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
        expect(await ids('image diffusion caption', mode, { limit: 50 }), mode).not.toContain(hidden);
      }
      expect((await similarIn(index, topicId(IMAGES, 1), 50)).map((h) => h.id)).not.toContain(hidden);
      expect(index.vectorOf('2601.99001')).not.toBeNull();
      expect((await ids('photographs', 'keyword'))[0]).toBe('2601.99001');
    });

    it('answers any query string with results or an empty list', async () => {
      const hostile = ['', '   ', 'x'.repeat(10_000), '!!!???', '"unbalanced', '$\\mathcal{O}(n^2)$', '🤖🧬', "'; drop table papers; --", '.*(a+)+$', '\\', 'AND OR NOT', '""'];
      for (const q of hostile) {
        for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
          const result = await searchIndex(index, db.store, { q, mode, prefix: true });
          expect(Array.isArray(result.hits)).toBe(true);
        }
      }
    });
  });
}

describe('search requests', () => {
  let db: TestStore;
  let index: SearchIndex;
  beforeAll(async () => {
    db = await sqliteFactory.create();
    await upsertPapers(db.store, topicCorpus().slice(0, 12));
    index = await SearchIndex.build(db.store, { embeddings: { provider: 'off' } });
  });
  afterAll(() => db?.cleanup());

  it('refuses bad filters and paging with InvalidInputError', async () => {
    const bad = [{ mode: 'fuzzy' }, { sort: 'random' }, { limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { offset: -1 }, { category: 'not a category' }, { from: '2026-02-30' }, { to: 'tomorrow' }, { minUpvotes: -1 }];
    for (const extra of bad) {
      await expect(searchIndex(index, db.store, { q: 'robot', ...(extra as object) }), JSON.stringify(extra)).rejects.toBeInstanceOf(InvalidInputError);
    }
  });

  it('falls back to keywords, and says so, when meaning is off', async () => {
    const result = await searchIndex(index, db.store, { q: 'gripper', mode: 'semantic' });
    expect(result.mode).toBe('keyword');
    expect(result.message).toMatch(/off/);
    expect(result.hits.length).toBeGreaterThan(0);
  });

  it('fuses ranked lists by reciprocal rank: agreement beats one list’s top', () => {
    const fused = fuse([
      [{ id: 'a', score: 9 }, { id: 'b', score: 8 }, { id: 'c', score: 7 }],
      [{ id: 'd', score: 1 }, { id: 'b', score: 0.9 }, { id: 'e', score: 0.8 }],
    ]);
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'd', 'c', 'e']);
    expect(fused[0]!.score).toBeCloseTo(2 / 62, 6);
  });

  it('combines keyword and meaning scores, each relative to its best: a clear keyword winner stays first', () => {
    const keyword = [{ id: 'exact', score: 30 }, { id: 'b', score: 6 }, { id: 'c', score: 5 }];
    const nearest = [{ id: 'b', score: 0.8 }, { id: 'c', score: 0.7 }, { id: 'exact', score: 0.2 }, { id: 'far', score: -0.1 }];
    const hits = combine(keyword, nearest);
    expect(hits.map((h) => h.id)).toEqual(['exact', 'b', 'c', 'far']);
    expect(hits[0]!.score).toBeCloseTo(0.6 + 0.4 * 0.25, 6);
    expect(hits[1]!.score).toBeCloseTo(0.6 * 0.2 + 0.4, 6);
    expect(hits[3]!.score).toBe(0);
    expect(combine([], nearest).map((h) => h.id)).toEqual(['b', 'c', 'exact', 'far']);
  });
});

describe('search index snapshots', () => {
  let db: TestStore;
  let dir: string;
  beforeAll(async () => {
    db = await sqliteFactory.create();
    dir = mkdtempSync(join(tmpdir(), 'paperboy-snap-'));
    await upsertPapers(db.store, topicCorpus());
  });
  afterAll(async () => {
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reopens from the snapshot, catches up with later changes, and reuses the stored model', async () => {
    const built = await SearchIndex.build(db.store);
    await built.save(db.store, dir);
    await upsertPapers(db.store, [buildRecord({ id: '2601.99002', title: 'Enzymes that fold faster', abstract: 'Protein folding of enzymes.', categories: ['q-bio.BM'] })]);
    const lines: string[] = [];
    const opened = await SearchIndex.open(db.store, dir, { log: (l) => lines.push(l) });
    expect(lines.join('\n')).not.toMatch(/no usable snapshot/);
    expect(opened.size).toBe(41);
    expect(opened.semanticModel).toBe(built.semanticModel);
    expect(opened.search('enzymes faster')[0]?.key).toBe('2601.99002');
    expect(opened.vectorOf('2601.99002')).not.toBeNull();
    const again = await searchIndex(opened, db.store, { q: 'speech', mode: 'hybrid', category: 'eess.AS' });
    expect(again.hits.length).toBeGreaterThan(0);
  });

  it('rebuilds instead of reading a snapshot of another store or a damaged one', async () => {
    const other = await sqliteFactory.create();
    try {
      await upsertPapers(other.store, topicCorpus().slice(0, 3));
      const lines: string[] = [];
      const opened = await SearchIndex.open(other.store, dir, { log: (l) => lines.push(l) });
      expect(lines.join('\n')).toMatch(/another store/);
      expect(opened.size).toBe(3);
      writeFileSync(join(dir, 'lexical.idx'), 'not an index');
      lines.length = 0;
      const rebuilt = await SearchIndex.open(db.store, dir, { log: (l) => lines.push(l) });
      expect(lines.join('\n')).toMatch(/no usable snapshot/);
      expect(rebuilt.size).toBe(41);
    } finally {
      await other.cleanup();
    }
  });

  it('keeps a trained model across a round trip of its serialized form', () => {
    const model = CorpusModel.train(topicCorpus().map((r) => ({ title: r.title, abstract: r.abstract ?? '' })), { wordnet: null });
    const copy = CorpusModel.deserialize(model.serialize());
    expect(Array.from(copy.embed('gripper', 'robot arm'))).toEqual(Array.from(model.embed('gripper', 'robot arm')));
    expect(copy.embedQuery('zzzz qqqq')).toBeNull();
  });
});

describe('a fresh install', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await sqliteFactory.create();
  });
  afterAll(() => db?.cleanup());

  it('trains the built-in model once enough papers arrive, and again while the corpus doubles', async () => {
    const index = await SearchIndex.build(db.store);
    expect(index.semanticModel).toBeNull();
    expect(index.semanticNote).toMatch(/starts once 10 papers/);
    const corpus = topicCorpus();
    await upsertPapers(db.store, corpus.slice(0, 12));
    await index.sync(db.store);
    const first = index.semanticModel;
    expect(first).toMatch(/^corpus-/);
    await upsertPapers(db.store, corpus.slice(12, 30));
    await index.sync(db.store);
    expect(index.semanticModel).not.toBe(first);
    expect((await latestModel(db.store, 'corpus'))?.trainedDocs).toBe(30);
    expect(index.vectorOf(corpus[29]!.id)).not.toBeNull();
  });
});
