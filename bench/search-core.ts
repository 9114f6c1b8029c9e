/**
 * The lexical index alone (src/search/), at scale: build time, memory, query latency by kind,
 * upsert latency, compaction and snapshot round trip. The corpus is grown from
 * ../shared/data/hf-daily-papers.jsonl with bench/grow-corpus.ts (cached in --dir).
 *
 *   node --expose-gc --import tsx bench/search-core.ts [--count 100000] [--dir /tmp/paperboy-search-core] [--rounds 5]
 *
 * Latency: every query of a kind, `rounds` times; the first round is warm-up and dropped.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bitset } from '../src/search/bitset.js';
import { type IndexDoc, LexicalIndex, type SearchOptions } from '../src/search/lexical-index.js';
import { DEFAULT_SEED_PATH, growCorpus } from './grow-corpus.js';
import { COMMON_QUERIES } from './search-queries.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-search-core') },
    rounds: { type: 'string', default: '5' },
  },
});
const COUNT = Number(values.count);
const ROUNDS = Math.max(2, Number(values.rounds));

/** Heavy in the common words of ML abstracts: the slow case. */
const KEYWORDS = [...COMMON_QUERIES, 'model performance data results', 'we propose a novel method that improves', 'the'];
const PHRASES = ['"large language models"', '"chain of thought"', '"in context learning" agents', '"diffusion models" video', '"reinforcement learning from human feedback"', '"state of the art"', '"vision language model"', '"mixture of experts"'];
const PREFIXES = ['lar', 'large lang', 'diffu', 'reinforcement lea', 'multimo', 'trans', 'language model ag', 'retrieval augmented gen', 'quant', 'vision-lang'];

interface Corpus { id: string; title: string; abstract?: string; authors?: string[] }

/** Papers of a JSONL file, read synchronously in 16 MB chunks (a 1M corpus is 1.5 GB). */
function* readJsonl(path: string): Generator<IndexDoc> {
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(16 << 20);
  let rest = '';
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const lines = (rest + chunk.toString('utf8', 0, n)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) yield toDoc(JSON.parse(line) as Corpus);
    }
    if (rest.trim()) yield toDoc(JSON.parse(rest) as Corpus);
  } finally {
    closeSync(fd);
  }
}

function toDoc(p: Corpus): IndexDoc {
  return { key: p.id, title: p.title, abstract: p.abstract ?? '', authors: p.authors ?? [] };
}

function percentiles(times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(2);
  return `p50 ${p(0.5).padStart(6)}  p95 ${p(0.95).padStart(6)}  p99 ${p(0.99).padStart(6)}  max ${s.at(-1)!.toFixed(2).padStart(6)} ms  (${s.length} runs)`;
}

function time(index: LexicalIndex, queries: string[], options: SearchOptions): number[] {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of queries) {
      const started = performance.now();
      index.search(q, options);
      if (round > 0) times.push(performance.now() - started);
    }
  }
  return times;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

if (!existsSync(DEFAULT_SEED_PATH)) throw new Error(`needs the seed corpus at ${DEFAULT_SEED_PATH}`);
mkdirSync(values.dir, { recursive: true });
const corpus = join(values.dir, `corpus-${COUNT}.jsonl`);
if (!existsSync(corpus)) {
  const grown = await growCorpus({ count: COUNT, outPath: corpus, seed: 1 });
  console.log(`grew ${COUNT.toLocaleString('en-US')} papers (${mb(grown.bytes)}) in ${(grown.ms / 1000).toFixed(1)} s`);
}

let started = performance.now();
let parsed = 0;
for (const doc of readJsonl(corpus)) parsed += doc.key.length > 0 ? 1 : 0;
const parseMs = performance.now() - started;
gc();
const before = process.memoryUsage();
started = performance.now();
const index = LexicalIndex.build(readJsonl(corpus));
const buildMs = performance.now() - started;
gc();
const after = process.memoryUsage();
const st = index.stats();
console.log(`node ${process.version}, ${COUNT.toLocaleString('en-US')} papers`);
console.log(`build ${(buildMs / 1000).toFixed(1)} s, of which reading and parsing the JSONL ~${(parseMs / 1000).toFixed(1)} s (measured alone, ${parsed.toLocaleString('en-US')} lines)`);
console.log(`index: ${st.terms.toLocaleString('en-US')} terms, ${st.postings.toLocaleString('en-US')} postings, typed arrays ${mb(st.mainBytes)}`);
console.log(`memory after build: heap +${mb(after.heapUsed - before.heapUsed)}, array buffers +${mb(after.arrayBuffers - before.arrayBuffers)}, rss ${mb(after.rss)}`);

const half = Bitset.of(Array.from({ length: index.docLimit }, (_, d) => d).filter((d) => d % 2 === 0), index.docLimit);
const rare = Bitset.of(Array.from({ length: index.docLimit }, (_, d) => d).filter((d) => d % 100 === 0), index.docLimit);
console.log(`keywords, top 10:        ${percentiles(time(index, KEYWORDS, { k: 10 }))}`);
console.log(`keywords, top 100:       ${percentiles(time(index, KEYWORDS, { k: 100 }))}`);
console.log(`keywords, all required:  ${percentiles(time(index, KEYWORDS, { k: 10, all: true }))}`);
console.log(`phrases, top 10:         ${percentiles(time(index, PHRASES, { k: 10 }))}`);
console.log(`prefix (as you type):    ${percentiles(time(index, PREFIXES, { k: 10, prefix: true }))}`);
console.log(`filter, 50% bitset:      ${percentiles(time(index, KEYWORDS, { k: 10, filter: half }))}`);
console.log(`filter, 1% bitset:       ${percentiles(time(index, KEYWORDS, { k: 10, filter: rare }))}`);
const matchTimes: number[] = [];
for (const q of KEYWORDS.slice(0, 20)) {
  started = performance.now();
  index.matches(q, { limit: 10_000 });
  matchTimes.push(performance.now() - started);
}
console.log(`matches(), limit 10k:    ${percentiles(matchTimes)}`);

const upserts: number[] = [];
let i = 0;
for (const doc of readJsonl(corpus)) {
  if (i++ >= 2_000) break;
  started = performance.now();
  index.upsert({ ...doc, title: `${doc.title} revised` });
  upserts.push(performance.now() - started);
}
console.log(`upsert (2,000 replaced): ${percentiles(upserts)}`);
console.log(`keywords after upserts:  ${percentiles(time(index, KEYWORDS, { k: 10 }))}`);
started = performance.now();
const snapshot = index.serialize();
const serializeMs = performance.now() - started;
started = performance.now();
const loaded = LexicalIndex.load(snapshot);
console.log(`snapshot ${mb(snapshot.length)}: serialize ${(serializeMs / 1000).toFixed(2)} s, load ${((performance.now() - started) / 1000).toFixed(2)} s, ${loaded.size.toLocaleString('en-US')} papers`);
started = performance.now();
index.compact();
console.log(`compact: ${((performance.now() - started) / 1000).toFixed(1)} s`);
