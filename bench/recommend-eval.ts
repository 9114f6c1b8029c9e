/**
 * For-you quality: recall@10, recall@50 and nDCG@10 of held-out papers in simulated readers'
 * rankings, for each model (src/recommend/models.ts) next to the baselines, in one run.
 *
 * The store is real: `paperboy import` of the corpus (default ../shared/data/arxiv-recent.jsonl.xz,
 * 75k papers) into a SQLite file, `paperboy reindex` for the built-in model's vectors,
 * `paperboy authors rebuild` for the papers' authors as people (what `serve` keeps up), then
 * recommendPapers() as the product calls it. Readers (fixed seed) each have a hidden interest:
 *
 *   author  the papers of one author name with 10-40 papers
 *   cats    the papers whose primary category and one cross-list are a given pair (10-60 papers)
 *   terms   the papers whose title holds a given rare word pair (10-60 papers)
 *
 * Sorted by day, the earlier half become the reader's upvotes (real `votes` rows, at most 50);
 * the ranking is of the week (7 feed days) starting at the first later day, and the interest
 * papers in it are the held-out ones. Trending needs upvotes the corpus lacks: every paper gets
 * a synthetic fixed-seed popularity (Pareto-distributed upvotes_baseline, unrelated to topic).
 *
 *   npm run eval:recommend                         # temp store, removed after
 *   npm run eval:recommend -- --dir /tmp/rec-eval  # kept; a rerun reuses it (seconds)
 *   npm run eval:recommend -- --readers 50         # readers per interest kind (default 100)
 *   npm run eval:recommend -- --seed 1 --variants baseline,default   # other readers; only these variants
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { BASELINE_METHODS, DEFAULT_LAMBDA, DEFAULT_METHOD, DEFAULT_WEIGHTS, type FeatureWeights, MODEL_METHODS, type RankMethod, recommendPapers } from '../src/recommend/index.js';
import { seededRandom } from '../src/search/random.js';
import { SearchIndex } from '../src/search/search-index.js';
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { findOrCreateUser } from '../src/store/users.js';
import { setVote } from '../src/store/votes.js';
import { runCli } from '../test/support/cli.js';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, readers: { type: 'string' }, corpus: { type: 'string' }, seed: { type: 'string' }, variants: { type: 'string' } },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const corpus = values.corpus ?? new URL('../../shared/data/arxiv-recent.jsonl.xz', import.meta.url).pathname;
if (!existsSync(corpus)) {
  console.error(`eval:recommend needs ${corpus}; it is not there, so nothing was measured.`);
  process.exit(1);
}
const perKind = Number(values.readers ?? 100);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'paperboy-rec-eval-'));
mkdirSync(dir, { recursive: true });
const dbPath = join(dir, 'papers.db');
const env = { DATABASE_URL: dbPath, SEARCH_SNAPSHOT_DIR: join(dir, 'snapshot') };

const paperboy = async (args: string[]) => {
  const res = await runCli(args, env, 3_600_000);
  if (res.code !== 0) throw new Error(`paperboy ${args[0]} failed: ${res.stderr}`);
};
if (!existsSync(join(dir, 'snapshot', 'meta.json'))) {
  log(`building the store in ${dir} (import + reindex + authors, a few minutes once)`);
  for (const args of [['import', corpus, '--json'], ['reindex'], ['authors', 'rebuild']]) await paperboy(args);
}
// The authors (a running server's job; a store built before the recommender read them has none).
{
  const db = new Database(dbPath, { readonly: true });
  const linked = db.prepare('select 1 from paper_authors limit 1').get();
  db.close();
  if (!linked) {
    log('reading the papers\' authors (paperboy authors rebuild, once)');
    await paperboy(['authors', 'rebuild']);
  }
}

// Synthetic popularity for the trending baseline (and the small trending prior): fixed seed.
const raw = new Database(dbPath);
const rows = raw.prepare('select id, title, authors, categories, primary_category, feed_date from papers where feed_date is not null order by id').all() as
  { id: string; title: string; authors: string; categories: string; primary_category: string | null; feed_date: string }[];
{
  const random = seededRandom(20261210);
  const update = raw.prepare('update papers set upvotes_baseline = ? where id = ?');
  raw.transaction(() => { for (const r of rows) update.run(Math.floor(Math.pow(1 - random(), -1 / 1.2)) - 1, r.id); })();
}
raw.close();

const store = openStore(dbPath);
await migrateToLatest(store);
const started = Date.now();
const index = await SearchIndex.open(store, join(dir, 'snapshot'));
log(`search index open in ${((Date.now() - started) / 1000).toFixed(1)} s (${index.size} papers)`);

// Interests.
type Kind = 'author' | 'cats' | 'terms';
const groups: Record<Kind, Map<string, string[]>> = { author: new Map(), cats: new Map(), terms: new Map() };
const add = (kind: Kind, key: string, id: string) => {
  const list = groups[kind].get(key);
  if (list) list.push(id);
  else groups[kind].set(key, [id]);
};
const STOP = new Set(['with', 'from', 'that', 'this', 'using', 'based', 'towards', 'toward', 'learning', 'model', 'models', 'via', 'data', 'large', 'language', 'neural', 'network', 'networks', 'deep', 'efficient', 'analysis', 'approach', 'method', 'methods']);
const dayOf = new Map(rows.map((r) => [r.id, r.feed_date]));
for (const r of rows) {
  for (const a of new Set(JSON.parse(r.authors) as string[])) add('author', a, r.id);
  const cats = JSON.parse(r.categories) as string[];
  for (const c of cats.slice(1)) if (r.primary_category && c !== r.primary_category) add('cats', `${r.primary_category}+${c}`, r.id);
  const words = r.title.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w.length >= 4 && !STOP.has(w));
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) pairs.add(`${words[i]} ${words[i + 1]}`);
  for (const p of pairs) add('terms', p, r.id);
}
const LIMITS: Record<Kind, [number, number]> = { author: [10, 40], cats: [10, 60], terms: [10, 60] };

interface Reader { kind: Kind; key: string; signals: string[]; heldOut: Set<string>; from: string; to: string }
const addDays = (day: string, n: number) => { const d = new Date(`${day}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); };
const readers: Reader[] = [];
for (const kind of ['author', 'cats', 'terms'] as Kind[]) {
  const random = seededRandom(kind.length * 1009 + 7919 * Number(values.seed ?? 0));
  const eligible = [...groups[kind]].filter(([, ids]) => ids.length >= LIMITS[kind][0] && ids.length <= LIMITS[kind][1]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (let i = eligible.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [eligible[i], eligible[j]] = [eligible[j]!, eligible[i]!]; }
  let taken = 0;
  for (const [key, ids] of eligible) {
    if (taken >= perKind) break;
    const sorted = [...ids].sort((a, b) => (dayOf.get(a)! < dayOf.get(b)! ? -1 : dayOf.get(a)! > dayOf.get(b)! ? 1 : a < b ? -1 : 1));
    const half = Math.floor(sorted.length / 2);
    const from = dayOf.get(sorted[half]!)!;
    const signals = sorted.filter((id) => dayOf.get(id)! < from).slice(-50);
    const to = addDays(from, 6);
    const heldOut = new Set(sorted.filter((id) => dayOf.get(id)! >= from && dayOf.get(id)! <= to));
    if (signals.length < 5 || heldOut.size === 0) continue;
    readers.push({ kind, key, signals, heldOut, from, to });
    taken++;
  }
}
log(`${readers.length} readers: ${(['author', 'cats', 'terms'] as Kind[]).map((k) => `${readers.filter((r) => r.kind === k).length} ${k}`).join(', ')}`);

// Their upvotes, oldest first, so the newest vote is the last signal.
const seedTag = values.seed ? `s${values.seed}-` : '';
const userIds: number[] = [];
for (const [i, r] of readers.entries()) {
  const user = await findOrCreateUser(store, `reader-${seedTag}${r.kind}-${i}@eval.invalid`, `reader-${seedTag}${r.kind}-${i}`);
  userIds.push(user.id);
  for (const [j, id] of r.signals.entries()) await setVote(store, user.id, id, true, new Date(Date.parse(`${dayOf.get(id)}T12:00:00Z`) + j * 1000));
}

// A fixed random sample of corpus vectors: the logistic model's negatives.
const random = seededRandom(7);
const background: Float32Array[] = [];
while (background.length < 512) {
  const v = index.vectorOf(rows[Math.floor(random() * rows.length)]!.id);
  if (v) background.push(v);
}
const deps = { store, vectorOf: (id: string) => index.vectorOf(id), readVector: (id: string, out: Float32Array, at: number) => index.readVector(id, out, at), background };

interface Variant { label: string; method: RankMethod; lambda: number; weights?: Partial<FeatureWeights> }
const NONE = { title: 0, author: 0, pair: 0 };
const centroid = (label: string, weights: Partial<FeatureWeights>): Variant => ({ label, method: 'centroid', lambda: DEFAULT_LAMBDA, weights: { ...DEFAULT_WEIGHTS, ...weights } });
const allVariants: Variant[] = [
  ...BASELINE_METHODS.map((m) => ({ label: `baseline: ${m}`, method: m, lambda: 1 })),
  ...MODEL_METHODS.map((m) => ({ label: `${m} (no MMR)`, method: m, lambda: 1, weights: NONE })),
  ...MODEL_METHODS.map((m) => ({ label: `${m} + MMR 0.85`, method: m, lambda: 0.85, weights: NONE })),
  // The model before authors and category pairs: centroid + titles 0.8 + MMR.
  centroid('previous (titles only)', { title: 0.8, author: 0, pair: 0 }),
  // The default with one feature's weight changed (weights tuned with --seed 1 only).
  ...[0, 0.8].map((w) => centroid(`default, titles ${w}`, { title: w })),
  ...[0, 0.5].map((w) => centroid(`default, authors ${w}`, { author: w })),
  ...[0, 0.3].map((w) => centroid(`default, pairs ${w}`, { pair: w })),
  { label: 'default', method: DEFAULT_METHOD, lambda: DEFAULT_LAMBDA },
];
// --variants baseline,centroid: only those whose label starts with one of these.
const variants = values.variants ? allVariants.filter((v) => values.variants!.split(',').some((p) => v.label.startsWith(p))) : allVariants;
const metrics = (ranked: string[], held: Set<string>) => {
  const hits = (k: number) => ranked.slice(0, k).filter((id) => held.has(id)).length;
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => { if (held.has(id)) dcg += 1 / Math.log2(i + 2); });
  let idcg = 0;
  for (let i = 0; i < Math.min(10, held.size); i++) idcg += 1 / Math.log2(i + 2);
  return { r10: hits(10) / held.size, r50: hits(50) / held.size, ndcg: dcg / idcg };
};
const results: { label: string; kind: Kind | 'all'; r10: number; r50: number; ndcg: number; ms: number }[] = [];
let candidateTotal = 0;
for (const v of variants) {
  const sums = new Map<Kind | 'all', { r10: number; r50: number; ndcg: number; n: number }>();
  let ms = 0;
  for (const [i, r] of readers.entries()) {
    const t = performance.now();
    const recs = await recommendPapers(deps, { userId: userIds[i]!, period: 'week', date: r.to, range: { from: r.from, to: r.to }, limit: 50, method: v.method, lambda: v.lambda, ...(v.weights ? { weights: v.weights } : {}) });
    ms += performance.now() - t;
    const m = metrics(recs.map((x) => x.paperId), r.heldOut);
    for (const k of [r.kind, 'all'] as const) {
      const s = sums.get(k) ?? { r10: 0, r50: 0, ndcg: 0, n: 0 };
      s.r10 += m.r10; s.r50 += m.r50; s.ndcg += m.ndcg; s.n++;
      sums.set(k, s);
    }
  }
  for (const [kind, s] of sums) results.push({ label: v.label, kind, r10: s.r10 / s.n, r50: s.r50 / s.n, ndcg: s.ndcg / s.n, ms: ms / readers.length });
}
const week = rows.filter((r) => r.feed_date >= readers[0]!.from && r.feed_date <= readers[0]!.to).length;
candidateTotal = week;

const f = (x: number) => x.toFixed(3);
console.log(`\neval:recommend — ${readers.length} readers, ${index.size.toLocaleString('en-US')} papers, a week's candidates (~${candidateTotal.toLocaleString('en-US')} for the first reader), limit 50`);
for (const kind of ['all', 'author', 'cats', 'terms'] as const) {
  console.log(`\n${kind === 'all' ? 'all readers' : `interest: ${kind}`}`);
  console.log(`${'method'.padEnd(24)} recall@10  recall@50  nDCG@10  ms/user`);
  for (const r of results.filter((x) => x.kind === kind)) console.log(`${r.label.padEnd(24)} ${f(r.r10).padStart(9)}  ${f(r.r50).padStart(9)}  ${f(r.ndcg).padStart(7)}  ${r.ms.toFixed(1).padStart(7)}`);
}
const all = results.filter((r) => r.kind === 'all');
const bestBaseline = Math.max(...all.filter((r) => r.label.startsWith('baseline')).map((r) => r.r50));
const best = all.filter((r) => !r.label.startsWith('baseline')).sort((a, b) => b.r50 - a.r50)[0]!;
console.log(`\nbest: ${best.label} recall@50 ${f(best.r50)} = ${(best.r50 / bestBaseline).toFixed(2)}x the best baseline (${f(bestBaseline)}); goal 2x`);

index.close();
await store.close();
if (!values.dir) rmSync(dir, { recursive: true, force: true });
