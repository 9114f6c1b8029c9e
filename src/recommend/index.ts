/**
 * For you: one user's ranking of a day's or a week's papers, with a reason for each, and the
 * explicit feedback ("not interested", "more like this") that changes it.
 *
 *   const recs = await recommendPapers({ store, vectorOf: (id) => searchIndex.vectorOf(id) },
 *     { userId, period: 'day', date: '2026-07-01', limit: 30 });
 *   await recordFeedback({ store }, { userId, paperId, kind: 'not_interested' });
 *
 * Nothing is cached between calls: each call reads the user's signals (a few indexed queries,
 * src/store/recommendation-signals.ts) and trains their model in about a millisecond
 * (models.ts), so a vote, a save or a feedback counts on the very next call and no job has to
 * retrain anyone. Papers the user voted on or marked not interested never come back.
 */
import type { Store } from '../store/database.js';
import { findPaper } from '../store/papers.js';
import { candidatePapers, type CandidatePaper, type FeedbackKind, isFeedbackKind, paperAuthorsOf, saveFeedback, userSignals } from '../store/recommendation-signals.js';
import { type FeatureWeights, type RankMethod, rankCandidates, type Recommendation } from './rank.js';
import { ownSignals, signalAuthors } from './signal-authors.js';
import { weighSignals } from './signals.js';

export { BASELINE_METHODS, DEFAULT_LAMBDA, DEFAULT_METHOD, DEFAULT_WEIGHTS, type FeatureWeights, rankCandidates, type RankInput, type RankMethod, type Reason, type ReasonKind, type Recommendation } from './rank.js';
export { MODEL_METHODS, type ModelMethod } from './models.js';
export { COLD_START_SIGNALS, NOT_INTERESTED_WEIGHT, SIGNAL_WEIGHTS, weighSignals, type WeightedSignal } from './signals.js';
export { FEEDBACK_KINDS, isFeedbackKind, type FeedbackKind } from '../store/recommendation-signals.js';

export interface RecommendDeps {
  store: Store;
  /** A paper's vector under the search index's model (SearchIndex.vectorOf), or null. */
  vectorOf(paperId: string): Float32Array | null;
  /** Optional: a paper's vector copied into `out` at `offset` (SearchIndex.readVector); false when none. */
  readVector?(paperId: string, out: Float32Array, offset: number): boolean;
  /**
   * Random corpus papers' vectors, the logistic model's negatives (a few hundred, drawn once;
   * sampleBackground). Without them the candidates themselves stand in.
   */
  background?: readonly Float32Array[];
}

export type Period = 'day' | 'week';

export interface RecommendOptions {
  userId: number;
  period: Period;
  /** The last feed day of the period (YYYY-MM-DD); a week is it and the six days before. */
  date: string;
  limit: number;
  /** Explicit feed days instead of period/date (the evaluation's held-out days). */
  range?: { from: string; to: string };
  method?: RankMethod;
  /** MMR trade-off, 1 = no diversity step. */
  lambda?: number;
  /** Feature weights (the evaluation's variants); rank.ts DEFAULT_WEIGHTS otherwise. */
  weights?: Partial<FeatureWeights>;
}

/** Candidates read at most: a busy week of arXiv. */
export const MAX_CANDIDATES = 10_000;
export const MAX_LIMIT = 200;
/** Background papers drawn from the candidates when the caller gives none. */
const BACKGROUND_FROM_CANDIDATES = 256;

export async function recommendPapers(deps: RecommendDeps, options: RecommendOptions): Promise<Recommendation[]> {
  const { store } = deps;
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit)));
  const range = options.range ?? periodRange(options.period, options.date);
  const signals = await userSignals(store, options.userId);
  const weighed = weighSignals(signals);
  const authors = signalAuthors(weighed, await paperAuthorsOf(store, ownSignals(weighed).map((s) => s.paperId)));
  const candidates = await candidatePapers(store, {
    ...range, limit: MAX_CANDIDATES, userId: options.userId,
    authorIds: [...new Set([...signals.followedAuthors.map((a) => a.id), ...authors.map((a) => a.id)])], orgIds: signals.followedOrgs.map((o) => o.id),
  });
  return rankCandidates({
    signals: weighed,
    signalAuthors: authors,
    vectorOf: deps.vectorOf,
    ...(deps.readVector ? { readVector: deps.readVector } : {}),
    notInterested: signals.notInterested.map((n) => n.paperId),
    followedCategories: signals.followedCategories,
    followedAuthors: new Map(signals.followedAuthors.map((a) => [a.id, a.name])),
    followedOrgs: new Map(signals.followedOrgs.map((o) => [o.id, o.name])),
    candidates,
    background: deps.background ?? sampleBackground(candidates, deps.vectorOf, BACKGROUND_FROM_CANDIDATES),
    limit,
    ...(options.method ? { method: options.method } : {}),
    ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
    ...(options.weights ? { weights: options.weights } : {}),
  });
}

/** Records "not interested" / "more like this" (a later one on the same paper replaces it); it counts on the next ranking. */
export async function recordFeedback(deps: Pick<RecommendDeps, 'store'>, feedback: { userId: number; paperId: string; kind: FeedbackKind; now?: Date }): Promise<'ok' | 'unknown_paper' | 'bad_kind'> {
  if (!isFeedbackKind(feedback.kind)) return 'bad_kind';
  if (!(await findPaper(deps.store, feedback.paperId))) return 'unknown_paper';
  await saveFeedback(deps.store, feedback.userId, feedback.paperId, feedback.kind, feedback.now ?? new Date());
  return 'ok';
}

/** Feed days of a period ending on `date`. */
export function periodRange(period: Period, date: string): { from: string; to: string } {
  if (period === 'day') return { from: date, to: date };
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 6);
  return { from: d.toISOString().slice(0, 10), to: date };
}

/** Up to `n` vectors of `papers`, evenly spaced (deterministic). */
export function sampleBackground(papers: readonly Pick<CandidatePaper, 'id'>[], vectorOf: (id: string) => Float32Array | null, n: number): Float32Array[] {
  const step = Math.max(1, papers.length / n);
  const out: Float32Array[] = [];
  for (let i = 0; i < papers.length && out.length < n; i += step) {
    const v = vectorOf(papers[Math.floor(i)]!.id);
    if (v) out.push(v);
  }
  return out;
}
