import { describe, expect, it } from 'vitest';
import {
  checkQuerySet, contentStems, loadQueries, loadTitles, MIN_PER_KIND, parseQueries, QUERY_KINDS, QUERY_SETS, sharedContentWords, type RelevanceQuery,
} from '../../bench/relevance/query-set.js';

// Reads only the committed files under bench/relevance/ (never ../shared): the eval script and
// bench/relevance/check.ts compare them with the real data.
for (const set of Object.values(QUERY_SETS)) {
  describe(`the committed relevance query set "${set.name}"`, () => {
    const queries = loadQueries(set.queries);
    const titles = loadTitles(set.titles);

    it('keeps every rule: kinds, at least 25 of each, arXiv ids, paraphrases sharing no title word', () => {
      expect(checkQuerySet(queries, titles)).toEqual([]);
      for (const kind of QUERY_KINDS) expect(queries.filter((q) => q.kind === kind).length).toBeGreaterThanOrEqual(MIN_PER_KIND);
      for (const q of queries) expect(q.target).toMatch(/^\d{4}\.\d{4,5}$/);
    });

    it('has a title for every target and no title without a query', () => {
      expect([...titles.keys()].sort()).toEqual([...new Set(queries.map((q) => q.target))].sort());
    });
  });
}

it('the recent set has at least 150 queries, none shared with the daily set', () => {
  const recent = loadQueries(QUERY_SETS.recent.queries);
  const daily = new Set(loadQueries(QUERY_SETS.daily.queries).map((q) => q.target));
  expect(recent.length).toBeGreaterThanOrEqual(150);
  expect(recent.filter((q) => daily.has(q.target))).toEqual([]);
});

describe('checkQuerySet', () => {
  const titles = new Map([['2401.10891', 'Depth Anything: Unleashing the Power of Large-Scale Unlabeled Data'], ['2402.08093', 'Generating Images with Transformers']]);
  const enough = (kind: RelevanceQuery['kind']) => Array.from({ length: MIN_PER_KIND }, (_, i) => ({ kind, query: `${kind} query ${i}`, target: '2401.10891' }));
  const base = [...enough('name'), ...enough('keywords'), ...enough('description'), ...enough('paraphrase')];

  it('accepts a set that keeps the rules', () => {
    expect(checkQuerySet(base, titles)).toEqual([]);
  });

  it('flags a paraphrase sharing a content word with its title, through plurals and suffixes', () => {
    const bad = (query: string) => checkQuerySet([...base, { kind: 'paraphrase', query, target: '2402.08093' }], titles);
    expect(bad('making pictures with a transformer')).toEqual([expect.stringMatching(/shares transform/)]);
    expect(bad('image synthesis')).toEqual([expect.stringMatching(/shares imag/)]);
    expect(bad('a generator of photos')).toEqual([expect.stringMatching(/shares generat/)]);
    expect(bad('making pictures with attention networks')).toEqual([]);
  });

  it('flags missing targets, bad ids, too few of a kind, duplicates and keyword queries of the wrong size', () => {
    const problems = checkQuerySet([
      ...base.slice(1),
      { kind: 'name', query: 'Depth Anything', target: '2401.10891v2' },
      { kind: 'name', query: 'depth anything', target: '2499.00001' },
      { kind: 'keywords', query: 'depth', target: '2401.10891' },
      { kind: 'keywords', query: 'depth anything unleashing power large scale unlabeled data', target: '2401.10891' },
    ], titles);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/2401\.10891v2 is not an arXiv id without version/),
      expect.stringMatching(/2499\.00001 is not an arXiv id/),
      expect.stringMatching(/2499\.00001 is not in the data/),
      expect.stringMatching(/duplicate query/),
      expect.stringMatching(/2-5 content words \(has 1\)/),
      expect.stringMatching(/not the whole title/),
    ]));
  });

  it('counts kinds', () => {
    expect(checkQuerySet(base.filter((q) => q.kind !== 'description'), titles)).toEqual(expect.arrayContaining(['description: 0 queries, at least 25 needed']));
  });
});

describe('parseQueries and the stemmer', () => {
  it('reads one {kind, query, target} a line and names the line of anything else', () => {
    expect(parseQueries('{"kind":"name","query":"Depth Anything","target":"2401.10891"}\n\n')).toEqual([{ kind: 'name', query: 'Depth Anything', target: '2401.10891' }]);
    expect(() => parseQueries('{"kind":"name","query":"x","target":"2401.10891"}\n{"kind":"fuzzy","query":"x","target":"2401.10891"}')).toThrow(/line 2: unknown kind/);
    expect(() => parseQueries('{"kind":"name","query":"x","target":"2401.10891","title":"t"}')).toThrow(/line 1: fields must be/);
    expect(() => parseQueries('nope')).toThrow(/line 1: not JSON/);
  });

  it('drops function words, splits hyphens, folds case and accents', () => {
    expect(contentStems('The Yorùbá Text-to-Speech of a model')).toEqual(['yoruba', 'text', 'speech', 'model']);
    expect(sharedContentWords('Models for speaking', 'A Model that Speaks')).toEqual(['model', 'speak']);
  });
});
