/**
 * How fast a new `paperboy serve` is ready, with N papers in a SQLite store: (a) with no search
 * snapshot (it builds its index from the store), (b) opening the snapshot another process wrote
 * (then catching up from the store's change sequence), (c) the same without its vectors.bin (read
 * from the store instead, as snapshots were before they carried them). Side by side: seconds from spawn to the
 * first /readyz 200, to the first search answer (keyword and by meaning), and the process's peak RSS.
 *
 *   npm run bench:start                          # 1M papers (grows and imports the corpus once, ~25 min)
 *   npm run bench:start -- --papers 100000
 *   npm run bench:start -- --prepare-only        # only the store (corpus, import, stored vectors)
 *
 * The store is kept in --dir between runs (its vectors too: a server in its steady state has them),
 * so only the first run pays the import. The server is the built dist (`npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { syncPaperAuthors } from '../src/authors/author-links-job.js';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { SearchIndex } from '../src/search/search-index.js';
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { storeStats } from '../src/store/stats.js';
import { DEFAULT_SEED_PATH, growCorpus } from './grow-corpus.js';
import { freePort } from '../test/support/serve.js';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '1000000' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench-start') },
    'prepare-only': { type: 'boolean', default: false },
    /** The serving process's --max-old-space-size (MB); Node's default when not given. Peak RSS is printed either way. */
    heap: { type: 'string' },
  },
});
const N = Number(values.papers);
mkdirSync(values.dir, { recursive: true });
const dbPath = join(values.dir, `start-${N}.db`);
const ready = join(values.dir, `start-${N}.ready`);

if (!existsSync(ready)) await prepare();
if (values['prepare-only']) process.exit(0);

const snapshotDir = join(values.dir, `snapshot-${N}`);
rmSync(snapshotDir, { recursive: true, force: true });
const cold = await timedStart('a) no snapshot: built from the store', snapshotDir, true);
const warm = await timedStart('b) snapshot written by another process', snapshotDir, false);
// What the snapshot held before it carried the vectors: keywords and facets only, vectors read from the store.
rmSync(join(snapshotDir, readFileSync(join(snapshotDir, 'current'), 'utf8').trim(), 'vectors.bin'));
const keywordsOnly = await timedStart('c) snapshot without vectors.bin', snapshotDir, false);

const rows = [cold, warm, keywordsOnly];
console.log(`\nStart to ready, ${N.toLocaleString('en-US')} papers, SQLite (node ${process.version}, ${cpus().length} cores${values.heap ? `, --max-old-space-size=${values.heap}` : ''})`);
console.log(`${'start'.padEnd(40)} ${'/readyz 200 s'.padStart(13)} ${'keyword s'.padStart(10)} ${'meaning s'.padStart(10)} ${'peak RSS MB'.padStart(12)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(40)} ${r.ready.toFixed(1).padStart(13)} ${r.keyword.toFixed(1).padStart(10)} ${r.meaning.toFixed(1).padStart(10)} ${String(r.peakMb).padStart(12)}`);
}

/** Grows and imports the corpus, then builds the index once so the store holds the model and every paper's vector. */
async function prepare(): Promise<void> {
  if (!existsSync(DEFAULT_SEED_PATH)) {
    console.error(`bench:start needs the seed corpus at ${DEFAULT_SEED_PATH} (../shared/data)`);
    process.exit(1);
  }
  const corpus = join(values.dir, `corpus-${N}.jsonl`);
  if (!existsSync(corpus)) {
    process.stderr.write(`growing ${N.toLocaleString('en-US')} papers -> ${corpus}\n`);
    await growCorpus({ count: N, outPath: corpus, seed: 1 });
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const store = openStore(dbPath);
  await migrateToLatest(store);
  let started = Date.now();
  process.stderr.write('importing...\n');
  await ingestItems(store, readPaperFile(corpus, 'jsonl'));
  process.stderr.write(`imported ${(await storeStats(store)).papers.toLocaleString('en-US')} papers in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  started = Date.now();
  process.stderr.write('training the model and storing every vector...\n');
  const index = await SearchIndex.build(store, { log: (l) => process.stderr.write(`${l}\n`) });
  index.close();
  process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  // Author records, as a running server's follower keeps them: a 1M backlog at start would hold
  // the serving thread for minutes and be measured instead of the index (as bench:web does).
  process.stderr.write('authors...\n');
  await syncPaperAuthors(store);
  await store.close();
  rmSync(corpus, { force: true });
  mkdirSync(values.dir, { recursive: true });
  (await import('node:fs')).writeFileSync(ready, new Date().toISOString());
}

interface Timing { name: string; ready: number; keyword: number; meaning: number; peakMb: number }

/**
 * Spawns `serve` on the store and `dir`, and polls every 100 ms until /readyz is 200 and a
 * keyword and a by-meaning search answer. `waitForSnapshot`: then waits until the process has
 * written its snapshot (what the next start opens) before stopping it.
 */
async function timedStart(name: string, dir: string, waitForSnapshot: boolean): Promise<Timing> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('node', [...(values.heap ? [`--max-old-space-size=${values.heap}`] : []), 'bin/paperboy.js', 'serve'], {
    env: {
      ...process.env, DATABASE_URL: dbPath, PORT: String(port), SEARCH_SNAPSHOT_DIR: dir,
      INGEST_SCHEDULE: 'off', THUMBNAILS: 'off', GITHUB: 'off', SUMMARIES: 'off', LOG_LEVEL: 'info', READ_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server's own lines about its index (what it loaded, from where, how long).
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    for (const line of text.split('\n')) if (line.includes('search index')) process.stderr.write(`  [serve] ${line.slice(0, 300)}\n`);
  });
  const at = { ready: NaN, keyword: NaN, meaning: NaN };
  const base = `http://127.0.0.1:${port}`;
  const ok = (path: string) => fetch(base + path).then((r) => r.ok, () => false);
  const deadline = Date.now() + 20 * 60_000;
  while ([at.ready, at.keyword, at.meaning].some(Number.isNaN)) {
    if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error('not ready after 20 minutes');
    const now = () => (performance.now() - t0) / 1000;
    if (Number.isNaN(at.ready) && (await ok('/readyz'))) at.ready = now();
    if (Number.isNaN(at.keyword) && (await ok('/api/v1/search?q=transformer&mode=keyword&limit=5'))) at.keyword = now();
    if (Number.isNaN(at.meaning) && (await ok('/api/v1/search?q=transformer&mode=semantic&limit=5'))) at.meaning = now();
    await new Promise((r) => setTimeout(r, 100));
  }
  if (waitForSnapshot) {
    while (!existsSync(join(dir, 'current'))) await new Promise((r) => setTimeout(r, 200));
  }
  const peakMb = peakRssMb(child);
  await stop(child);
  process.stderr.write(`${name}: ready ${at.ready.toFixed(1)} s, keyword ${at.keyword.toFixed(1)} s, meaning ${at.meaning.toFixed(1)} s, peak RSS ${peakMb} MB\n`);
  return { name, ...at, peakMb };
}

function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
