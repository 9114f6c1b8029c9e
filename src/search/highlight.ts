/**
 * Where a query matched in a title or abstract, as [start, end) offsets into the original
 * string, for <mark> (the caller escapes the text between and inside). Marks what the index
 * matched: keyword tokens (same folding and stemming: "Models" is marked for "model"), whole
 * quoted phrases, and words beginning with the typed prefix. Never throws.
 */
import { parseQuery, type ParsedQuery } from './query.js';
import { fold, tokens, type Token } from './tokenizer.js';

export type Range = [start: number, end: number];

export interface HighlightOptions {
  /** The query was searched as you type: mark words beginning with its last word. */
  prefix?: boolean;
}

export function highlight(query: string | ParsedQuery, text: string, options: HighlightOptions = {}): Range[] {
  const q = typeof query === 'string' ? parseQuery(query, { prefix: options.prefix === true }) : query;
  const terms = new Set(q.terms);
  const all = tokens(text);
  const ranges: Range[] = [];
  for (const t of all) {
    if ((!t.stop && terms.has(t.term)) || (q.prefix !== null && !t.stacked && typed(text, t).startsWith(q.prefix))) ranges.push([t.start, t.end]);
  }
  if (q.phrases.length > 0) markPhrases(all, q.phrases, ranges);
  return merge(ranges);
}

/** The token as written, folded (no stemming): what a typed prefix is compared with. */
function typed(text: string, t: Token): string {
  return fold(text.slice(t.start, t.end).replace(/['’]/g, ''));
}

/** Marks each run of positions spelling a phrase, first word to last. */
function markPhrases(all: Token[], phrases: string[][], ranges: Range[]): void {
  // Positions: non-stacked tokens; a stacked token may stand for the position it follows.
  const positions: Token[][] = [];
  for (const t of all) {
    if (!t.stacked || positions.length === 0) positions.push([t]);
    else positions.at(-1)!.push(t);
  }
  for (const phrase of phrases) {
    for (let start = 0; start + phrase.length <= positions.length; start++) {
      if (phrase.every((w, j) => positions[start + j]!.some((t) => t.term === w))) {
        ranges.push([positions[start]![0]!.start, positions[start + phrase.length - 1]![0]!.end]);
      }
    }
  }
}

/** Sorted, overlapping ranges joined (a phrase covers its words' marks). */
function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
