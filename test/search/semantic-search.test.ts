import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.js';
import { CorpusModel } from '../../src/search/embeddings/corpus-model.js';
import { trainModel } from '../../src/search/embeddings/model-training.js';
import { embedIndexedDocs } from '../../src/search/embeddings/indexed-embedding.js';
import { fuseByRank, fuseHybrid, keywordDoubt, keywordTrust, sameTitle } from '../../src/search/fusion.js';
import { searchIndex, similarIn } from '../../src/search/paper-search.js';
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

    it('sorted by date or votes, hybrid lists the papers that match (meaning only when none does)', async () => {
      const matching = await ids('tactile', 'keyword', { limit: 50 });
      expect(matching.length).toBeGreaterThan(0);
      expect((await ids('tactile', 'hybrid', { sort: 'date', limit: 50 })).sort()).toEqual([...matching].sort());
      expect(await ids('tactile', 'hybrid', { limit: 50 })).not.toHaveLength(matching.length);
      expect((await ids('pictures', 'hybrid', { sort: 'date', limit: 5 })).length).toBeGreaterThan(0);
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

  it('tells which papers a query names: every word of it in the title, stems and stopwords aside', async () => {
    const papers = topicCorpus().slice(0, 12);
    const target = papers[0]!;
    const words = target.title.split(/\s+/).slice(0, 3).join(' ');
    const keys = papers.map((p) => p.id);
    const named = index.titlesHolding(words, keys);
    // Its title begins with them.
    expect(named.get(target.id)).toBe(true);
    for (const id of named.keys()) expect(papers.find((p) => p.id === id)!.title.toLowerCase()).toContain(words.split(' ')[0]!.toLowerCase().slice(0, 4));
    // A word no title has: nothing is named.
    expect(index.titlesHolding(`${words} zyzzyva`, keys).size).toBe(0);
    expect(index.titlesHolding('', keys).size).toBe(0);
  });

  it('fuses ranked lists by reciprocal rank: agreement beats one list’s top', () => {
    const fused = fuseByRank([
      [{ id: 'a', score: 9 }, { id: 'b', score: 8 }, { id: 'c', score: 7 }],
      [{ id: 'd', score: 1 }, { id: 'b', score: 0.9 }, { id: 'e', score: 0.8 }],
    ]);
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'd', 'c', 'e']);
    expect(fused[0]!.score).toBeCloseTo(2 / 62, 6);
  });
});

describe('hybrid fusion', () => {
  /** A meaning list as a large corpus gives it: 100 cosines crowded within a few hundredths. */
  const crowded = (ids: string[]) => ids.map((id, i) => ({ id, score: 0.9 - i * 0.0003 }));
  const others = Array.from({ length: 97 }, (_, i) => `n${i}`);

  it('keeps a clear keyword winner first whatever the meaning list says', () => {
    const keyword = [{ id: 'exact', score: 30 }, { id: 'b', score: 6 }, { id: 'c', score: 5 }];
    const hits = fuseHybrid(keyword, crowded(['b', 'c', ...others, 'exact']));
    expect(hits[0]!.id).toBe('exact');
    // Meaning orders what keywords left close: b and c came second and third in both lists.
    expect(hits.slice(1, 3).map((h) => h.id)).toEqual(['b', 'c']);
  });

  it('keeps an exact title match first even when keywords are nearly tied and meaning disagrees', () => {
    const keyword = [{ id: 'title', score: 10 }, { id: 'near', score: 9.9 }];
    const nearest = crowded(['near', ...others, 'title']);
    expect(fuseHybrid(keyword, nearest)[0]!.id).toBe('near');
    const pinned = fuseHybrid(keyword, nearest, { pinned: 'title' });
    expect(pinned[0]!.id).toBe('title');
    expect(pinned[0]!.score).toBeGreaterThan(pinned[1]!.score);
    expect(sameTitle('depth anything:  unleashing the power', 'Depth Anything: Unleashing the Power')).toBe(true);
    expect(sameTitle('depth anything', 'Depth Anything: Unleashing the Power')).toBe(false);
  });

  it('never lets meaning lift a paper above one whose title the query names', () => {
    // "Depth Anything": the paper that introduced it (its title) and a close keyword runner-up using it.
    const keyword = [{ id: 'uses-it', score: 10 }, { id: 'introduced-it', score: 9.8 }, { id: 'other', score: 9.5 }];
    const nearest = crowded(['other', 'uses-it', ...others, 'introduced-it']);
    const plain = fuseHybrid(keyword, nearest);
    expect(plain.map((h) => h.id).indexOf('introduced-it')).toBeGreaterThan(1);
    const named = fuseHybrid(keyword, nearest, { named: new Map([['introduced-it', false]]) });
    expect(named.map((h) => h.id).slice(0, 3)).toEqual(['introduced-it', 'uses-it', 'other']);
    // Scores still read as a ranking.
    for (let i = 1; i < named.length; i++) expect(named[i]!.score).toBeLessThan(named[i - 1]!.score);
    // Among named papers, a title that begins with the query's words ("Depth Anything: Unleashing…")
    // comes before one that holds them further on ("Re-Depth Anything: …").
    const both = fuseHybrid(keyword, nearest, { named: new Map([['uses-it', false], ['introduced-it', true]]) });
    expect(both.map((h) => h.id).slice(0, 3)).toEqual(['introduced-it', 'uses-it', 'other']);
    for (let i = 1; i < both.length; i++) expect(both[i]!.score).toBeLessThan(both[i - 1]!.score);
  });

  it('answers by meaning, in its order, when no keyword matches', () => {
    const nearest = crowded(['m1', 'm2', 'm3']);
    expect(fuseHybrid([], nearest).map((h) => h.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('answers a paraphrase by meaning where keywords cover it poorly, keywords breaking ties', () => {
    // Scattered common words: the best keyword match (9) scores a fifth of a title match of the query (45).
    const keyword = [{ id: 'common', score: 9 }, { id: 'target', score: 3 }, { id: 'other', score: 2 }];
    const nearest = crowded(['target', ...others.slice(0, 50), 'common', ...others.slice(50)]);
    expect(fuseHybrid(keyword, nearest, { titleMatchScore: 9 })[0]!.id).toBe('common');
    expect(fuseHybrid(keyword, nearest, { titleMatchScore: 45 })[0]!.id).toBe('target');
    // Trust rises with coverage: full from 0.45 (names, keywords), a tenth at 0.2 and below.
    expect(keywordTrust(0.1)).toBe(0.1);
    expect(keywordTrust(0.45)).toBe(1);
    expect(keywordTrust(2)).toBe(1);
    expect(keywordTrust(0.3)).toBeGreaterThan(keywordTrust(0.25));
    // Whatever the coverage, a named title and an exact title match stay ahead of meaning.
    expect(fuseHybrid(keyword, nearest, { titleMatchScore: 900, named: new Map([['other', true]]) })[0]!.id).toBe('other');
    expect(fuseHybrid(keyword, nearest, { titleMatchScore: 900, pinned: 'other' })[0]!.id).toBe('other');
  });

  it('lets meaning reorder keyword matches only as far as keywords leave doubt', () => {
    // Flat keyword list (scattered common words): meaning decides between close matches.
    const flat = [{ id: 'k1', score: 5 }, { id: 'k2', score: 4.9 }, { id: 'k3', score: 4.8 }];
    expect(fuseHybrid(flat, crowded(['k3', ...others, 'k2', 'k1']))[0]!.id).toBe('k3');
    expect(keywordDoubt(flat)).toBeCloseTo(0.98, 2);
    // A lone keyword match leaves no doubt; meaning-only papers still follow in meaning's order.
    const lone = fuseHybrid([{ id: 'only', score: 3 }], crowded(['m1', 'm2', 'only']));
    expect(lone.map((h) => h.id)).toEqual(['only', 'm1', 'm2']);
    expect(keywordDoubt([])).toBe(1);
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
      writeFileSync(join(dir, readFileSync(join(dir, 'current'), 'utf8').trim(), 'lexical.idx'), 'not an index');
      lines.length = 0;
      const rebuilt = await SearchIndex.open(db.store, dir, { log: (l) => lines.push(l) });
      expect(lines.join('\n')).toMatch(/no usable snapshot/);
      expect(rebuilt.size).toBe(41);
    } finally {
      await other.cleanup();
    }
  });

  it('keeps a trained model across a round trip of its serialized form (int8 word vectors: the same direction)', () => {
    const model = trainModel(topicCorpus().map((r) => ({ title: r.title, abstract: r.abstract ?? '' })), { wordnet: null });
    const copy = CorpusModel.deserialize(model.serialize());
    const [a, b] = [copy.embed('gripper', 'robot arm'), model.embed('gripper', 'robot arm')];
    expect(a.reduce((dot, x, k) => dot + x * b[k]!, 0)).toBeGreaterThan(0.999);
    expect(CorpusModel.deserialize(copy.serialize()).serialize()).toEqual(copy.serialize());
    expect(copy.embedQuery('zzzz qqqq')).toBeNull();
  });
});

describe('a fresh install', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await sqliteFactory.create();
  });
  afterAll(() => db?.cleanup());

  it('trains a model on the store alone (EMBEDDINGS=store) once enough papers arrive, and again while the corpus doubles', async () => {
    const index = await SearchIndex.build(db.store, { embeddings: { provider: 'store' } });
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
