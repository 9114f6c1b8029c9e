/**
 * Keyword search at scale, Paperboy's index next to SQLite FTS5 (bm25 ordering) and MiniSearch
 * on the same documents and queries (top 10). Documents are grown from ../shared/data.
 *
 *   npm run bench:search                         # N = 100k
 *   npm run bench:search -- --sizes 100000,1000000 --baselines fts5
 *
 * Each engine: build time, heap after build, p50/p95/p99 over the query set (5 rounds, the
 * first discarded as warm-up). A baseline whose build or a single query passes the time limit
 * is stopped and printed as DNF.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import MiniSearch from 'minisearch';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { LexicalIndexBuilder } from '../src/search/lexical-index.js';
import { tokenize } from '../src/search/tokenizer.js';
import { DEFAULT_SEED_PATH, growCorpus } from './grow-corpus.js';
import { COMMON_QUERIES } from './search-queries.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000' },
    baselines: { type: 'string', default: 'fts5,minisearch' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench') },
    'limit-seconds': { type: 'string', default: '120' },
  },
});
const LIMIT_MS = Number(values['limit-seconds']) * 1000;

/** The shared query set, plus a query of a single stopword (an engine must answer it fast too). */
export const QUERIES = [...COMMON_QUERIES, 'the'];

interface Engine { name: string; build(docs: Doc[]): void; query(q: string): string[]; heapMb?: number }
interface Doc { id: string; title: string; abstract: string; authors: string }

const engines: Record<string, () => Engine> = {
  paperboy: () => {
    let index: ReturnType<LexicalIndexBuilder['build']>;
    return { name: 'Paperboy (BM25F, MaxScore)', build: (docs) => { const b = new LexicalIndexBuilder(); for (const d of docs) b.add({ key: d.id, title: d.title, abstract: d.abstract, authors: d.authors }); index = b.build(); }, query: (q) => index.search(tokenize(q), { k: 10 }).map((h) => h.key) };
  },
  fts5: () => {
    const file = join(values.dir, 'fts5-bench.db');
    rmSync(file, { force: true });
    const db = new Database(file);
    let stmt: Database.Statement;
    return {
      name: 'SQLite FTS5 (bm25)',
      build: (docs) => {
        db.exec("create virtual table docs using fts5(id unindexed, title, abstract, authors, tokenize='porter unicode61 remove_diacritics 2')");
        const ins = db.prepare('insert into docs (id, title, abstract, authors) values (?, ?, ?, ?)');
        db.transaction(() => { for (const d of docs) ins.run(d.id, d.title, d.abstract, d.authors); })();
        stmt = db.prepare('select id from docs where docs match ? order by bm25(docs, 3.0, 1.0, 2.0) limit 10');
      },
      query: (q) => { const words = q.split(/\s+/).filter(Boolean).map((w) => `"${w.replace(/"/g, '')}"`).join(' OR '); return (stmt.all(words) as Array<{ id: string }>).map((r) => r.id); },
    };
  },
  minisearch: () => {
    const ms = new MiniSearch<Doc>({ fields: ['title', 'abstract', 'authors'], storeFields: [], searchOptions: { boost: { title: 3, authors: 2 } } });
    return { name: 'MiniSearch', build: (docs) => ms.addAll(docs), query: (q) => ms.search(q).slice(0, 10).map((r) => String(r.id)) };
  },
};

if (!existsSync(DEFAULT_SEED_PATH)) {
  console.error(`bench:search needs the seed corpus at ${DEFAULT_SEED_PATH} (../shared/data)`);
  process.exit(1);
}
mkdirSync(values.dir, { recursive: true });
const lines: string[] = [];
for (const n of values.sizes.split(',').map(Number)) {
  const corpus = join(values.dir, `corpus-${n}.jsonl`);
  if (!existsSync(corpus)) await growCorpus({ count: n, outPath: corpus, seed: 1 });
  const docs: Doc[] = [];
  for await (const item of readPaperFile(corpus, 'jsonl')) {
    if ('record' in item) docs.push({ id: item.record.id, title: item.record.title, abstract: item.record.abstract ?? '', authors: (item.record.authors ?? []).join(' ') });
  }
  for (const name of ['paperboy', ...values.baselines.split(',').filter(Boolean)]) {
    const make = engines[name];
    if (!make) throw new Error(`unknown engine ${name}`);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const engine = make();
    let started = performance.now();
    engine.build(docs);
    const buildMs = performance.now() - started;
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore) / 1e6;
    if (buildMs > LIMIT_MS) {
      lines.push(row(n, engine.name, buildMs, heapMb, null));
      continue;
    }
    const times: number[] = [];
    let dnf = false;
    for (let round = 0; round < 5 && !dnf; round++) {
      for (const q of QUERIES) {
        started = performance.now();
        engine.query(q);
        const ms = performance.now() - started;
        if (ms > LIMIT_MS) dnf = true;
        if (round > 0) times.push(ms);
      }
    }
    lines.push(row(n, engine.name, buildMs, heapMb, dnf ? null : times.sort((a, b) => a - b)));
    process.stderr.write(`${lines.at(-1)}\n`);
  }
}
console.log(`\nKeyword search, top 10, ${QUERIES.length} queries x 4 rounds (node ${process.version}, ${cpus().length} cores)`);
console.log(`${'N'.padStart(9)}  ${'engine'.padEnd(28)} ${'build s'.padStart(8)} ${'mem MB'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
for (const l of lines) console.log(l);

function row(n: number, name: string, buildMs: number, heapMb: number, sorted: number[] | null): string {
  const p = (q: number) => (sorted ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2) : 'DNF');
  return `${n.toLocaleString('en-US').padStart(9)}  ${name.padEnd(28)} ${(buildMs / 1000).toFixed(1).padStart(8)} ${heapMb.toFixed(0).padStart(7)} ${p(0.5).padStart(8)} ${p(0.95).padStart(8)} ${p(0.99).padStart(8)}`;
}
