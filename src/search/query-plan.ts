/**
 * A parsed query -> scored clauses (shared by all segments, so every segment weighs a term
 * alike) -> one retrieval plan per segment (its cursors, tombstones, filter, phrase checks).
 */
import { idf, SCORE_UNIT } from './bm25.js';
import { type Cursor, UnionCursor } from './cursors.js';
import type { ParsedQuery } from './query.js';
import type { Plan } from './retrieval.js';
import type { Segment } from './segment.js';
import { stem } from './stem.js';

/**
 * A typed prefix expands to at most 32 completions, the most frequent: enough for every
 * plausible next word, and 32 lists is the most a union cursor should merge per document.
 */
export const PREFIX_TERMS = 32;
/**
 * Completions looked at per segment, in dictionary order: a 3-letter prefix covers up to
 * ~20,000 terms of a 3M-term dictionary; reading 100,000 df values costs ~0.3 ms. Past that
 * (2-letter prefixes of common starts) late-alphabet completions can be missed.
 */
const PREFIX_SCAN = 100_000;
/** Stemming cuts at most 5 letters (-ation): "generati" is looked up as gener, genera, ... */
const MAX_STEM_CUT = 5;

export interface Clause {
  /** One term, or a prefix's completions (scored by their best). */
  terms: string[];
  weights: number[];
  required: boolean;
}

export interface Clauses {
  /** Slot order: keywords in query order, then the prefix. */
  clauses: Clause[];
  phrases: string[][];
}

/** The query's clauses with their idf weights over all segments; null when nothing can match. */
/** `docs`: N of idf, documents in all segments. */
export function planClauses(parsed: ParsedQuery, segments: readonly Segment[], docs: number, all: boolean): Clauses | null {
  const df = (term: string) => segments.reduce((sum, s) => sum + s.df(s.termId(term)), 0);
  const weight = (term: string) => idf(docs, Math.min(df(term), docs)) * SCORE_UNIT;
  const required = new Set(parsed.phrases.flat());
  const clauses: Clause[] = parsed.terms.map((t) => ({ terms: [t], weights: [weight(t)], required: all || required.has(t) }));
  if (parsed.prefix !== null) {
    const completions = expandPrefix(parsed.prefix, segments, df);
    if (completions.length > 0) clauses.push({ terms: completions, weights: completions.map(weight), required: all });
    else if (all) return null;
  }
  if (clauses.length === 0) return null;
  return { clauses, phrases: parsed.phrases };
}

/** The most frequent terms the typed word may become, its own stem first if indexed. */
function expandPrefix(typed: string, segments: readonly Segment[], df: (term: string) => number): string[] {
  const found = new Map<string, number>();
  const consider = (term: string) => {
    if (!found.has(term)) found.set(term, df(term));
  };
  for (const prefix of new Set([typed, stem(typed)])) {
    for (const s of segments) for (const term of s.completions(prefix, PREFIX_SCAN, PREFIX_TERMS)) consider(term);
  }
  // The typed word may run past its stem ("generati" -> gener): its longest indexed head.
  for (let n = typed.length - 1; n >= Math.max(4, typed.length - MAX_STEM_CUT); n--) {
    const head = typed.slice(0, n);
    if (df(head) > 0) {
      consider(head);
      break;
    }
  }
  const exact = stem(typed);
  return [...found]
    .filter(([, n]) => n > 0)
    .sort((a, b) => Number(b[0] === exact) - Number(a[0] === exact) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, PREFIX_TERMS)
    .map(([term]) => term);
}

/**
 * The plan for one segment, or null when the segment cannot hold a match (a required term or
 * a phrase word it never saw). `matchAll` makes every clause required (unscored matching).
 */
export function segmentPlan(segment: Segment, c: Clauses, accept: (doc: number) => boolean, orderBase: number, matchAll = false): Plan | null {
  const optional: Cursor[] = [];
  const required: Cursor[] = [];
  for (let slot = 0; slot < c.clauses.length; slot++) {
    const clause = c.clauses[slot]!;
    const cursors = clauseCursors(segment, clause, slot);
    if (matchAll || clause.required) {
      // A required clause is one cursor (a prefix's completions merged), for the intersection.
      if (cursors.length === 0) return null;
      required.push(cursors.length === 1 ? cursors[0]! : new UnionCursor(cursors, slot));
    } else optional.push(...cursors);
  }
  const phrases: Int32Array[] = [];
  for (const words of c.phrases) {
    const ids = Int32Array.from(words, (w) => segment.termId(w));
    if (ids.includes(-1)) return null;
    phrases.push(ids);
  }
  if (optional.length === 0 && required.length === 0) return null;
  const verify = phrases.length === 0 ? () => true : (doc: number) => phrases.every((p) => segment.hasPhrase(doc, p));
  return { optional, required, slots: c.clauses.length, accept, verify, orderBase };
}

/**
 * The clause's cursors, all on its slot. Optional completions of a prefix stay separate
 * cursors: MaxScore then treats the rare ones as non-essential (a union of 32 lists had to be
 * merged posting by posting: 8 ms a query at 100k papers), and retrieval keeps the best score
 * per slot, so a paper using several completions is not counted several times.
 */
function clauseCursors(segment: Segment, clause: Clause, slot: number): Cursor[] {
  const cursors: Cursor[] = [];
  clause.terms.forEach((term, i) => {
    const c = segment.cursor(segment.termId(term), clause.weights[i]!, slot);
    if (c) cursors.push(c);
  });
  return cursors;
}
