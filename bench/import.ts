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
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import type { Store } from '../src/store/database.js';
import { storeStats } from '../src/store/stats.js';
import { DEFAULT_SEED_PATH, growCorpus } from './grow-corpus.js';
import { scratchStore } from './scratch-store.js';

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
    const target = await scratchStore(dialect, `bench_${n}`, values.dir);
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

