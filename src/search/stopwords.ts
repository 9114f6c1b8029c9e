import { stem } from './stem.js';

/**
 * Words too common to search for: they are kept in the document streams (so a quoted phrase
 * such as "attention is all you need" is checked word for word) but get no postings lists and
 * are dropped from keyword queries. In the 1,536-paper seed, each of these is in more than a
 * quarter of all abstracts (the, of, and, a: over 95%), so a list would hold a posting for
 * nearly every paper and add nothing to ranking; without them the index is ~10% smaller.
 * Deliberately short: "not", "via", "all", "more" carry meaning in titles and stay searchable.
 */
const STOPWORDS = [
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'by', 'can', 'for', 'from', 'has', 'have', 'in', 'into',
  'is', 'it', 'its', 'of', 'on', 'or', 'our', 'that', 'the', 'their', 'these', 'this', 'to', 'was', 'we',
  'were', 'which', 'while', 'with',
];

/** Stopwords as index terms (stemmed the same way as every token). */
export const STOP_TERMS: ReadonlySet<string> = new Set(STOPWORDS.map(stem));

export function isStopTerm(term: string): boolean {
  return STOP_TERMS.has(term);
}
