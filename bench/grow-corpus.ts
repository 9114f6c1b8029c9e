/**
 * Grows a real seed corpus into N synthetic papers for benchmarks, in Paperboy JSONL
 * (`{id, title, authors, abstract, published, upvotes, github?, source}`).
 *
 * Text is recombined from real metadata so term statistics stay realistic: titles splice
 * the halves of two real titles, abstracts sample 4-9 real sentences, authors are real
 * names. Ids are valid, unique new-style arXiv ids spread over 0801-2611, growing over
 * time as arXiv does; `published` falls inside the id's month. Deterministic for a seed.
 * Streams its output: memory is the seed pools only, whatever `count` is.
 *
 *   node --import tsx bench/grow-corpus.ts --count 100000 --out /tmp/x.jsonl [--seed 1] [--from seed.jsonl] [--verbose]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { seededRandom as mulberry32 } from '../src/search/random.js';
import { planIds, type IdPlan } from './corpus-ids.js';

export const DEFAULT_SEED_PATH = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/data/hf-daily-papers.jsonl');

export interface GrowCorpusOptions {
  count: number;
  outPath: string;
  /** Seed papers, any format readPaperFile detects (default: the shared hf-daily-papers.jsonl). */
  seedPath?: string;
  /** PRNG seed: same seed, same seed file -> byte-identical output. */
  seed?: number;
}

export interface GrowCorpusResult {
  count: number;
  bytes: number;
  ms: number;
}

/** The seeded PRNG the search code uses too (mulberry32): the grown corpus is the same on every run. */
export { mulberry32 };

interface Pools {
  titles: string[][];
  sentences: string[];
  authors: string[];
  authorCounts: number[];
  upvotes: number[];
  githubs: string[];
  githubRate: number;
  seedIds: Set<string>;
}

// Sentence ends: `.`, `!` or `?` followed by space and a capital, digit or TeX/math start.
const SENTENCE_BREAK = /(?<=[.!?])\s+(?=[A-Z0-9$\\(])/;

async function loadPools(seedPath: string): Promise<Pools> {
  const pools: Pools = { titles: [], sentences: [], authors: [], authorCounts: [], upvotes: [], githubs: [], githubRate: 0, seedIds: new Set() };
  const names = new Set<string>();
  let papers = 0;
  for await (const item of readPaperFile(seedPath, 'auto')) {
    if (!('record' in item)) continue;
    const r = item.record;
    papers++;
    pools.seedIds.add(r.id);
    const words = r.title.split(' ');
    if (words.length >= 2) pools.titles.push(words);
    for (const s of (r.abstract ?? '').split(SENTENCE_BREAK)) if (s.length >= 25 && s.length <= 800) pools.sentences.push(s);
    for (const a of r.authors ?? []) names.add(a);
    pools.authorCounts.push(Math.max(1, Math.min(r.authors?.length ?? 1, 30)));
    pools.upvotes.push(r.upvotes ?? 0);
    if (r.githubUrl) pools.githubs.push(r.githubUrl);
  }
  pools.authors = [...names];
  pools.githubRate = papers > 0 ? pools.githubs.length / papers : 0;
  if (pools.titles.length < 2 || pools.sentences.length < 10 || pools.authors.length < 2) {
    throw new Error(`seed ${seedPath} is too small: ${pools.titles.length} titles, ${pools.sentences.length} sentences, ${pools.authors.length} authors`);
  }
  return pools;
}

/** Writes `count` synthetic papers to outPath. Prints nothing. */
export async function growCorpus(options: GrowCorpusOptions): Promise<GrowCorpusResult> {
  const started = performance.now();
  const { count, outPath } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  const pools = await loadPools(options.seedPath ?? DEFAULT_SEED_PATH);
  const rng = mulberry32(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const out = createWriteStream(outPath);
  let buffer = '';
  let bytes = 0;
  // Batches of about 1 MiB: one write per thousand lines instead of one per line.
  const flush = async () => {
    const chunk = Buffer.from(buffer); // encode once, for both the count and the write
    bytes += chunk.length;
    buffer = '';
    if (!out.write(chunk)) await once(out, 'drain');
  };
  for (const slot of planIds(count, pools.seedIds)) {
    buffer += `${JSON.stringify(paper(slot, pools, rng, pick))}\n`;
    if (buffer.length >= 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return { count, bytes, ms: performance.now() - started };
}

function paper(slot: IdPlan, pools: Pools, rng: () => number, pick: <T>(xs: readonly T[]) => T) {
  const authorCount = pick(pools.authorCounts);
  const authors: string[] = [];
  for (let tries = 0; authors.length < authorCount && tries < authorCount * 3; tries++) {
    const name = pick(pools.authors);
    if (!authors.includes(name)) authors.push(name);
  }
  const sentences: string[] = [];
  for (let n = 4 + Math.floor(rng() * 6); sentences.length < n; ) sentences.push(pick(pools.sentences));
  const record: Record<string, unknown> = {
    id: slot.id,
    title: spliceTitle(pick(pools.titles), pick(pools.titles), rng),
    authors,
    abstract: sentences.join(' '),
    published: publishedAt(slot, rng),
    upvotes: pick(pools.upvotes),
  };
  if (rng() < pools.githubRate) record.github = pick(pools.githubs);
  record.source = 'synthetic';
  return record;
}

/**
 * "Head: tail" titles (most ML titles) swap tails; others join the first 30-70% of one
 * title's words with the last 30-70% of another's.
 */
function spliceTitle(a: string[], b: string[], rng: () => number): string {
  const ca = a.findIndex((w) => w.endsWith(':'));
  const cb = b.findIndex((w) => w.endsWith(':'));
  if (ca >= 0 && cb >= 0 && cb < b.length - 1 && rng() < 0.7) return [...a.slice(0, ca + 1), ...b.slice(cb + 1)].join(' ');
  const cut = (n: number) => Math.min(n - 1, Math.max(1, Math.round(n * (0.3 + 0.4 * rng()))));
  return [...a.slice(0, cut(a.length)), ...b.slice(cut(b.length))].join(' ');
}

/** A time inside the id's month, rising with the id's number like arXiv's; days 1-28 so no month overflows. */
function publishedAt(slot: IdPlan, rng: () => number): string {
  const day = 1 + Math.min(27, Math.floor((slot.indexInMonth / slot.monthCount) * 28));
  const seconds = Math.floor(rng() * 86_400);
  const iso = new Date(Date.UTC(slot.year, slot.month - 1, day, 0, 0, seconds)).toISOString();
  return `${iso.slice(0, 19)}Z`;
}

function parseArgs(argv: string[]): GrowCorpusOptions & { verbose: boolean } {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = Number(get('--count'));
  const outPath = get('--out');
  if (!Number.isSafeInteger(count) || count < 0 || !outPath) {
    throw new Error('usage: node --import tsx bench/grow-corpus.ts --count N --out PATH [--seed N] [--from SEED.jsonl] [--verbose]');
  }
  const from = get('--from');
  return { count, outPath, seed: Number(get('--seed') ?? 1), seedPath: from ? resolve(from) : undefined, verbose: argv.includes('--verbose') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const { verbose, ...options } = parseArgs(process.argv.slice(2));
    const result = await growCorpus(options);
    if (verbose) console.error(`wrote ${result.count} papers, ${(result.bytes / 2 ** 20).toFixed(1)} MiB, to ${options.outPath} in ${(result.ms / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`grow-corpus: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
