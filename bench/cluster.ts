/**
 * The cluster's mixed workload at scale: three real `serve` processes on one PostgreSQL store of
 * N papers (default 1M) behind the real HAProxy (deploy/haproxy.cfg), next to one process alone on
 * the same store, in the same run. The workload is test:cluster's (test/cluster/load.ts): 10%
 * upvotes from signed-in users (API tokens), the rest page and API reads, a tenth of all requests
 * searches. Also printed: how long each process took from its start to /readyz.
 *
 *   npm run bench:cluster                                   # 1M papers, 20 s per run
 *   npm run bench:cluster -- --papers 50000 --seconds 10
 *   npm run bench:cluster -- --fresh                        # rebuild the store (else the last one is kept)
 *
 * The store is the PostgreSQL schema `bench_cluster_N` at BENCH_PG_URL (default
 * postgres://127.0.0.1:5432/test): grown from ../shared/data like bench:import (bench/grow-corpus.ts),
 * imported, then `paperboy reindex` gives every paper its vector, as an installation has them.
 * The processes share one SEARCH_SNAPSHOT_DIR, as the deploy files set it.
 *
 * Measured is a settled installation, not one still working through an import: before the runs
 * the store is analyzed (as `paperboy import` leaves it), its authors are linked (else serve's
 * author job links 1M papers during the first run), the import's page changes are pruned (else
 * every process deletes them 5,000 at a time meanwhile), and each workload paper's page is viewed
 * once (its similar papers are computed at a first view and stored: 0.1-0.4 s each at 1M).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { syncPaperAuthors } from '../src/authors/author-links-job.js';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { createApiToken } from '../src/store/api-tokens.js';
import { openStore, postgresConnection, type Store } from '../src/store/database.js';
import { prunePageChanges } from '../src/store/page-changes.js';
import { papersChangedSince } from '../src/store/papers.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { refreshPlannerStatistics } from '../src/store/planner-statistics.js';
import { storeStats } from '../src/store/stats.js';
import { findOrCreateUser } from '../src/store/users.js';
import { startCluster } from '../test/cluster/cluster.js';
import { describeLoad, type LoadReport, runLoad } from '../test/cluster/load.js';
import { runCli } from '../test/support/cli.js';
import { growCorpus } from './grow-corpus.js';
import { COMMON_QUERIES } from './search-queries.js';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '16' },
    users: { type: 'string', default: '200' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench') },
    fresh: { type: 'boolean', default: false },
  },
});
const n = Number(values.papers);
const ms = Number(values.seconds) * 1000;
const concurrency = Number(values.concurrency);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://127.0.0.1:5432/test';
const schema = `bench_cluster_${n}`;
const log = (line: string) => process.stderr.write(`${line}\n`);
/** Page changes older than this are pruned before the runs, as serve keeps them (page-cache-follower.ts). */
const PAGE_CHANGES_KEPT_MS = 10 * 60_000;
/** Papers the workload reads and votes on, spread over the store. */
const WORKLOAD_PAPERS = 500;

const url = new URL(PG_URL);
url.searchParams.set('options', `-c search_path=${schema}`);
const storeUrl = url.toString();
mkdirSync(values.dir, { recursive: true });

const store = openStore(storeUrl);
try {
  await prepareStore(store);
  const { tokens, papers } = await workloadInputs(store);
  const snapshots = join(values.dir, `cluster-${n}-search`);
  rmSync(snapshots, { recursive: true, force: true });
  const env = {
    EMBEDDINGS: 'builtin',
    SEARCH_SNAPSHOT_DIR: snapshots,
    // The readers' limit would refuse most of one load generator's address: the proxy's clients are many.
    READ_LIMIT_PER_MINUTE: '0',
    TRUST_PROXY: 'loopback',
  };
  const rows: { name: string; report: LoadReport }[] = [];
  const ready: string[] = [];

  const timedStart = async (size: number) => {
    const t0 = Date.now();
    const cluster = await startCluster({ size, env, store: { store, url: storeUrl, cleanup: async () => undefined }, readyMs: 30 * 60_000, proxy: size > 1 });
    return { cluster, seconds: (Date.now() - t0) / 1000 };
  };

  // One process first: with no snapshot yet it builds the index from the store, then writes it
  // at stop; the three below start from that snapshot.
  log(`one process on ${n.toLocaleString('en-US')} papers: starting (builds its search index)`);
  const one = await timedStart(1);
  ready.push(`one process, no snapshot: ready in ${one.seconds.toFixed(1)} s`);
  await warmPages(one.cluster.proxy, papers);
  rows.push({ name: 'one process alone (direct)', report: await runLoad(one.cluster.proxy, { ms, concurrency, papers, tokens, queries: COMMON_QUERIES }) });
  await one.cluster.close();

  log('three processes: starting (from the shared snapshot)');
  const three = await timedStart(3);
  ready.push(`three processes, one after another, from the snapshot: all ready in ${three.seconds.toFixed(1)} s`);
  rows.push({ name: 'three processes (HAProxy)', report: await runLoad(three.cluster.proxy, { ms, concurrency, papers, tokens, queries: COMMON_QUERIES }) });
  await three.cluster.close();

  console.log(`\nbench:cluster: ${n.toLocaleString('en-US')} papers on PostgreSQL, ${concurrency} connections, ${values.seconds} s a run (node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)})`);
  for (const line of ready) console.log(`  ${line}`);
  console.log(`${'target'.padEnd(32)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'votes ok'.padStart(9)}`);
  for (const { name, report } of rows) {
    const errors = Object.entries(report.statuses).filter(([s]) => Number(s) === 0 || Number(s) >= 500).reduce((k, [, c]) => k + c, 0);
    console.log(`${name.padEnd(32)} ${String(report.perSecond).padStart(7)} ${String(report.p50).padStart(8)} ${String(report.p99).padStart(8)} ${String(errors).padStart(7)} ${String(report.acked.length).padStart(9)}`);
  }
  for (const { name, report } of rows) log(describeLoad(name, report));
} finally {
  await store.close();
}

/** The schema with N papers and their vectors; kept between runs unless --fresh. */
async function prepareStore(target: Store): Promise<void> {
  const admin = new pg.Client(postgresConnection(PG_URL));
  await admin.connect();
  try {
    if (values.fresh) await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema if not exists ${schema}`);
  } finally {
    await admin.end();
  }
  await migrateToLatest(target);
  const stats = await storeStats(target);
  if (stats.papers >= n) log(`store ${schema}: ${stats.papers.toLocaleString('en-US')} papers (kept; --fresh rebuilds it)`);
  else await fillStore(target);
  const t0 = Date.now();
  await refreshPlannerStatistics(target);
  const linked = await syncPaperAuthors(target);
  let pruned = 0;
  for (let batch = 1; batch > 0; pruned += batch) batch = await prunePageChanges(target, PAGE_CHANGES_KEPT_MS, Date.now(), 50_000);
  log(`store analyzed, authors of ${linked.papers.toLocaleString('en-US')} papers linked, ${pruned.toLocaleString('en-US')} old page changes pruned, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** N grown papers imported, then every paper's vector. */
async function fillStore(target: Store): Promise<void> {
  const corpus = join(values.dir, `corpus-${n}.jsonl`);
  if (!existsSync(corpus)) {
    log(`growing ${n.toLocaleString('en-US')} papers -> ${corpus}`);
    await growCorpus({ count: n, outPath: corpus, seed: 1 });
  }
  let t0 = Date.now();
  const summary = await ingestItems(target, readPaperFile(corpus, 'jsonl'));
  await refreshPlannerStatistics(target); // as `paperboy import` leaves a store
  log(`imported ${summary.added.toLocaleString('en-US')} papers in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  t0 = Date.now();
  const reindex = await runCli(['reindex'], { DATABASE_URL: storeUrl, EMBEDDINGS: 'builtin', SEARCH_SNAPSHOT_DIR: 'off' }, 60 * 60_000);
  if (reindex.code !== 0) throw new Error(`reindex failed: ${reindex.stderr}`);
  log(`reindex (vectors for every paper) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Each workload paper's page viewed once, two at a time: its similar list computed and stored, as readers leave it. */
async function warmPages(base: string, ids: readonly string[]): Promise<void> {
  const t0 = Date.now();
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) await (await fetch(`${base}/papers/${id}`)).arrayBuffer();
  };
  await Promise.all([worker(), worker()]);
  log(`${ids.length} paper pages viewed once in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Signed-in readers with API tokens, and WORKLOAD_PAPERS paper ids spread over the store. */
async function workloadInputs(target: Store): Promise<{ tokens: string[]; papers: string[] }> {
  const tokens: string[] = [];
  for (let i = 0; i < Number(values.users); i++) {
    const user = await findOrCreateUser(target, `bench-reader${i}@example.org`, `benchreader${i}`);
    tokens.push((await createApiToken(target, user.id, 'bench')).secret);
  }
  const step = Math.max(1, Math.floor(n / WORKLOAD_PAPERS));
  const papers = new Set<string>();
  for (let k = 0; k < WORKLOAD_PAPERS; k++) for (const change of await papersChangedSince(target, k * step, 1)) papers.add(change.paper.id);
  return { tokens, papers: [...papers] };
}
