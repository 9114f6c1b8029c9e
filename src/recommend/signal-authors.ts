/**
 * The authors of a user's signal papers as a feature: a reader who upvotes a group's papers
 * wants that group's next ones, which neither the meaning vector nor the title words see. Each
 * author (a person: `authors` ids, names folded by src/domain/author-names.ts) gets the weighted
 * share of the signals they wrote, and the signal paper the reason names.
 */
import type { WeightedSignal } from './signals.js';

export interface SignalAuthor {
  id: number;
  name: string;
  /** Weighted share of the user's (own, not followed) signals with this author, in (0, 1]. */
  share: number;
  /** The newest of the strongest signal papers they wrote: what the reason names. */
  paperId: string;
  title: string;
}

/** Distinct authors kept at most (the highest shares): the candidates' lookup is one id each. */
export const MAX_SIGNAL_AUTHORS = 400;

/** Signals the reader chose themselves (a followed author's papers are the follow's, not theirs). */
export function ownSignals(signals: readonly WeightedSignal[]): WeightedSignal[] {
  return signals.filter((s) => s.source !== 'followed_author' && s.source !== 'followed_org');
}

/** `signals` newest first (weighSignals); `authors` the paper_authors rows of their papers. */
export function signalAuthors(signals: readonly WeightedSignal[], authors: readonly { paperId: string; authorId: number; name: string }[]): SignalAuthor[] {
  const own = ownSignals(signals);
  const total = own.reduce((s, x) => s + x.weight, 0);
  if (total <= 0) return [];
  const byPaper = new Map<string, { authorId: number; name: string }[]>();
  for (const a of authors) {
    const list = byPaper.get(a.paperId);
    if (list) list.push(a);
    else byPaper.set(a.paperId, [a]);
  }
  const out = new Map<number, SignalAuthor & { best: number }>();
  for (const s of own) {
    for (const a of new Set((byPaper.get(s.paperId) ?? []).map((x) => x.authorId))) {
      const name = byPaper.get(s.paperId)!.find((x) => x.authorId === a)!.name;
      const e = out.get(a);
      if (!e) out.set(a, { id: a, name, share: s.weight / total, paperId: s.paperId, title: s.title, best: s.weight });
      else {
        e.share += s.weight / total;
        if (s.weight > e.best) Object.assign(e, { paperId: s.paperId, title: s.title, best: s.weight });
      }
    }
  }
  return [...out.values()].sort((a, b) => b.share - a.share || a.id - b.id).slice(0, MAX_SIGNAL_AUTHORS)
    .map(({ id, name, share, paperId, title }) => ({ id, name, share: Math.min(1, share), paperId, title }));
}
