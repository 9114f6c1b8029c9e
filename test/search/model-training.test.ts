import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusModel } from '../../src/search/embeddings/corpus-model.js';
import { extendModel, trainModel } from '../../src/search/embeddings/model-training.js';
import { shippedModel } from '../../src/search/embeddings/shipped-model.js';
import { searchIndex } from '../../src/search/paper-search.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { upsertPapers } from '../../src/store/papers.js';
import { latestModel } from '../../src/store/search-vectors.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';
import { topicCorpus } from '../support/topic-corpus.js';

const corpus = () => topicCorpus().map((r) => ({ title: r.title, abstract: r.abstract ?? '' }));
/** Cosine of two words' vectors (as written: stemmed the way the model stems them). */
function cosine(model: CorpusModel, a: string, b: string): number {
  const [i, j] = [a, b].map((w) => model.queryWords(w)[0]?.word ?? -1);
  if (i! < 0 || j! < 0) throw new Error(`${i! < 0 ? a : b} is not in the model's vocabulary`);
  return model.wordCosine(i!, j!);
}

/** Papers in which a word no model has seen ("zorbleq") keeps the company of grasping words. */
const newWordDocs = () => Array.from({ length: 12 }, (_, i) => ({
  title: `Zorbleq control ${i}`,
  abstract: 'The robot arm uses a zorbleq gripper to grasp objects from a cluttered bin; the zorbleq manipulator senses contact forces while lifting.',
}));

describe('the built-in model', () => {
  it('folds a word its base never saw in next to the words it keeps company with', () => {
    const base = trainModel(corpus());
    expect(base.queryWords('zorbleq')[0]!.word).toBe(-1);
    const extended = extendModel(base, 'base-test', [...corpus(), ...newWordDocs()]);
    expect(extended.queryWords('zorbleq')[0]!.word).toBeGreaterThanOrEqual(0);
    expect(cosine(extended, 'zorbleq', 'gripper')).toBeGreaterThan(cosine(extended, 'zorbleq', 'diffusion') + 0.2);
    expect(extended.parts.base).toBe('base-test');
    expect(extended.trainedDocs).toBe(corpus().length + 12);
    // The base's own words keep their vectors.
    expect(cosine(extended, 'gripper', 'grasp')).toBeCloseTo(cosine(base, 'gripper', 'grasp'), 5);
  });

  it('serializes word vectors as int8 rows: cosines move by less than 0.01, and the earlier float32 format still reads', () => {
    const model = trainModel(corpus());
    const copy = CorpusModel.deserialize(model.serialize());
    expect(copy.vocabularySize).toBe(model.vocabularySize);
    for (const [a, b] of [['gripper', 'grasp'], ['image', 'diffusion'], ['speech', 'gripper']] as const) {
      expect(Math.abs(cosine(copy, a, b) - cosine(model, a, b))).toBeLessThan(0.01);
    }
    const legacy = CorpusModel.deserialize(float32Format(model));
    expect(legacy.contexts).toBe(0);
    expect(cosine(legacy, 'gripper', 'grasp')).toBeCloseTo(cosine(model, 'gripper', 'grasp'), 5);
  });
});

describe.skipIf(shippedModel() === null)('the shipped model', () => {
  it('knows which words keep company, from papers no store has', () => {
    const { model } = shippedModel()!;
    expect(model.vocabularySize).toBeGreaterThan(20_000);
    expect(model.contexts).toBeGreaterThan(1_000);
    expect(cosine(model, 'lidar', 'camera')).toBeGreaterThan(cosine(model, 'lidar', 'theorem') + 0.3);
    expect(cosine(model, 'chatbot', 'dialogue')).toBeGreaterThan(cosine(model, 'chatbot', 'protein') + 0.3);
  });

  describe('on a fresh install', () => {
    let db: TestStore;
    beforeAll(async () => {
      db = await sqliteFactory.create();
    });
    afterAll(() => db?.cleanup());

    it('answers by meaning from the first paper, and extends the model once papers arrive', async () => {
      const index = await SearchIndex.build(db.store);
      expect(index.semanticModel).toMatch(/^corpus-/);
      expect(index.semanticNote).toMatch(/shipped, extended by 0 papers/);
      await upsertPapers(db.store, [
        buildRecord({ id: '2612.00001', title: 'Conversational agents for customer service', abstract: 'We build a dialogue system that answers customer questions.' }),
        buildRecord({ id: '2612.00002', title: 'Protein folding with graph networks', abstract: 'Graph neural networks predict protein structure from sequence.' }),
      ]);
      await index.sync(db.store);
      const hits = (await searchIndex(index, db.store, { q: 'chatbot', mode: 'semantic', limit: 5 })).hits.map((h) => h.id);
      expect(hits[0]).toBe('2612.00001');
      await upsertPapers(db.store, topicCorpus());
      await index.sync(db.store);
      const stored = await latestModel(db.store, 'corpus');
      expect(stored?.trainedDocs).toBeGreaterThanOrEqual(10);
      expect(CorpusModel.deserialize(stored!.data).parts.base).toBe(shippedModel()!.id);
    }, 120_000);
  });

  it('EMBEDDINGS=store trains on the store alone, and waits for 10 papers', async () => {
    const db = await sqliteFactory.create();
    try {
      const index = await SearchIndex.build(db.store, { embeddings: { provider: 'store' } });
      expect(index.semanticModel).toBeNull();
      await upsertPapers(db.store, topicCorpus());
      const built = await SearchIndex.build(db.store, { embeddings: { provider: 'store' } });
      expect(built.semanticModel).toMatch(/^corpus-/);
      expect(CorpusModel.deserialize((await latestModel(db.store, 'corpus'))!.data).parts.base).toBeNull();
      built.close();
      index.close();
    } finally {
      await db.cleanup();
    }
  });
});

/** The model in the format stored before int8 rows: a header without `format`, then float32 vectors, weights and common direction. */
function float32Format(model: CorpusModel): Uint8Array {
  const { dims, words, vectors, weights, common, expansions, trainedDocs } = model.parts;
  const header = Buffer.from(JSON.stringify({ dims, trainedDocs, words, expansions: [...expansions] }));
  const pad = (4 - ((4 + header.length) % 4)) % 4;
  const floats = new Float32Array([...vectors, ...weights, ...common]);
  const out = Buffer.alloc(4 + header.length + pad + floats.byteLength);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  Buffer.from(floats.buffer).copy(out, 4 + header.length + pad);
  return out;
}
