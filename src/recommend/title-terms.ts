/**
 * The second feature of a For-you score: overlap of a candidate's title terms with the terms of
 * the user's signal papers' titles, each term weighted by its rarity among the candidates
 * (inverse document frequency over the period's papers). A reader who upvoted papers on
 * "diffusion policies" gets the week's papers with those rare words, which a 128-dimension
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

/**
 * A scorer in [0, 1]: the idf-weighted share of a candidate's title terms that the signals use,
 * each term counted by the weighted share of signals whose title has it.
 */
export function titleOverlapScorer(signals: readonly { title: string; weight: number }[], candidateTitles: readonly string[]): (i: number) => number {
  const candidateTerms = candidateTitles.map(titleTerms);
  const df = new Map<string, number>();
  for (const terms of candidateTerms) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  const share = new Map<string, number>();
  let total = 0;
  for (const s of signals) {
    for (const t of titleTerms(s.title)) share.set(t, (share.get(t) ?? 0) + s.weight);
    total += s.weight;
  }
  const n = candidateTitles.length;
  return (i) => {
    let hit = 0;
    let all = 0;
    for (const t of candidateTerms[i]!) {
      const idf = Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
      all += idf;
      const s = share.get(t);
      if (s !== undefined && total > 0) hit += idf * Math.min(1, (3 * s) / total);
    }
    return all > 0 ? hit / all : 0;
  };
}
