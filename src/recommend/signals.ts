/**
 * A user's signals as the model sees them: one weighted entry per paper (a paper upvoted and
 * saved counts once, at its strongest source's weight plus a little for each other source).
 */
import type { SignalRow, SignalSource, UserSignals } from '../store/recommendation-signals.js';

/**
 * How much each kind of signal says about a reader's taste. A save to a collection is a more
 * deliberate act than an upvote; "more like this" is an explicit request; a comment may be
 * disagreement; a followed author's or org's papers are what they follow, not what they read.
 * A "not interested" pulls the centroid away with NOT_INTERESTED_WEIGHT.
 */
export const SIGNAL_WEIGHTS: Record<SignalSource, number> = {
  more_like_this: 2,
  collected: 1.5,
  upvoted: 1,
  commented: 0.7,
  followed_author: 0.5,
  followed_org: 0.3,
};
export const NOT_INTERESTED_WEIGHT = 1;
/** Each further source of the same paper adds this share of its own weight. */
const EXTRA_SOURCE_SHARE = 0.25;
/** Fewer weighted signals than this: cold start (categories and trending). */
export const COLD_START_SIGNALS = 5;

export interface WeightedSignal {
  paperId: string;
  title: string;
  /** The strongest source: what the reason names. */
  source: SignalSource;
  weight: number;
  categories: readonly string[];
  at: string;
  name?: string;
}

/** One entry per paper, strongest source first in weight; newest first. */
export function weighSignals(signals: UserSignals): WeightedSignal[] {
  const byPaper = new Map<string, SignalRow[]>();
  for (const row of signals.positives) {
    const rows = byPaper.get(row.paperId);
    if (rows) rows.push(row);
    else byPaper.set(row.paperId, [row]);
  }
  const hidden = new Set(signals.notInterested.map((n) => n.paperId));
  const out: WeightedSignal[] = [];
  for (const [paperId, rows] of byPaper) {
    if (hidden.has(paperId)) continue;
    const sorted = [...rows].sort((a, b) => SIGNAL_WEIGHTS[b.source] - SIGNAL_WEIGHTS[a.source]);
    const top = sorted[0]!;
    const sources = new Set(sorted.map((r) => r.source));
    let weight = 0;
    for (const s of sources) weight += s === top.source ? SIGNAL_WEIGHTS[s] : EXTRA_SOURCE_SHARE * SIGNAL_WEIGHTS[s];
    const at = rows.reduce((m, r) => (r.at > m ? r.at : m), '');
    out.push({ paperId, title: top.title, source: top.source, weight, categories: top.categories, at, ...(top.name !== undefined ? { name: top.name } : {}) });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
