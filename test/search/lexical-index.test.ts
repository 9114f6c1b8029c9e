import { describe, expect, it } from 'vitest';
import { type Hit, LexicalIndexBuilder } from '../../src/search/lexical-index.js';
import { tokenize } from '../../src/search/tokenizer.js';

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lexical index', () => {
  it('ranks a title match above an abstract-only match, and a rare term above a common one', () => {
    const b = new LexicalIndexBuilder();
    b.add({ key: 'a', title: 'Sparse attention', abstract: 'We study models.', authors: 'Ada Lovelace' });
    b.add({ key: 'b', title: 'A study of models', abstract: 'Sparse attention appears here once among many other words of text.', authors: 'Alan Turing' });
    b.add({ key: 'c', title: 'Models', abstract: 'Models models.', authors: 'Grace Hopper' });
    const index = b.build();
    expect(index.search(tokenize('sparse attention'), { k: 10 }).map((h) => h.key)).toEqual(['a', 'b']);
    expect(index.search(tokenize('turing models'), { k: 1 })[0]!.key).toBe('b');
    expect(index.search(tokenize('scholkopf'), { k: 10 })).toEqual([]);
  });

  it('returns exactly the exhaustive top-k on a random corpus (MaxScore loses nothing)', () => {
    const rand = random(42);
    const vocab = Array.from({ length: 400 }, (_, i) => `w${i}`);
    // Zipf-like: low ids are common, as in real text.
    const word = () => vocab[Math.floor(Math.pow(rand(), 2.5) * vocab.length)]!;
    const b = new LexicalIndexBuilder();
    const docs: string[][] = [];
    for (let d = 0; d < 3000; d++) {
      const title = Array.from({ length: 3 + Math.floor(rand() * 8) }, word).join(' ');
      const abstract = Array.from({ length: 20 + Math.floor(rand() * 120) }, word).join(' ');
      docs.push([title, abstract]);
      b.add({ key: `d${d}`, title, abstract, authors: '' });
    }
    const index = b.build();
    // Exhaustive: every document scored with k = all.
    for (let q = 0; q < 60; q++) {
      const terms = Array.from({ length: 1 + Math.floor(rand() * 5) }, word);
      const all = index.search(terms, { k: 100_000 });
      const top = index.search(terms, { k: 10 });
      const expected = all.slice(0, 10);
      expect(top.map((h) => h.score)).toEqual(expected.map((h: Hit) => h.score));
      expect(new Set(top.map((h) => h.key))).toEqual(new Set(expected.map((h) => h.key)));
    }
  });

  it('excludes documents on request and expands prefixes by frequency', () => {
    const b = new LexicalIndexBuilder();
    b.add({ key: 'x', title: 'transformer transformers', abstract: '', authors: '' });
    b.add({ key: 'y', title: 'transformer', abstract: 'transform', authors: '' });
    b.add({ key: 'z', title: 'translation', abstract: '', authors: '' });
    const index = b.build();
    expect(index.search(['transformer'], { k: 10, exclude: (k) => k === 'x' }).map((h) => h.key)).toEqual(['y']);
    expect(index.expandPrefix('trans', 10)).toEqual(['transformer', 'transform', 'translation']);
  });
});

describe('tokenizer', () => {
  it.each([
    ['Attention in $\\mathcal{O}(n^2)$ time', ['attention', 'in', 'o', 'n', '2', 'time']],
    ['Fill-in-the-Middle models', ['fill', 'in', 'the', 'middle', 'fillinthemiddle', 'model']],
    ['Bernhard Schölkopf', ['bernhard', 'scholkopf']],
    ['see 2401.01234v2 and hep-th/9901001', ['2401.01234v2', '2401.01234', 'hep-th/9901001', 'see', 'and']],
    ['$\\alpha$ studies', ['alpha', 'study']],
  ])('tokenizes %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('never throws on hostile queries', () => {
    for (const q of ['', '"', '((((', '$'.repeat(1000), 'x'.repeat(10_000), "'; DROP TABLE papers; --", '.*+?^${}()|[]\\', '😀🚀', '\u0000\uffff']) {
      expect(() => tokenize(q)).not.toThrow();
    }
  });
});
