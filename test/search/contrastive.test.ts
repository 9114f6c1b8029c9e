import { describe, expect, it } from 'vitest';
import { tuneWordVectors, type TuningDoc } from '../../src/search/embeddings/contrastive.js';
import { CorpusModel, terms, type ModelParts } from '../../src/search/embeddings/corpus-model.js';
import { normalize } from '../../src/search/embeddings/embedder.js';
import { trainModel } from '../../src/search/embeddings/model-training.js';
import { seededRandom } from '../../src/search/random.js';
import { topicCorpus } from '../support/topic-corpus.js';

/**
 * Papers whose titles and abstracts use different words: topic t's titles draw on its own title
 * words, its abstracts on its own abstract words (plus words every topic uses). Only tuning on
 * (title, abstract) pairs can tell which title words go with which abstract words.
 */
const TOPICS = 4;
const PAPERS_EACH = 20;
const made = (prefix: string, t: number, i: number) => `${prefix}${'bcdfg'[t]}${'klmnprstv'[i]}ox`;
const titleWords = (t: number) => Array.from({ length: 5 }, (_, i) => made('tit', t, i));
const abstractWords = (t: number) => Array.from({ length: 8 }, (_, i) => made('abs', t, i));
const SHARED = ['method', 'result', 'dataset', 'evaluate'];

function splitCorpus(): (TuningDoc & { topic: number })[] {
  const random = seededRandom(7);
  const pick = (words: string[], n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]!);
  const sentence = (t: number) => `The ${[...pick(abstractWords(t), 4), ...pick(SHARED, 2)].join(' ')}.`;
  return Array.from({ length: TOPICS * PAPERS_EACH }, (_, p) => {
    const t = p % TOPICS;
    return { topic: t, title: pick(titleWords(t), 3).join(' '), abstract: `${sentence(t)} ${sentence(t)} ${sentence(t)}` };
  });
}

/** A model with a random vector for every word of `docs` (and one word no paper uses): it knows no meaning yet. */
function randomModel(docs: readonly TuningDoc[], dims = 16): CorpusModel {
  const words = [...new Set(docs.flatMap((d) => [...terms(d.title), ...terms(d.abstract)])), 'unusedword'];
  const random = seededRandom(11);
  const vectors = Float32Array.from({ length: words.length * dims }, () => random() - 0.5);
  for (let i = 0; i < words.length; i++) normalize(vectors.subarray(i * dims, (i + 1) * dims));
  const parts: ModelParts = {
    dims, words, vectors, weights: new Float32Array(words.length).fill(1), common: new Float32Array(dims), expansions: new Map(),
    trainedDocs: docs.length, contextVectors: new Float32Array(), contextProb: new Float32Array(), base: null,
  };
  return CorpusModel.from(parts);
}

/** Share of papers whose title, as a query, finds a paper of its own topic first among all abstracts. */
function titleFindsTopic(model: CorpusModel, docs: ReturnType<typeof splitCorpus>): number {
  const abstracts = docs.map((d) => model.embed('', d.abstract));
  let found = 0;
  for (const d of docs) {
    const q = model.embedQuery(d.title)!;
    let best = -1;
    let bestScore = -Infinity;
    abstracts.forEach((a, i) => {
      const score = a.reduce((s, x, k) => s + x * q[k]!, 0);
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    if (docs[best]!.topic === d.topic) found++;
  }
  return found / docs.length;
}

const tuneOptions = { epochs: 40, batch: 16, learningRate: 0.02 };

describe('contrastive tuning of word vectors', () => {
  it('learns which title words go with which abstract words when they never share a word', () => {
    const docs = splitCorpus();
    const before = randomModel(docs);
    const after = CorpusModel.from({ ...before.parts, vectors: tuneWordVectors(before.parts, docs, tuneOptions) });
    expect(titleFindsTopic(before, docs)).toBeLessThan(0.6);
    expect(titleFindsTopic(after, docs)).toBeGreaterThan(0.95);
  });

  it('is repeatable, keeps rows unit length, and leaves words no paper uses where they were', () => {
    const docs = splitCorpus();
    const { parts } = randomModel(docs);
    const a = tuneWordVectors(parts, docs, tuneOptions);
    expect(tuneWordVectors(parts, docs, tuneOptions)).toEqual(a);
    expect(a).not.toEqual(parts.vectors);
    const dims = parts.dims;
    for (let i = 0; i < parts.words.length; i++) expect(Math.hypot(...a.subarray(i * dims, (i + 1) * dims))).toBeCloseTo(1, 5);
    const unused = parts.words.indexOf('unusedword') * dims;
    for (let k = 0; k < dims; k++) expect(a[unused + k]).toBeCloseTo(parts.vectors[unused + k]!, 6);
  });

  it('leaves the vectors alone with fewer than two papers to compare', () => {
    const docs = splitCorpus();
    const { parts } = randomModel(docs);
    expect(tuneWordVectors(parts, docs.slice(0, 1), tuneOptions)).toEqual(parts.vectors);
    expect(tuneWordVectors(parts, [{ title: 'Untitled', abstract: '' }, ...docs.slice(0, 1)], tuneOptions)).toEqual(parts.vectors);
  });

  it('is part of training when asked: the tuned model brings titles nearer their own papers', () => {
    const docs = topicCorpus().map((r) => ({ title: r.title, abstract: r.abstract ?? '' }));
    const plain = trainModel(docs);
    const tuned = trainModel(docs, { tune: { epochs: 20, batch: 16, learningRate: 0.01 } });
    const margin = (model: CorpusModel) => {
      const vectors = docs.map((d) => model.embed('', d.abstract));
      let sum = 0;
      docs.forEach((d, i) => {
        const q = model.embedQuery(d.title)!;
        const cos = (v: Float32Array) => v.reduce((s, x, k) => s + x * q[k]!, 0);
        const others = vectors.filter((_, j) => j !== i).map(cos);
        sum += cos(vectors[i]!) - others.reduce((s, x) => s + x, 0) / others.length;
      });
      return sum / docs.length;
    };
    expect(margin(tuned)).toBeGreaterThan(margin(plain) + 0.2);
  });
});
