/**
 * For-you scale: per-user models of 100,000 users with 50 signals each over 1M papers' vectors.
 *
 * The papers' vectors are synthetic: random int8 codes with a per-vector scale, as many dimensions
 * as the shipped meaning model gives (models/base-model.bin: 256; the search index holds vectors of
 * the embedder's dims), in the search index's layout (src/search/vector-index.ts: codes + float
 * scale), because
 * building a real 1M-paper store takes far longer than the thing measured. Each user's signals
 * are 50 random papers (weights as an upvote) with 5 authors each (200 distinct), and each
 * candidate (the day's 1,000 random papers, every user's) has one in ten odds of sharing one of them; papers
 * are in one of 8 categories with one of 8 cross-lists (the category-pair feature). Titles are
 * eight words of a 3,000-word vocabulary (the title-term feature).
 *
 * Measured:
 *   refresh   training every user's model (models.ts) from their signal vectors, in this one
 *             thread; a model kept per user is its weight vector (dims float32, all users' in
 *             one array)
 *   rank      rankCandidates() of 1,000 candidates for one user (train + score + MMR + reasons),
 *             p50 / p99 over --rank-users users
 *   memory    heap + array buffers beyond the vectors, after the refresh
 *
 *   npm run bench:recommend                                  # 100k users, 1M papers, every model
 *   npm run bench:recommend -- --users 10000 --papers 100000 # smaller
 *   npm run bench:recommend -- --methods hybrid,centroid     # only these
 */
import { parseArgs } from 'node:util';
import { MODEL_METHODS, type ModelMethod, trainModel } from '../src/recommend/models.js';
import { rankCandidates } from '../src/recommend/rank.js';
import { signalAuthors } from '../src/recommend/signal-authors.js';
import type { WeightedSignal } from '../src/recommend/signals.js';
import { shippedModel } from '../src/search/embeddings/shipped-model.js';
import { seededRandom } from '../src/search/random.js';
import type { CandidatePaper } from '../src/store/recommendation-signals.js';

const { values } = parseArgs({ options: { users: { type: 'string' }, papers: { type: 'string' }, signals: { type: 'string' }, methods: { type: 'string' }, 'rank-users': { type: 'string' } } });
const USERS = Number(values.users ?? 100_000);
const PAPERS = Number(values.papers ?? 1_000_000);
const SIGNALS = Number(values.signals ?? 50);
const RANK_USERS = Number(values['rank-users'] ?? 1_000);
const DAY = 1_000;
/** The dimension the search index holds with the built-in embedder: the shipped model's. */
const DIMS = shippedModel()?.model.dims ?? fail('models/base-model.bin is missing: the bench takes its dimension from it');
const methods = (values.methods ?? MODEL_METHODS.join(',')).split(',') as ModelMethod[];
const random = seededRandom(1);
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;
const memory = () => { gc?.(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };

const base = memory();
const codes = new Int8Array(PAPERS * DIMS);
const scales = new Float32Array(PAPERS);
for (let d = 0; d < PAPERS; d++) {
  let n = 0;
  for (let i = 0; i < DIMS; i++) {
    const c = Math.round((random() * 2 - 1) * 127);
    codes[d * DIMS + i] = c;
    n += c * c;
  }
  scales[d] = 1 / Math.sqrt(n);
}
const vectorOfDoc = (d: number) => {
  const s = scales[d]!;
  const out = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) out[i] = codes[d * DIMS + i]! * s;
  return out;
};
const readDoc = (d: number, out: Float32Array, offset: number) => {
  const s = scales[d]!;
  for (let i = 0; i < DIMS; i++) out[offset + i] = codes[d * DIMS + i]! * s;
  return true;
};
const afterVectors = memory();
const signals = new Int32Array(USERS * SIGNALS);
for (let i = 0; i < signals.length; i++) signals[i] = Math.floor(random() * PAPERS);
/** The day: every user's candidates. */
const day = Int32Array.from({ length: DAY }, () => Math.floor(random() * PAPERS));
const background = Array.from({ length: 512 }, () => vectorOfDoc(Math.floor(random() * PAPERS)));
console.log(`bench:recommend — ${USERS.toLocaleString('en-US')} users x ${SIGNALS} signals, ${PAPERS.toLocaleString('en-US')} papers (synthetic int8 vectors, ${DIMS} dims: ${mb(afterVectors - base)})`);

for (const method of methods) {
  // Refresh: every user's model, kept as its weight vector where the model has one.
  const before = memory();
  const linear = method === 'centroid' || method === 'logistic';
  const kept = linear ? new Float32Array(USERS * DIMS) : new Int32Array(USERS * SIGNALS);
  const t0 = performance.now();
  for (let u = 0; u < USERS; u++) {
    const positives = Array.from({ length: SIGNALS }, (_, j) => ({ vector: vectorOfDoc(signals[u * SIGNALS + j]!), weight: 1 }));
    const model = trainModel(method, { positives, negatives: [], background });
    if (linear) probe(model.score, kept as Float32Array, u * DIMS);
    else kept.set(signals.subarray(u * SIGNALS, (u + 1) * SIGNALS), u * SIGNALS);
  }
  const refreshS = (performance.now() - t0) / 1000;
  const modelsMem = memory() - before;

  // Rank: one user's 1,000 candidates, end to end through rankCandidates.
  const times: number[] = [];
  for (let r = 0; r < RANK_USERS; r++) {
    const u = Math.floor(random() * USERS);
    const ws: WeightedSignal[] = Array.from({ length: SIGNALS }, (_, j) => ({ paperId: String(signals[u * SIGNALS + j]), title: titleOf(signals[u * SIGNALS + j]!), source: 'upvoted', weight: 1, categories: categoriesOf(signals[u * SIGNALS + j]!), at: String(j) }));
    const authorRows = ws.flatMap((s, j) => Array.from({ length: 5 }, (_, k) => ({ paperId: s.paperId, authorId: (j * 5 + k) % 200, name: `Author ${(j * 5 + k) % 200}` })));
    // The day's papers, read for this user as the store gives them (new rows; their authors among the user's).
    const candidates: CandidatePaper[] = Array.from(day, (d) => {
      return { id: String(d), title: titleOf(d), categories: categoriesOf(d), feedDate: '2026-01-01', votes: d % 17, authorIds: random() < 0.1 ? [Math.floor(random() * 200)] : [], orgIds: [] };
    });
    const t = performance.now();
    const authors = signalAuthors(ws, authorRows);
    rankCandidates({
      signals: ws, vectorOf: (id) => vectorOfDoc(Number(id)), readVector: (id, out, offset) => readDoc(Number(id), out, offset), notInterested: [], followedCategories: [], followedAuthors: new Map(), followedOrgs: new Map(), signalAuthors: authors,
      candidates, background, limit: 50, method,
    });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(`${method.padEnd(9)} refresh all ${USERS.toLocaleString('en-US')} users: ${refreshS.toFixed(1)} s (1 thread; ${(refreshS * 1e6 / USERS).toFixed(0)} µs a user)  ` +
    `rank ${DAY} papers: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms  kept models: ${mb(modelsMem)} (the array of them: ${mb(kept.byteLength)})`);
}
console.log(`memory beyond the vectors at the end: ${mb(memory() - afterVectors)} (signals ${mb(signals.byteLength)})`);

function fail(message: string): never {
  throw new Error(message);
}

/** One of 8 primary categories and one of 8 cross-lists, by paper. */
function categoriesOf(d: number): string[] {
  return [`cat.${d % 8}`, `cross.${Math.floor(d / 8) % 8}`];
}

/** Eight words of a 3,000-word vocabulary, by paper (the title-term feature's input). */
function titleOf(d: number): string {
  const words: string[] = [];
  for (let k = 0, h = d; k < 8; k++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + k;
    words.push(`w${(((h >>> 0) % 3000) + 1296).toString(36)}`);
  }
  return words.join(' ');
}

/** A linear model's weight vector, read back through its score on the unit axes, into `out` at `at`. */
function probe(score: (v: Float32Array) => number, out: Float32Array, at: number): void {
  const e = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) {
    e[i] = 1;
    out[at + i] = score(e);
    e[i] = 0;
  }
}
