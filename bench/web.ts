/**
 * Page throughput and latency with 100k papers in the store, next to a bare Fastify route.
 * The server under test is the real `paperboy serve` (built dist, SQLite, in its own process),
 * the baseline a bare Fastify app in another process, the load autocannon in this one.
 *
 *   npm run bench:web                      # 100k papers; 10 s per run
 *   npm run bench:web -- --papers 20000 --seconds 5
 *   npm run bench:web -- --reuse           # the store of the last run (import and similar lists done)
 *
 * Two runs per target: saturation (50 connections: requests/s, p50, p99) and a fixed 500
 * requests/s (p50, p99: the latency a user sees at that load). Anonymous visitors, so the
 * page cache serves repeats as it would in production; paper pages rotate over 2,000 ids.
 * Similar papers of the rotated ids are stored before the server starts (see below).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { SearchIndex } from '../src/search/search-index.js';
import { followSimilar } from '../src/search/stored-similar.js';
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { findSimilar } from '../src/store/paper-similar.js';
import { papersChangedSince, upsertPapers } from '../src/store/papers.js';
import { DEFAULT_SEED_PATH, growCorpus } from './grow-corpus.js';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench') },
    reuse: { type: 'boolean', default: false },
  },
});
const N = Number(values.papers);
const SECONDS = Number(values.seconds);
/** Papers on "today": a busy arXiv day in the followed categories shows about this many. */
const TODAY_PAPERS = 150;

if (!existsSync(DEFAULT_SEED_PATH)) {
  console.error(`bench:web needs the seed corpus at ${DEFAULT_SEED_PATH} (../shared/data)`);
  process.exit(1);
}
mkdirSync(values.dir, { recursive: true });
const corpus = join(values.dir, `corpus-${N}.jsonl`);
if (!existsSync(corpus)) {
  process.stderr.write(`growing ${N.toLocaleString('en-US')} papers -> ${corpus}\n`);
  await growCorpus({ count: N, outPath: corpus, seed: 1 });
}

const dbPath = join(values.dir, `web-${N}.db`);
const reuse = values.reuse && existsSync(dbPath);
if (!reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
const store = openStore(dbPath);
await migrateToLatest(store);
if (!reuse) {
  process.stderr.write('importing...\n');
  await ingestItems(store, readPaperFile(corpus, 'jsonl'));
}
const today = new Date().toISOString().slice(0, 10);
const paperIds: string[] = [];
const todays = [];
for await (const item of readPaperFile(corpus, 'jsonl')) {
  if (!('record' in item)) continue;
  if (paperIds.length < 2000) paperIds.push(item.record.id);
  if (todays.length < TODAY_PAPERS) {
    todays.push({ ...item.record, id: `2611.${String(90000 + todays.length)}`, dailyAt: `${today}T${String(10 + (todays.length % 10)).padStart(2, '0')}:00:00.000Z`, upvotes: todays.length % 37 });
  }
  if (paperIds.length >= 2000 && todays.length >= TODAY_PAPERS) break;
}
await upsertPapers(store, todays);
// The server's follower computes and stores each paper's similar papers in change order, behind
// its index (~40 ms a list on this 2-core machine under load: about an hour for 100k). The
// rotated ids are the first 2,000 imported, so following the first 2,000 changes here puts them
// where a running server is once its follower has passed them. The other 98,000 changes are a
// backlog the server's follower jumps over (src/search/stored-similar.ts FOLLOW_BACKLOG_MAX), so
// the runs measure a server in its steady state, not one backfilling lists.
if (!(await findSimilar(store, paperIds.at(-1)!))) {
  const started = Date.now();
  process.stderr.write('similar papers...\n');
  const index = await SearchIndex.build(store);
  const lists = await followSimilar(store, index, Infinity, (await papersChangedSince(store, 0, paperIds.length)).at(-1)!.seq);
  index.close();
  process.stderr.write(`similar papers: ${lists.toLocaleString('en-US')} changes followed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
await store.close();

// The load comes from one address: the per-address read limit (flood protection) is off here.
const paperboy = await startProcess('node', ['bin/paperboy.js', 'serve'], { DATABASE_URL: dbPath, INGEST_SCHEDULE: 'off', LOG_LEVEL: 'warn', READ_LIMIT_PER_MINUTE: '0' });
const bare = await startProcess('node', ['--import', 'tsx', 'bench/bare-server.ts'], {});
// The server answers at once and builds its search index meanwhile (~1 minute at 100k on a busy
// machine, a whole core): measuring before it is ready measured the build. Search answers 503 until then.
for (let tries = 0; ; tries++) {
  const ready = await fetch(`http://127.0.0.1:${paperboy.port}/api/v1/search?q=paper&mode=keyword&limit=1`).then((r) => r.ok, () => false);
  if (ready) break;
  if (tries > 600) throw new Error('the search index was not ready after 10 minutes');
  await new Promise((r) => setTimeout(r, 1000));
}

// The paper pages' mean size, for a bare answer of the same size next to them.
let pageBytes = 0;
for (const id of paperIds.slice(0, 50)) pageBytes += (await (await fetch(`http://127.0.0.1:${paperboy.port}/papers/${id}`)).arrayBuffer()).byteLength;
pageBytes = Math.round(pageBytes / 50);

interface Result { name: string; rps: number; p50: number; p99: number; fixedP50: number; fixedP99: number; errors: number }
const results: Result[] = [];
let i = 0;
/** `rotate`: the path of the i-th request, over the 2,000 paper ids. */
const targets: Array<{ name: string; port: number; path: string; rotate?: (id: string) => string }> = [
  { name: 'bare Fastify "hello world"', port: bare.port, path: '/' },
  { name: 'GET / (today, 150 papers)', port: paperboy.port, path: '/' },
  { name: `bare Fastify, ${(pageBytes / 1000).toFixed(1)} kB body`, port: bare.port, path: `/bytes/${pageBytes}` },
  { name: 'GET /papers/:id (2,000 ids)', port: paperboy.port, path: '/papers/', rotate: (id) => `/papers/${id}` },
  { name: 'GET /api/v1/papers/:id/similar', port: paperboy.port, path: '/api/v1/papers/', rotate: (id) => `/api/v1/papers/${id}/similar` },
  { name: 'GET /trending', port: paperboy.port, path: '/trending' },
];
for (const t of targets) {
  const rotate = t.rotate;
  const requests: autocannon.Request[] | undefined = rotate ? [{ setupRequest: (req) => ({ ...req, path: rotate(paperIds[i++ % paperIds.length]!) }) }] : undefined;
  const base: autocannon.Options = { url: `http://127.0.0.1:${t.port}${t.path}`, ...(requests ? { requests } : {}) };
  await autocannon({ ...base, connections: 10, duration: 2 }); // warm-up: JIT, page cache, SQLite pages
  const sat = await autocannon({ ...base, connections: 50, duration: SECONDS });
  // 500 requests/s spread over 10 connections at 50/s each: overallRate sends each second's
  // requests in a burst at the start of the second, which measures queueing, not the server.
  const fixed = await autocannon({ ...base, connections: 10, duration: SECONDS, connectionRate: 50 });
  results.push({ name: t.name, rps: sat.requests.average, p50: sat.latency.p50, p99: sat.latency.p99, fixedP50: fixed.latency.p50, fixedP99: fixed.latency.p99, errors: sat.errors + sat.non2xx + fixed.errors + fixed.non2xx });
  process.stderr.write(`${t.name}: ${Math.round(sat.requests.average)} req/s\n`);
}
paperboy.child.kill('SIGTERM');
bare.child.kill('SIGTERM');

const bareRps = results[0]!.rps;
console.log(`\nWeb throughput, ${N.toLocaleString('en-US')} papers in SQLite (node ${process.version}, ${cpus().length} cores, autocannon in-process, ${SECONDS} s runs)`);
console.log(`${'target'.padEnd(30)} ${'req/s'.padStart(8)} ${'vs bare'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}   ${'@500/s p50'.padStart(10)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)}`);
for (const r of results) {
  console.log(`${r.name.padEnd(30)} ${Math.round(r.rps).toLocaleString('en-US').padStart(8)} ${`${((100 * r.rps) / bareRps).toFixed(0)}%`.padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)}   ${String(r.fixedP50).padStart(10)} ${String(r.fixedP99).padStart(7)} ${String(r.errors).padStart(7)}`);
}
console.log(`(the paper pages average ${pageBytes.toLocaleString('en-US')} bytes; the bare route of that size shows what the load`);
console.log(' generator, on the same cores, can take of answers that size)');

async function startProcess(cmd: string, args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(cmd, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let tries = 0; tries < 300; tries++) {
    if (child.exitCode !== null) break;
    const up = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (up) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${cmd} ${args.join(' ')} did not start`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    srv.on('error', reject);
  });
}
