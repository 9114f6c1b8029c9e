import { describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../src/search/random.js';
import { Bitset } from '../../src/search/bitset.js';
import { END } from '../../src/search/cursors.js';
import { type DocFilter, LexicalIndex, type SearchOptions } from '../../src/search/lexical-index.js';
import { parseQuery } from '../../src/search/query.js';
import { planClauses } from '../../src/search/query-plan.js';
import type { Segment } from '../../src/search/segment.js';

const rand = random(20240101);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
// Zipf-like: low numbers are common (w0 is in most documents), as in real text. Words carry a
// digit so the stemmer leaves them alone; stopwords are mixed in for phrases.
const word = () => (rand() < 0.08 ? pick(['the', 'of', 'a', 'in']) : `w${Math.floor(Math.pow(rand(), 2.2) * 600)}`);
const words = (min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min)) }, word).join(' ');
const names = Array.from({ length: 60 }, (_, i) => `Author${i} Name${i % 17}`);
const makePaper = (key: string) => ({ key, title: words(3, 12), abstract: words(15, 160), authors: [pick(names), pick(names)] });

/** The reference: every posting of every query term read, no pruning at all. */
function exhaustive(index: LexicalIndex, query: string, options: SearchOptions): Array<{ key: string; score: number }> {
  const parsed = parseQuery(query, { prefix: options.prefix === true });
  const clauses = planClauses(parsed, [index.main, index.delta], index.main.nonEmpty + index.delta.docCount, options.all === true);
  if (!clauses) return [];
  const keep = (doc: number, filter?: DocFilter) => (filter === undefined ? true : filter instanceof Bitset ? filter.has(doc) : filter(doc));
  const found: Array<{ key: string; score: number; order: number }> = [];
  const segments: Array<[Segment, number, (d: number) => boolean, (d: number) => number]> = [
    [index.main, 0, (d) => index.mainDead.has(d), (d) => d],
    [index.delta, 2 ** 32, (d) => index.deltaDead.has(d), (d) => index.delta.globalOf[d]!],
  ];
  for (const [segment, base, dead, global] of segments) {
    const slots = new Map<number, Float64Array>();
    clauses.clauses.forEach((clause, slot) =>
      clause.terms.forEach((term, i) => {
        const c = segment.cursor(segment.termId(term), clause.weights[i]!, slot);
        for (; c && c.doc !== END; c.next()) {
          const s = slots.get(c.doc) ?? new Float64Array(clauses.clauses.length);
          s[slot] = Math.max(s[slot]!, c.score());
          slots.set(c.doc, s);
        }
      }),
    );
    const phrases = clauses.phrases.map((p) => Int32Array.from(p, (w) => segment.termId(w)));
    for (const [doc, s] of slots) {
      if (dead(doc) || !keep(global(doc), options.filter)) continue;
      if (clauses.clauses.some((c, slot) => c.required && s[slot] === 0)) continue;
      if (!phrases.every((p) => !p.includes(-1) && segment.hasPhrase(doc, p))) continue;
      let score = 0;
      for (const x of s) score += x;
      found.push({ key: index.keyOf(global(doc))!, score, order: base + doc });
    }
  }
  found.sort((a, b) => b.score - a.score || a.order - b.order);
  return found.slice(0, options.k ?? 10).map(({ key, score }) => ({ key, score }));
}

function randomQuery(index: LexicalIndex): [string, SearchOptions] {
  const kind = rand();
  let text = words(1, 6);
  const options: SearchOptions = { k: pick([1, 10, 10, 37]) };
  if (kind < 0.2) {
    // A phrase lifted from a real abstract, so it often matches.
    const doc = index.main.docCount > 0 ? Math.floor(rand() * 1000) : 0;
    const source = sample[doc % sample.length]!.abstract.split(' ');
    const at = Math.floor(rand() * (source.length - 3));
    text = `"${source.slice(at, at + 2 + Math.floor(rand() * 2)).join(' ')}" ${words(0, 3)}`;
  } else if (kind < 0.35) {
    text = `${words(0, 3)} w${Math.floor(rand() * 60)}`;
    options.prefix = true;
  } else if (kind < 0.5) options.all = true;
  if (rand() < 0.25) options.filter = rand() < 0.5 ? Bitset.of(Array.from({ length: 4000 }, (_, d) => d).filter(() => rand() < 0.3)) : (d: number) => d % 7 !== 3;
  return [text, options];
}

const sample = Array.from({ length: 3000 }, (_, i) => makePaper(`d${i}`));

describe('top-k with early termination', () => {
  it('returns exactly the exhaustive top k on a random corpus, then with a delta segment', () => {
    const index = LexicalIndex.build(sample);
    const check = (rounds: number) => {
      for (let q = 0; q < rounds; q++) {
        const [text, options] = randomQuery(index);
        expect(index.search(text, options).map(({ key, score }) => ({ key, score })), `${text} ${JSON.stringify({ ...options, filter: !!options.filter })}`).toEqual(exhaustive(index, text, options));
      }
    };
    check(300);
    for (let i = 0; i < 300; i++) index.upsert(makePaper(`d${Math.floor(rand() * 3300)}`));
    for (let i = 0; i < 100; i++) index.remove(`d${Math.floor(rand() * 3300)}`);
    expect(index.deltaSize).toBeGreaterThan(250);
    check(300);
  });

  it('reads far fewer postings than there are on common-word queries', () => {
    const index = LexicalIndex.build(sample);
    let probes = 0;
    const segment = index.main;
    const cursor = segment.cursor.bind(segment);
    // Count cursor movements: a pruned query must touch a fraction of the lists' postings.
    segment.cursor = (id, weight, slot) => {
      const c = cursor(id, weight, slot);
      if (!c) return c;
      const [next, seek] = [c.next.bind(c), c.seek.bind(c)];
      c.next = () => (probes++, next());
      c.seek = (t) => (probes++, seek(t));
      return c;
    };
    const total = ['w0', 'w1', 'w2', 'w40'].reduce((sum, w) => sum + segment.df(segment.termId(w)), 0);
    index.search('w0 w1 w2 w40', { k: 10 });
    expect(total).toBeGreaterThan(4000);
    expect(probes).toBeLessThan(total / 2);
  });
});
