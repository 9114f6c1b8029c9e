import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.js';

describe('parseQuery', () => {
  it('reads keywords without stopwords, phrases with them', () => {
    expect(parseQuery('the large language models')).toEqual({ terms: ['larg', 'languag', 'model'], phrases: [], prefix: null, ids: [] });
    const q = parseQuery('"chain of thought" reasoning');
    expect(q.phrases).toEqual([['chain', 'of', 'thought']]);
    expect(q.terms).toEqual(['chain', 'thought', 'reason']);
  });

  it('reads an unbalanced quote as keywords, and a one-word phrase as a keyword', () => {
    expect(parseQuery('"sparse attention')).toMatchObject({ terms: ['spars', 'attention'], phrases: [] });
    expect(parseQuery('a "b" c "sparse')).toMatchObject({ phrases: [], terms: ['b', 'c', 'spars'] });
    expect(parseQuery('“smart quotes” here').phrases).toEqual([['smart', 'quot']]);
  });

  it('takes the word being typed as a prefix, only when asked and only at the end', () => {
    expect(parseQuery('sparse diffu', { prefix: true })).toMatchObject({ terms: ['spars'], prefix: 'diffu' });
    expect(parseQuery('sparse diffu ', { prefix: true }).prefix).toBeNull();
    expect(parseQuery('sparse diffu', {}).prefix).toBeNull();
    expect(parseQuery('x d', { prefix: true }).prefix).toBeNull(); // one letter: too short
    expect(parseQuery('"closed phrase"', { prefix: true }).prefix).toBeNull();
  });

  it('recognizes arXiv ids, with or without version', () => {
    expect(parseQuery('2401.01234v2').ids).toEqual(['2401.01234']);
    expect(parseQuery('hep-th/9901001 and 2401.01234').ids).toEqual(['hep-th/9901001', '2401.01234']);
  });

  it('never throws', () => {
    for (const q of ['', '"', '""', '"""', '" "', '(((', '$\\frac{', "'; drop table papers; --", '.*', 'x'.repeat(100_000), '"'.repeat(999)]) {
      expect(() => parseQuery(q, { prefix: true })).not.toThrow();
    }
  });
});
