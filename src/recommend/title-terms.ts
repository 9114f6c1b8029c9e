/**
 * The second feature of a For-you score: overlap of a candidate's title terms with the terms of
 * the user's signal papers' titles, each term weighted by its rarity among the candidates
 * (inverse document frequency over the period's papers). A reader who upvoted papers on
 * "diffusion policies" gets the week's papers with those rare words, which a
 * meaning vector blurs into the broader topic.
 */
import { stem } from '../search/stem.js';
import { isStopTerm } from '../search/stopwords.js';

/** Stemmed title terms of 3+ letters, stopwords out, each once. */
export function titleTerms(title: string): string[] {
  const out = new Set<string>();
  for (const word of title.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word.length < 3) continue;
    const term = stem(word);
    if (!isStopTerm(term)) out.add(term);
  }
  return [...out];
}

/** Each term seen in a title, by number (the arrays below are indexed by it). */
const termIds = new Map<string, number>();
/** Titles' terms, as term numbers, already worked out: a day's candidates are every reader's, so each title is split once. */
const cache = new Map<string, Int32Array>();
/** Titles and terms kept at most (a busy week's candidates and their readers' signals, several times over). */
const CACHE_MAX = 100_000;
const TERMS_MAX = 1_000_000;
/**
 * Per term number, during one call (all zero between calls): how many candidates have it, then
 * its idf, negated (so "worked out" is < 0); the signals' weight with it; whether a signal has it.
 */
let idf = new Float64Array(1024);
let share = new Float64Array(1024);
let hasShare = new Uint8Array(1024);

function cachedTerms(title: string): Int32Array {
  let terms = cache.get(title);
  if (!terms) {
    terms = Int32Array.from(titleTerms(title), (t) => {
      let id = termIds.get(t);
      if (id === undefined) termIds.set(t, (id = termIds.size));
      return id;
    });
    cache.set(title, terms);
  }
  return terms;
}

/**
 * Each candidate's overlap in [0, 1]: the idf-weighted share of its title terms that the signals
 * use, each term counted by the weighted share of signals whose title has it (capped at 1).
 */
export function titleOverlaps(signals: readonly { title: string; weight: number }[], candidateTitles: readonly string[]): Float64Array {
  // Full: start over (before any title of this call is numbered, so all of them share one numbering).
  if (cache.size + candidateTitles.length + signals.length > CACHE_MAX || termIds.size > TERMS_MAX) {
    cache.clear();
    termIds.clear();
  }
  const candidateTerms = candidateTitles.map(cachedTerms);
  const signalTerms = signals.map((s) => cachedTerms(s.title));
  if (idf.length < termIds.size) {
    idf = new Float64Array(Math.max(termIds.size, idf.length * 2));
    share = new Float64Array(idf.length);
    hasShare = new Uint8Array(idf.length);
  }
  // Document frequencies, then idf, of the candidates' terms.
  for (const terms of candidateTerms) for (let k = 0; k < terms.length; k++) idf[terms[k]!]! += 1;
  const n = candidateTitles.length;
  for (const terms of candidateTerms) for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!;
    if (idf[t]! > 0) idf[t] = -(Math.log((n + 1) / (idf[t]! + 1)) + 1);
  }
  let total = 0;
  for (let j = 0; j < signals.length; j++) {
    const terms = signalTerms[j]!;
    for (let k = 0; k < terms.length; k++) {
      hasShare[terms[k]!] = 1;
      share[terms[k]!]! += signals[j]!.weight;
    }
    total += signals[j]!.weight;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const terms = candidateTerms[i]!;
    let hit = 0;
    let all = 0;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]!;
      const d = -idf[t]!;
      all += d;
      if (hasShare[t] && total > 0) hit += d * Math.min(1, (3 * share[t]!) / total);
    }
    out[i] = all > 0 ? hit / all : 0;
  }
  // Back to zeros for the next call.
  for (const terms of candidateTerms) for (let k = 0; k < terms.length; k++) idf[terms[k]!] = 0;
  for (const terms of signalTerms) for (let k = 0; k < terms.length; k++) {
    share[terms[k]!] = 0;
    hasShare[terms[k]!] = 0;
  }
  return out;
}
