/**
 * Top-k retrieval over one segment's cursors, without scoring every posting.
 *
 * Keyword queries (any term may match) use MaxScore (Turtle & Flood 1995) with block-max
 * skipping: lists are ordered by their score bound; once the k-th best score exceeds what the
 * weakest lists could add together, those lists become "non-essential" and are only probed for
 * documents that the others bring up, and only while the document can still make the top k.
 * "large language model agents": the lists of model, language and large (a third to a half of
 * all papers each) stop driving the loop after the first few hundred documents; only the
 * agent list is walked, and of it only the postings whose impact byte could still lift their
 * document into the top k (blocks whose maximum cannot are not even read). The same impact
 * floor applies to every essential list: a doc whose posting is below it is out whatever the
 * other lists say, so a doc is never lost by passing over such postings.
 *
 * Queries with required terms (phrase words, or match-all) are driven by the rarest required
 * list, the others joined by leapfrog seeks; optional terms are probed as above. Phrases are
 * checked last, on the forward index, for the few documents that would enter the top k.
 *
 * A document's score is the sum over clauses (slots) of the best score of the slot's lists
 * (a slot has several lists for a typed prefix's completions), summed in slot order whatever
 * order the lists are visited in: the same document gets the same floating-point score as an
 * exhaustive scorer gives it. Bounds add every list's score, an overestimate, so still safe.
 */
import { type Cursor, END } from './cursors.js';
import type { TopK } from './top-k.js';

/**
 * Bounds are sums in a different order from scores: a bound may come out a few ulps below the
 * score it bounds. A document is dropped only when its bound is below the threshold by more
 * than 1e-9 relative (sums have at most ~50 terms: errors stay under 1e-14).
 */
const SLACK = 1 - 1e-9;

export interface Plan {
  /** Terms that may match (each adds to the score). */
  optional: Cursor[];
  /** Terms every result must hold. */
  required: Cursor[];
  /** Number of clauses: cursor slots are 0 ... slots - 1. */
  slots: number;
  /** Tombstones and the caller's filter, tested before the costlier probes. */
  accept(doc: number): boolean;
  /** Phrase checks, tested last. */
  verify(doc: number): boolean;
  /** Added to a local doc for the tie-break order: later segments lose ties. */
  orderBase: number;
}

export function topK(plan: Plan, heap: TopK): void {
  if (plan.required.length > 0) conjunctive(plan, heap);
  else if (plan.optional.length > 0) maxScore(plan, heap);
}

function maxScore(plan: Plan, heap: TopK): void {
  const lists = plan.optional.slice().sort((a, b) => a.ub - b.ub);
  const m = lists.length;
  const cum = prefixBounds(lists, plan.slots); // cum[i]: bound of lists[0..i] together
  const total = cum[m - 1]!;
  const slotUb = new Float64Array(plan.slots);
  for (const c of lists) slotUb[c.slot] = Math.max(slotUb[c.slot]!, c.ub);
  const desc = lists.slice().reverse();
  const restAfter = restBounds(desc, plan.slots);
  const contrib = new Float64Array(plan.slots);
  // floor[i]: a posting of list i scoring no more than this cannot lift its doc into the top k
  // even if every other clause gave its best; such postings are passed over (impact bytes only).
  const floor = new Float64Array(m);
  let theta = 0;
  let ess = 0; // lists[ess..m) are essential: only they bring up candidates
  const raise = () => {
    theta = heap.threshold * SLACK;
    while (ess < m && cum[ess]! <= theta) ess++;
    for (let i = 0; i < m; i++) floor[i] = theta - (total - slotUb[lists[i]!.slot]!);
  };
  raise();
  while (ess < m) {
    const rest = ess > 0 ? cum[ess - 1]! : 0;
    let d = END;
    for (let i = ess; i < m; i++) {
      const c = lists[i]!;
      if (floor[i]! > 0) c.advanceAbove(floor[i]!);
      if (c.doc < d) d = c.doc;
    }
    if (d === END) break;
    contrib.fill(0);
    for (let i = ess; i < m; i++) {
      const c = lists[i]!;
      if (c.doc !== d) continue;
      const s = c.score();
      if (s > contrib[c.slot]!) contrib[c.slot] = s;
      c.next();
    }
    const partial = sumSlots(contrib);
    if (partial + rest <= theta || !plan.accept(d)) continue;
    if (probe(desc, m - ess, restAfter, d, partial, theta, contrib) < 0 || !plan.verify(d)) continue;
    if (heap.push(sumSlots(contrib), plan.orderBase + d)) raise();
  }
}

function conjunctive(plan: Plan, heap: TopK): void {
  const req = plan.required.slice().sort((a, b) => a.cost - b.cost);
  const opt = plan.optional.slice().sort((a, b) => b.ub - a.ub);
  const restAfter = restBounds(opt, plan.slots);
  const optUb = opt.length > 0 ? prefixBounds(opt.slice().reverse(), plan.slots)[opt.length - 1]! : 0;
  const driver = req[0]!;
  const othersUb = req.reduce((sum, c) => sum + c.ub, 0) - driver.ub + optUb;
  const contrib = new Float64Array(plan.slots);
  let theta = heap.threshold * SLACK;
  for (;;) {
    driver.advanceAbove(theta - othersUb);
    const d = driver.doc;
    if (d === END) break;
    const at = align(req, d);
    if (at !== d) {
      driver.seek(at);
      continue;
    }
    if (plan.accept(d)) {
      contrib.fill(0);
      let partial = 0;
      for (const c of req) partial += contrib[c.slot] = c.score(); // one cursor per required slot
      if (partial + optUb > theta && probe(opt, 0, restAfter, d, partial, theta, contrib) >= 0 && plan.verify(d)) {
        if (heap.push(sumSlots(contrib), plan.orderBase + d)) theta = heap.threshold * SLACK;
      }
    }
    driver.next();
  }
}

/**
 * Local docs holding every required term (and passing accept/verify), in doc order, at most
 * `limit`; returns true when more were left (the result was cut).
 */
export function collect(plan: Plan, limit: number, out: number[]): boolean {
  const req = plan.required.slice().sort((a, b) => a.cost - b.cost);
  const driver = req[0];
  if (!driver) return false;
  while (driver.doc !== END) {
    const d = driver.doc;
    const at = align(req, d);
    if (at !== d) {
      driver.seek(at);
      continue;
    }
    if (plan.accept(d) && plan.verify(d)) {
      if (out.length >= limit) return true;
      out.push(d);
    }
    driver.next();
  }
  return false;
}

/** Seeks lists[1..] to d; returns d if all hold it, else the next doc worth trying. */
function align(lists: Cursor[], d: number): number {
  for (let j = 1; j < lists.length; j++) {
    const c = lists[j]!;
    c.seek(d);
    if (c.doc !== d) return c.doc;
  }
  return d;
}

/**
 * Adds the scores at d of lists[from..], best bound first; returns the new partial score, or
 * -1 as soon as d cannot beat theta. Block bounds come first (block-max MaxScore): the lists'
 * blocks around d, read without decoding, often show d cannot make it before any seek.
 */
function probe(lists: Cursor[], from: number, restAfter: Float64Array, d: number, partial: number, theta: number, contrib: Float64Array): number {
  let blocks = 0;
  for (let i = from; i < lists.length; i++) {
    lists[i]!.shallow(d);
    blocks += lists[i]!.blockUb();
  }
  if (partial + blocks <= theta) return -1;
  for (let i = from; i < lists.length; i++) {
    const c = lists[i]!;
    blocks -= c.blockUb();
    c.seek(d);
    if (c.doc === d) {
      const s = c.score();
      if (s > contrib[c.slot]!) contrib[c.slot] = s;
      partial += s;
    }
    if (partial + Math.min(blocks, restAfter[i]!) <= theta) return -1;
  }
  return partial;
}

/**
 * Bounds of list sets that count each clause once, at its best list: the completions of a
 * typed prefix share a clause, and adding up 32 completions' bounds would keep every one of
 * them essential (it did: 190 ms for "mo" at 1M papers).
 */
function prefixBounds(ascending: Cursor[], slots: number): Float64Array {
  const out = new Float64Array(ascending.length);
  const best = new Float64Array(slots);
  let sum = 0;
  ascending.forEach((c, i) => {
    if (c.ub > best[c.slot]!) {
      sum += c.ub - best[c.slot]!;
      best[c.slot] = c.ub;
    }
    out[i] = sum;
  });
  return out;
}

/** restAfter[i]: bound of lists[i + 1 ..] together (lists by descending bound). */
function restBounds(descending: Cursor[], slots: number): Float64Array {
  const out = new Float64Array(descending.length);
  const best = new Float64Array(slots);
  let sum = 0;
  for (let i = descending.length - 2; i >= 0; i--) {
    const c = descending[i + 1]!;
    if (c.ub > best[c.slot]!) {
      sum += c.ub - best[c.slot]!;
      best[c.slot] = c.ub;
    }
    out[i] = sum;
  }
  return out;
}

/** The document's score: clause scores summed in slot order (see the file comment). */
export function sumSlots(contrib: Float64Array): number {
  let s = 0;
  for (let i = 0; i < contrib.length; i++) s += contrib[i]!;
  return s;
}
