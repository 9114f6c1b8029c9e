import { describe, expect, it } from 'vitest';
import { Bitset } from '../../src/search/bitset.js';
import { LexicalIndex, LexicalIndexBuilder } from '../../src/search/lexical-index.js';
import { parseQuery } from '../../src/search/query.js';

const paper = (key: string, title: string, abstract = '', authors: string[] = []) => ({ key, title, abstract, authors });
const keys = (hits: Array<{ key: string }>) => hits.map((h) => h.key);

describe('ranking', () => {
  const index = LexicalIndex.build([
    paper('2401.00001', 'Sparse attention for long documents', 'We make transformers fast.', ['Ada Lovelace']),
    paper('2401.00002', 'A study of language models', 'Sparse attention appears once in this abstract about language models.', ['Alan Turing']),
    paper('2401.00003', 'Language models', 'Language models and more language models, trained on language.', ['Bernhard Schölkopf']),
    paper('2401.00004', 'Zebra finches sing', 'Birdsong and language models.', ['Grace Hopper']),
  ]);

  it('puts a title match above an abstract-only match', () => {
    expect(keys(index.search('sparse attention'))).toEqual(['2401.00001', '2401.00002']);
  });

  it('lets a rare term outweigh a common one', () => {
    // "language model" is in three papers, "zebra" in one: the zebra paper leads.
    expect(keys(index.search('zebra language models'))[0]).toBe('2401.00004');
  });

  it('measures a query against a title match of all its words', () => {
    const coverage = (q: string) => index.search(q)[0]!.score / index.titleMatchScore(q);
    // The paper's own title: about a full title match.
    expect(coverage('sparse attention long documents')).toBeGreaterThan(0.9);
    // Words only an abstract holds, and not all of them: a small share.
    expect(coverage('birdsong fast transformers language trained')).toBeLessThan(0.5);
    expect(index.titleMatchScore('')).toBe(0);
  });

  it('finds authors (accents folded) and arXiv ids, the paper itself first', () => {
    expect(keys(index.search('scholkopf'))).toEqual(['2401.00003']);
    expect(keys(index.search('2401.00002v3'))).toEqual(['2401.00002']);
    expect(keys(index.search('turing'))).toEqual(['2401.00002']);
  });

  it('returns nothing for stopword-only, empty or unknown queries', () => {
    for (const q of ['', 'the of and', 'qwertyuiop', '"', '😀']) expect(index.search(q)).toEqual([]);
  });

  it('can require every keyword', () => {
    expect(keys(index.search('sparse zebra'))).toHaveLength(3);
    expect(index.search('sparse zebra', { all: true })).toEqual([]);
  });

  it('keeps the first slice builder API working', () => {
    const b = new LexicalIndexBuilder();
    b.add(paper('x', 'Retrieval augmented generation'));
    expect(keys(b.build().search(['retrieval', 'the']))).toEqual(['x']);
  });
});

describe('phrases', () => {
  const index = LexicalIndex.build([
    paper('a', 'Chain of thought prompting', 'We study chain of thought.'),
    paper('b', 'Thought chains', 'A chain of experts had a thought of value.'),
    paper('c', 'Fill-in-the-middle training', 'Code models.'),
    paper('d', 'Filling the middle', 'Fill in the middle of the code; fill-in.'),
    paper('e', 'Attention', 'Title words', ['Chain Thought']),
  ]);

  it('requires the words in order, stopwords included, within one field', () => {
    expect(keys(index.search('"chain of thought"'))).toEqual(['a']);
    expect(index.search('"thought of chain"')).toEqual([]);
    expect(keys(index.search('"chain of experts" value'))).toEqual(['b']);
  });

  it('matches hyphenated and spaced spellings alike', () => {
    expect(new Set(keys(index.search('"fill in the middle"')))).toEqual(new Set(['c', 'd']));
    expect(new Set(keys(index.search('"fill-in-the-middle"')))).toEqual(new Set(['c', 'd']));
    expect(keys(index.search('fillinthemiddle'))).toEqual(['c']);
  });

  it('does not match across fields', () => {
    expect(index.search('"attention chain"')).toEqual([]);
    expect(index.search('"words chain"')).toEqual([]);
  });
});

describe('prefix search', () => {
  const index = LexicalIndex.build([
    paper('a', 'Diffusion models for video'),
    paper('b', 'Diffuse light transport'),
    paper('c', 'Transformers for translation'),
    paper('d', 'Generation of images'),
  ]);

  it('completes the last word only when asked', () => {
    expect(new Set(keys(index.search('diffu', { prefix: true })))).toEqual(new Set(['a', 'b']));
    expect(index.search('diffu')).toEqual([]);
    expect(keys(index.search('video diffu', { prefix: true }))[0]).toBe('a');
    expect(new Set(keys(index.search('trans', { prefix: true })))).toEqual(new Set(['c', 'b']));
  });

  it('completes a word its stem has cut short', () => {
    expect(keys(index.search('generati', { prefix: true }))).toEqual(['d']);
    expect(keys(index.search('models', { prefix: true }))).toEqual(['a']);
  });

  it('scores a paper by its best completion, not their sum', () => {
    // "transformers" and "translation" both complete "trans" in paper c: it scores as one word.
    const c = index.search('trans', { prefix: true }).find((h) => h.key === 'c')!;
    expect(c.score).toBeCloseTo(Math.max(index.search('transformers')[0]!.score, index.search('translation')[0]!.score), 12);
  });
});

describe('filters and matches()', () => {
  const papers = Array.from({ length: 300 }, (_, i) => paper(`p${i}`, `Paper ${i} on ${i % 3 === 0 ? 'graph' : 'vision'} models`, i % 2 ? 'with language models' : 'about agents'));
  const index = LexicalIndex.build(papers);

  it('applies a predicate or a bitset over doc numbers, and top-k still fills', () => {
    const even = (doc: number) => Number(index.keyOf(doc)!.slice(1)) % 2 === 0;
    const byFunction = index.search('graph models', { k: 20, filter: even });
    expect(byFunction).toHaveLength(20);
    expect(byFunction.every((h) => even(h.doc))).toBe(true);
    const bits = Bitset.of(Array.from({ length: index.docLimit }, (_, d) => d).filter(even));
    expect(index.search('graph models', { k: 20, filter: bits })).toEqual(byFunction);
    expect(index.search('graph models', { filter: () => false })).toEqual([]);
  });

  it('lists every paper holding all words, capped', () => {
    const all = index.matches('graph models');
    expect(all).toEqual({ docs: Array.from({ length: 100 }, (_, i) => i * 3), truncated: false });
    expect(index.matches('graph language').docs).toHaveLength(50);
    expect(index.matches('graph models', { limit: 10 })).toEqual({ docs: all.docs.slice(0, 10), truncated: true });
    expect(index.matches('"vision models" agents', { filter: (d) => d < 10 }).docs).toEqual([2, 4, 8]);
    expect(index.matches('the').docs).toEqual([]);
  });
});

describe('updates', () => {
  it('replaces a paper on upsert, at once, and never returns a removed one', () => {
    const index = LexicalIndex.build([paper('2401.00001', 'Quantum annealing'), paper('2401.00002', 'Protein folding')]);
    expect(index.upsert(paper('2401.00001', 'Graph neural networks'))).toBe(0);
    expect(index.search('annealing')).toEqual([]);
    expect(keys(index.search('graph'))).toEqual(['2401.00001']);
    expect(index.upsert(paper('2401.00003', 'Quantum graph annealing'))).toBe(2);
    expect(keys(index.search('quantum annealing'))).toEqual(['2401.00003']);
    expect(index.remove('2401.00003')).toBe(true);
    expect(index.remove('2401.00003')).toBe(false);
    expect(index.remove('nope')).toBe(false);
    expect(index.search('quantum annealing graph')).toEqual([expect.objectContaining({ key: '2401.00001' })]);
    expect(index.matches('graph').docs).toEqual([0]);
    expect(index.size).toBe(2);
    expect(index.has('2401.00003')).toBe(false);
    // A removed key comes back with its old doc number.
    expect(index.upsert(paper('2401.00003', 'Back again'))).toBe(2);
    expect(keys(index.search('again'))).toEqual(['2401.00003']);
  });

  it('finds the same papers before and after compaction', () => {
    const index = LexicalIndex.build(Array.from({ length: 200 }, (_, i) => paper(`k${i}`, `title ${i % 7} sparse`, `abstract word${i % 11} attention`)));
    for (let i = 0; i < 200; i += 3) index.upsert(paper(`k${i}`, `title ${i % 5} dense`, `abstract word${i % 13} attention`));
    for (let i = 1; i < 200; i += 10) index.remove(`k${i}`);
    const queries = ['sparse attention', 'dense word3', '"abstract word4"', 'title 2'];
    // Scores move a little (idf and lengths are recomputed, ties reorder): compare what matches.
    const found = () => queries.map((q) => [new Set(keys(index.search(q, { k: 500 }))), index.matches(q).docs.sort((a, b) => a - b)]);
    const before = found();
    index.compact();
    expect(index.deltaSize).toBe(0);
    expect(found()).toEqual(before);
    expect(index.size).toBe(200 - 20);
  });

  it('never throws on hostile queries', () => {
    const index = LexicalIndex.build([paper('a', 'Anything')]);
    for (const q of ['', '"', '"unbalanced', ')))', '$\\frac{', "'; drop table papers; --", '.*', '😀', 'x'.repeat(10_000), '"'.repeat(501), 'a-'.repeat(3000), '\\'.repeat(999)]) {
      expect(() => index.search(q, { prefix: true })).not.toThrow();
      expect(() => index.matches(q, { prefix: true })).not.toThrow();
      expect(() => index.search(parseQuery(q), { k: -5 })).not.toThrow();
    }
    expect(index.search('anything', { k: Number.NaN })).toEqual([]);
  });
});
