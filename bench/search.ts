/**
 * Search at scale: Paperboy's keyword, meaning and hybrid search next to SQLite FTS5 (bm25
 * ordering), MiniSearch, FlexSearch and Orama on the same documents and queries (top 10).
 * Documents are grown from ../shared/data by recombining real titles and abstract sentences.
 *
 *   npm run bench:search                                   # N = 100k, every engine
 *   npm run bench:search -- --sizes 100000,1000000         # both sizes of the issue
 *   npm run bench:search -- --baselines fts5 --limit-seconds 300
 *
 * Each engine: build time, memory after build (JS heap + array buffers; SQLite's own memory is
 * outside it), p50/p95/p99 over the query set (5 rounds, the first a warm-up). A baseline whose
 * build passes the time limit is stopped mid-way, and one whose query passes it is stopped: DNF.
 * Paperboy's meaning half is the production code path: the shipped model extended by a sample (openEmbedder),
 * every paper embedded, the int8 vector index; its recall@10 against an exact scan is printed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import type { CorpusModel } from '../src/search/embeddings/corpus-model.js';
import { extendModel, trainModel } from '../src/search/embeddings/model-training.js';
import { shippedModel } from '../src/search/embeddings/shipped-model.js';
import { embedIndexedDocs } from '../src/search/embeddings/indexed-embedding.js';
import { spreadSample } from '../src/search/embeddings/open-embedder.js';
import { readWordnet, wordnetPath } from '../src/search/embeddings/wordnet.js';
import { LexicalIndex } from '../src/search/lexical-index.js';
import { FUSION_DEPTH, fuseHybrid } from '../src/search/fusion.js';
import { RERANK_DEPTH, rerankByWords } from '../src/search/embeddings/word-rerank.js';
import { VectorIndex } from '../src/search/vector-index.js';
import { type BaselineDoc, BASELINES } from './search-baselines.js';
import { DEFAULT_SEED_PATH, growCorpus } from './grow-corpus.js';
import { COMMON_QUERIES } from './search-queries.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000' },
    baselines: { type: 'string', default: 'fts5,minisearch,flexsearch,orama' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench') },
    'limit-seconds': { type: 'string', default: '180' },
  },
});
const LIMIT_MS = Number(values['limit-seconds']) * 1000;

/** The shared query set, plus a query of a single stopword (an engine must answer it fast too). */
export const QUERIES = [...COMMON_QUERIES, 'the'];
const ROUNDS = 5;

interface Row { n: number; name: string; buildMs: number; memMb: number; times: number[] | null; note?: string }

if (!existsSync(DEFAULT_SEED_PATH)) {
  console.error(`bench:search needs the seed corpus at ${DEFAULT_SEED_PATH} (../shared/data)`);
  process.exit(1);
}
mkdirSync(values.dir, { recursive: true });
const rows: Row[] = [];
for (const n of values.sizes.split(',').map(Number)) {
  const docs = await loadCorpus(n);
  rows.push(...(await paperboyRows(n, docs)));
  for (const name of values.baselines.split(',').filter(Boolean)) {
    const make = BASELINES[name];
    if (!make) throw new Error(`unknown baseline ${name} (have ${Object.keys(BASELINES).join(', ')})`);
    rows.push(await measureBaseline(n, docs, make(values.dir)));
  }
}
printTable();

async function loadCorpus(n: number): Promise<BaselineDoc[]> {
  const corpus = join(values.dir, `corpus-${n}.jsonl`);
  if (!existsSync(corpus)) await growCorpus({ count: n, outPath: corpus, seed: 1 });
  const docs: BaselineDoc[] = [];
  for await (const item of readPaperFile(corpus, 'jsonl')) {
    if ('record' in item) docs.push({ id: item.record.id, title: item.record.title, abstract: item.record.abstract ?? '', authors: (item.record.authors ?? []).join(', ') });
  }
  return docs;
}

/** Keyword, semantic and hybrid rows for Paperboy, built the way SearchIndex builds them. */
async function paperboyRows(n: number, docs: BaselineDoc[]): Promise<Row[]> {
  const mem = await memory();
  let started = performance.now();
  const lexical = LexicalIndex.build(docs.map((d) => ({ key: d.id, title: d.title, abstract: d.abstract, authors: d.authors })));
  const lexicalMs = performance.now() - started;
  const lexicalMb = (await memory()) - mem;
  progress(`${n}: keyword index ${(lexicalMs / 1000).toFixed(1)} s, ${lexicalMb.toFixed(0)} MB`);

  started = performance.now();
  const dir = wordnetPath();
  const wordnet = dir ? readWordnet(dir) : null;
  // As openEmbedder does: the shipped model extended by a sample of the corpus (trained on the sample alone without it).
  const shipped = shippedModel();
  const model = shipped ? extendModel(shipped.model, shipped.id, spreadSample(docs)) : trainModel(spreadSample(docs), { wordnet });
  const trainMs = performance.now() - started;
  started = performance.now();
  const vectors = new VectorIndex(model.dims);
  // As SearchIndex.build does: from the keyword index's token streams (then stored in batches).
  await embedIndexedDocs(model, lexical, docs.map((d) => lexical.docOf(d.id)!), (doc, encoded) => vectors.set(doc, encoded));
  const embedMs = performance.now() - started;
  const totalMb = (await memory()) - mem;
  progress(`${n}: model ${shipped ? 'extended' : 'trained'} in ${(trainMs / 1000).toFixed(1)} s, ${n} papers embedded in ${(embedMs / 1000).toFixed(1)} s`);

  const keyword = (q: string) => lexical.search(q, { k: 100 }).map((h) => ({ id: h.key, score: h.score }));
  // As searchPapers does: the vector scan in its worker thread, the keyword half meanwhile here.
  // The vector stage's top 200 (hybrid: 100), re-scored by the query's words (word-rerank.ts), as searchPapers does.
  const semantic = async (q: string, alongside: () => void = () => {}, depth = RERANK_DEPTH) => {
    const v = model.embedQuery(q);
    const scanning = v ? vectors.searchAsync(v, depth) : Promise.resolve([]);
    alongside();
    return rerankByWords(model, lexical, q, await scanning).map((h) => ({ id: lexical.keyOf(h.doc)!, score: h.score }));
  };
  const semanticMs = lexicalMs + trainMs + embedMs;
  const recall = vectorRecall(model, vectors);
  const ours: Row[] = [
    { n, name: 'Paperboy keyword', buildMs: lexicalMs, memMb: lexicalMb, times: await timeQueries((q) => lexical.search(q, { k: 10 })) },
    { n, name: 'Paperboy semantic', buildMs: semanticMs, memMb: totalMb, times: await timeQueries(async (q) => (await semantic(q)).slice(0, 10)), note: `vector recall@10 vs exact ${recall.toFixed(3)}` },
    {
      n, name: 'Paperboy hybrid', buildMs: semanticMs, memMb: totalMb,
      times: await timeQueries(async (q) => {
        let lexicalHits: ReturnType<typeof keyword> = [];
        const nearest = await semantic(q, () => (lexicalHits = keyword(q)), FUSION_DEPTH);
        return fuseHybrid(lexicalHits, nearest, { named: lexical.titlesHolding(q, lexicalHits.map((h) => h.id)), titleMatchScore: lexical.titleMatchScore(q) }).slice(0, 10);
      }),
    },
  ];
  vectors.close();
  return ours;
}

/** Share of the exact top 10 the production vector search returns, over the query set. */
function vectorRecall(model: CorpusModel, vectors: VectorIndex): number {
  let found = 0;
  let total = 0;
  for (const q of QUERIES) {
    const v = model.embedQuery(q);
    if (!v) continue;
    const fast = new Set(vectors.search(v, 10).map((h) => h.doc));
    const limit = vectors.exactLimit;
    vectors.exactLimit = Infinity;
    const exact = vectors.search(v, 10);
    vectors.exactLimit = limit;
    found += exact.filter((h) => fast.has(h.doc)).length;
    total += exact.length;
  }
  return total === 0 ? 1 : found / total;
}

async function measureBaseline(n: number, docs: BaselineDoc[], engine: ReturnType<(typeof BASELINES)[string]>): Promise<Row> {
  const mem = await memory();
  const started = performance.now();
  const finished = engine.build(docs, started + LIMIT_MS);
  const buildMs = performance.now() - started;
  const row: Row = { n, name: engine.name, buildMs, memMb: (await memory()) - mem, times: null };
  if (!finished) row.note = `build stopped after ${(LIMIT_MS / 1000).toFixed(0)} s`;
  else row.times = await timeQueries(engine.query);
  if (finished && !row.times) row.note = `a query took over ${(LIMIT_MS / 1000).toFixed(0)} s`;
  engine.close?.();
  progress(format(row));
  return row;
}

/** Sorted query times over rounds 2..5, or null when one query passes the limit. */
async function timeQueries(run: (q: string) => unknown): Promise<number[] | null> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      const started = performance.now();
      await run(q);
      const ms = performance.now() - started;
      if (ms > LIMIT_MS) return null;
      if (round > 0) times.push(ms);
    }
  }
  return times.sort((a, b) => a - b);
}

/** JS heap + array buffers once garbage is collected; array buffers are freed after the collection that finds them, so it runs twice with a pause. */
async function memory(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function printTable(): void {
  console.log(`\nSearch, top 10, ${QUERIES.length} queries x ${ROUNDS - 1} rounds (node ${process.version}, ${cpus().length} cores, limit ${LIMIT_MS / 1000} s)`);
  console.log(`${'N'.padStart(9)}  ${'engine'.padEnd(26)} ${'build s'.padStart(8)} ${'mem MB'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  vs keyword p50/p99`);
  for (const r of rows) console.log(format(r));
}

function format(r: Row): string {
  const p = (times: number[] | null, q: number) => (times ? times[Math.min(times.length - 1, Math.floor(q * times.length))]! : NaN);
  const ms = (x: number) => (Number.isNaN(x) ? 'DNF' : x.toFixed(2));
  const ours = rows.find((o) => o.n === r.n && o.name === 'Paperboy keyword');
  const ratio = ours && r !== ours && r.times && ours.times ? `${(p(r.times, 0.5) / p(ours.times, 0.5)).toFixed(0)}x / ${(p(r.times, 0.99) / p(ours.times, 0.99)).toFixed(0)}x` : '';
  return `${r.n.toLocaleString('en-US').padStart(9)}  ${r.name.padEnd(26)} ${(r.buildMs / 1000).toFixed(1).padStart(8)} ${r.memMb.toFixed(0).padStart(7)} ${ms(p(r.times, 0.5)).padStart(8)} ${ms(p(r.times, 0.95)).padStart(8)} ${ms(p(r.times, 0.99)).padStart(8)}  ${ratio}${r.note ? `  (${r.note})` : ''}`;
}
