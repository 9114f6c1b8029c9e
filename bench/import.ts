/**
 * Import throughput, SQLite and PostgreSQL side by side: grows the shared seed corpus to N
 * synthetic papers (bench/grow-corpus.ts), then imports it through the same path as
 * `paperboy import` (reader -> validation -> batched upserts), into a fresh store each time.
 * A second pass over the same file measures the idempotent re-import (all unchanged).
 *
 *   npm run bench:import                                   # N = 100k and 1M, both dialects
 *   npm run bench:import -- --sizes 100000 --dialects sqlite
 *
 * PostgreSQL is BENCH_PG_URL (default postgres://127.0.0.1:5432/test), in a scratch schema.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { openStore, postgresConnection, type Store } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { storeStats } from '../src/store/stats.js';
import { DEFAULT_SEED_PATH, growCorpus } from './grow-corpus.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench') },
    reimport: { type: 'boolean', default: true },
  },
});
const sizes = values.sizes.split(',').map(Number);
const dialects = values.dialects.split(',') as ('sqlite' | 'postgres')[];
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://127.0.0.1:5432/test';

if (!existsSync(DEFAULT_SEED_PATH)) {
  console.error(`bench:import needs the seed corpus at ${DEFAULT_SEED_PATH} (../shared/data)`);
  process.exit(1);
}
mkdirSync(values.dir, { recursive: true });

interface Row { n: number; dialect: string; seconds: number; rate: number; reSeconds: number | null; reRate: number | null; rssMb: number }
const rows: Row[] = [];

for (const n of sizes) {
  const corpus = join(values.dir, `corpus-${n}.jsonl`);
  if (!existsSync(corpus)) {
    process.stderr.write(`growing ${n.toLocaleString('en-US')} papers -> ${corpus}\n`);
    await growCorpus({ count: n, outPath: corpus, seed: 1 });
  }
  const mb = statSync(corpus).size / 1e6;
  for (const dialect of dialects) {
    const target = await freshStore(dialect, n);
    if (!target) continue;
    try {
      const first = await timedImport(target.store, corpus);
      const papers = (await storeStats(target.store)).papers;
      if (papers !== n || first.added !== n) throw new Error(`expected ${n} papers, store has ${papers} (added ${first.added}, rejected ${first.rejected})`);
      const again = values.reimport ? await timedImport(target.store, corpus) : null;
      if (again && (again.added !== 0 || again.updated !== 0)) throw new Error(`re-import changed papers: ${JSON.stringify(again)}`);
      rows.push({
        n, dialect, seconds: first.seconds, rate: n / first.seconds,
        reSeconds: again?.seconds ?? null, reRate: again ? n / again.seconds : null,
        rssMb: process.memoryUsage().rss / 1e6,
      });
      process.stderr.write(`${dialect} ${n}: ${(n / first.seconds).toFixed(0)} papers/s (${mb.toFixed(0)} MB file)\n`);
    } finally {
      await target.cleanup();
    }
  }
}

console.log(`\nImport throughput (node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
console.log(`${'N'.padStart(9)}  ${'store'.padEnd(9)} ${'import s'.padStart(9)} ${'papers/s'.padStart(9)} ${'re-import s'.padStart(12)} ${'papers/s'.padStart(9)} ${'rss MB'.padStart(7)}`);
for (const r of rows) {
  console.log(
    `${r.n.toLocaleString('en-US').padStart(9)}  ${r.dialect.padEnd(9)} ${r.seconds.toFixed(1).padStart(9)} ${Math.round(r.rate).toLocaleString('en-US').padStart(9)} ` +
      `${(r.reSeconds?.toFixed(1) ?? '-').padStart(12)} ${(r.reRate ? Math.round(r.reRate).toLocaleString('en-US') : '-').padStart(9)} ${r.rssMb.toFixed(0).padStart(7)}`,
  );
}

async function timedImport(store: Store, file: string) {
  const start = process.hrtime.bigint();
  const summary = await ingestItems(store, readPaperFile(file, 'jsonl'));
  return { ...summary, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function freshStore(dialect: 'sqlite' | 'postgres', n: number): Promise<{ store: Store; cleanup(): Promise<void> } | null> {
  if (dialect === 'sqlite') {
    const file = join(values.dir, `bench-${n}.db`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    const store = openStore(file);
    await migrateToLatest(store);
    return { store, cleanup: async () => { await store.close(); for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true }); } };
  }
  const admin = new pg.Client(postgresConnection(PG_URL));
  try {
    await admin.connect();
  } catch (err) {
    console.error(`!! PostgreSQL at ${PG_URL} does not answer (${(err as Error).message}): PostgreSQL column skipped`);
    return null;
  }
  const schema = `bench_${n}`;
  await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const store = openStore(u.toString());
  await migrateToLatest(store);
  return {
    store,
    cleanup: async () => {
      await store.close();
      const c = new pg.Client(postgresConnection(PG_URL));
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
