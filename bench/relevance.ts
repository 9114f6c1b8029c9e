/**
 * Search relevance: MRR@10 and recall@10 of the real `paperboy search`, for each mode and each
 * kind of query (exact names, half-remembered keywords, loose descriptions, paraphrases sharing
 * no word with the title), on two committed query sets and at two store sizes, next to SQLite
 * FTS5 BM25 over the same papers in the same run:
 *
 *   sets:  daily   bench/relevance/queries.jsonl, targets among the 1,536 daily-papers sample
 *          recent  bench/relevance/recent-queries.jsonl, targets among arxiv-recent.jsonl.xz
 *   sizes: small   the daily sample plus the recent set's targets (~1,750 papers)
 *          large   the same plus every paper of the --corpus files (default: arxiv-recent, 76k)
 *
 * Each size is a fresh SQLite store in a temporary folder, filled with `paperboy import`, indexed
 * once with `paperboy reindex` (which trains the built-in meaning model on that store), then
 * queried with `paperboy search --queries FILE --json --mode M --limit 10` once per set and mode.
 *
 *   npm run eval:search                                  # both sets, both sizes
 *   npm run eval:search -- --corpus none                 # the small size only (seconds)
 *   npm run eval:search -- --corpus a.jsonl.xz b.jsonl   # other distractors / training papers
 *   npm run eval:search -- --sets recent --modes keyword,hybrid
 *   npm run eval:search -- --embeddings-url http://127.0.0.1:8080      # an embedding server's meaning (EMBEDDINGS_MODEL from the environment)
 *   npm run eval:search -- --json | --misses
 *   npm run eval:search -- --dir /tmp/eval --reuse     # keep the stores; later runs only search them
 *                                                      # (rebuild dist after a ranking change: npm run build)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readLines } from '../src/ingest/files/read-lines.js';
import { BIN, runCli, type CliResult } from '../test/support/cli.js';
import { BASELINES } from './search-baselines.js';
import { checkAgainstData, readDataPapers, type DataPaper } from './relevance/check.js';
import { CUTOFF, scoreByKind, type Hit, type Judged, type Score } from './relevance/metrics.js';
import { loadQueries, QUERY_KINDS, QUERY_SETS, type QuerySetName, type RelevanceQuery } from './relevance/query-set.js';

const ALL_MODES = ['keyword', 'semantic', 'hybrid'];
const FTS5 = 'fts5';
/** Import, training and a few hundred queries; 30 minutes for one command means something hangs. */
const CLI_TIMEOUT_MS = 1_800_000;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    misses: { type: 'boolean' },
    modes: { type: 'string' },
    sets: { type: 'string' },
    corpus: { type: 'string', multiple: true },
    'embeddings-url': { type: 'string' },
    dir: { type: 'string' },
    reuse: { type: 'boolean' },
  },
  allowPositionals: true,
});
const log = (line: string) => process.stderr.write(`${line}\n`);

if (!existsSync(new URL('../dist/main.js', import.meta.url))) {
  console.error(`eval:search runs the built CLI (${BIN}); run \`npm run build\` first (\`npm run eval:search\` does).`);
  process.exit(1);
}
const dailyData = QUERY_SETS.daily.data;
if (!existsSync(dailyData)) {
  console.error(`eval:search needs the real papers at ${dailyData} (../shared/data next to the repository); it is not there, so nothing was measured.`);
  process.exit(1);
}

interface LoadedSet {
  name: QuerySetName;
  queries: RelevanceQuery[];
  data: Map<string, DataPaper>;
}

const wantedSets = (values.sets ?? 'daily,recent').split(',') as QuerySetName[];
for (const name of wantedSets) if (!QUERY_SETS[name]) throw new Error(`--sets: unknown ${name} (known: ${Object.keys(QUERY_SETS).join(', ')})`);
const sets: LoadedSet[] = [];
for (const name of wantedSets) {
  const spec = QUERY_SETS[name];
  if (!existsSync(spec.data)) {
    log(`the ${name} set needs ${spec.data}; it is not there, so the set is skipped`);
    continue;
  }
  const queries = loadQueries(spec.queries);
  const data = await readDataPapers(spec.data);
  const problems = checkAgainstData(spec, queries, data);
  if (problems.length > 0) {
    console.error(`${spec.queries} does not hold:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  sets.push({ name, queries, data });
}
const corpus = values.corpus?.includes('none') ? [] : (values.corpus ?? [QUERY_SETS.recent.data].filter((f) => existsSync(f)));
for (const file of corpus) if (!existsSync(file)) throw new Error(`--corpus: no such file ${file}`);

const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'paperboy-relevance-'));
mkdirSync(dir, { recursive: true });
const embeddingsEnv: Record<string, string> = values['embeddings-url'] ? { EMBEDDINGS: 'http', EMBEDDINGS_URL: values['embeddings-url'], ...(process.env.EMBEDDINGS_MODEL ? { EMBEDDINGS_MODEL: process.env.EMBEDDINGS_MODEL } : {}) } : {};
try {
  // The targets of sets whose data is not the daily sample, as one small JSONL: the small store holds them among the sample.
  const targetsFile = join(dir, 'targets.jsonl');
  await writeTargets(targetsFile, sets.filter((s) => QUERY_SETS[s.name].data !== dailyData));
  const sizes = [{ label: 'small', files: [dailyData, targetsFile] }];
  if (corpus.length > 0) sizes.push({ label: 'large', files: [dailyData, targetsFile, ...corpus] });
  const runs: SizeRun[] = [];
  for (const size of sizes) runs.push(await runSize(size.label, size.files));
  if (values.json) console.log(JSON.stringify({ cutoff: CUTOFF, corpus, sizes: runs.map((r) => ({ ...r, sets: r.sets.map((s) => ({ ...s, modes: s.modes.map(({ judged: _, ...m }) => m) })) })) }));
  else for (const run of runs) printSize(run);
} finally {
  if (!values.dir) rmSync(dir, { recursive: true, force: true });
}

interface ModeResult {
  mode: string;
  seconds: number;
  byKind: Record<string, Score>;
  overall: Score;
  /** Distinct stderr lines, e.g. "answered by keywords" when a mode was not available. */
  notes: string[];
  judged: Judged[];
}

interface SizeRun {
  label: string;
  papers: number;
  indexSeconds: number;
  sets: { name: QuerySetName; queries: number; modes: ModeResult[] }[];
}

async function runSize(label: string, files: string[]): Promise<SizeRun> {
  const sizeDir = join(dir, label);
  const env = { DATABASE_URL: join(sizeDir, 'papers.db'), SEARCH_SNAPSHOT_DIR: join(sizeDir, 'snapshot'), ...embeddingsEnv };
  const kept = join(sizeDir, 'built.json');
  let built: { papers: number; indexSeconds: number };
  if (values.reuse && existsSync(kept)) {
    built = JSON.parse(readFileSync(kept, 'utf8')) as typeof built;
    log(`${label}: reusing the store in ${sizeDir} (${built.papers.toLocaleString('en-US')} papers)`);
  } else {
    rmSync(sizeDir, { recursive: true, force: true });
    mkdirSync(sizeDir, { recursive: true });
    const imported = JSON.parse((await cli(['import', ...files, '--json'], `import (${label})`, env)).stdout.trim().split('\n').at(-1)!) as { added: number };
    const indexSeconds = (await timed(() => cli(['reindex'], `reindex (${label})`, env))).seconds;
    built = { papers: imported.added, indexSeconds };
    writeFileSync(kept, JSON.stringify(built));
  }
  const { papers, indexSeconds } = built;
  const modes = await availableModes(env);
  const fts5 = buildFts5(env.DATABASE_URL);
  const out: SizeRun = { label, papers, indexSeconds, sets: [] };
  try {
    for (const set of sets) {
      const queryFile = join(sizeDir, `${set.name}-queries.txt`);
      writeFileSync(queryFile, `${set.queries.map((q) => q.query).join('\n')}\n`);
      const results: ModeResult[] = [];
      for (const mode of modes) results.push(await runMode(mode, set, queryFile, env));
      results.push(fts5.run(set));
      out.sets.push({ name: set.name, queries: set.queries.length, modes: results });
    }
  } finally {
    fts5.close();
  }
  return out;
}

async function runMode(mode: string, set: LoadedSet, queryFile: string, env: Record<string, string>): Promise<ModeResult> {
  const args = ['search', '--queries', queryFile, '--json', '--limit', String(CUTOFF), '--mode', mode];
  const { value: res, seconds } = await timed(() => cli(args, `search ${mode}`, env));
  const lines = res.stdout.trim().split('\n');
  if (lines.length !== set.queries.length) throw new Error(`search ${mode}: ${lines.length} result lines for ${set.queries.length} queries`);
  const judged = set.queries.map((q, i) => ({ kind: q.kind, target: q.target, hits: JSON.parse(lines[i]!) as Hit[] }));
  const notes = [...new Set(res.stderr.split('\n').map((l) => l.trim()).filter(Boolean))];
  log(`${set.name} ${mode}: ${set.queries.length} queries in ${seconds.toFixed(1)} s${notes.length ? ` (said: ${notes.join(' | ')})` : ''}`);
  return { mode, seconds, ...scoreByKind(judged, QUERY_KINDS), notes, judged };
}

/** SQLite FTS5 BM25 over the papers of the same store (read from its file), queried in-process. */
function buildFts5(dbPath: string): { run(set: LoadedSet): ModeResult; close(): void } {
  const store = new Database(dbPath, { readonly: true });
  const docs = (store.prepare('select id, title, abstract, authors from papers').all() as Array<{ id: string; title: string; abstract: string | null; authors: string }>)
    .map((p) => ({ id: p.id, title: p.title, abstract: p.abstract ?? '', authors: (JSON.parse(p.authors) as string[]).join(', ') }));
  store.close();
  const engine = BASELINES.fts5!(dirname(dbPath));
  engine.build(docs, Number.POSITIVE_INFINITY);
  return {
    run(set) {
      const started = performance.now();
      // Ranked ids without scores: distinct descending scores, so no ties.
      const judged = set.queries.map((q) => ({ kind: q.kind, target: q.target, hits: engine.query(q.query).map((id, i) => ({ id, score: -i })) }));
      return { mode: FTS5, seconds: (performance.now() - started) / 1000, ...scoreByKind(judged, QUERY_KINDS), notes: [], judged };
    },
    close: () => engine.close?.(),
  };
}

/** Lines of the sets' data files for their targets, written as one JSONL file. */
async function writeTargets(path: string, from: LoadedSet[]): Promise<void> {
  const lines: string[] = [];
  for (const set of from) {
    const targets = new Set(set.queries.map((q) => q.target));
    for await (const { line } of readLines(QUERY_SETS[set.name].data)) {
      if (line !== null && targets.has((JSON.parse(line) as { id: string }).id)) lines.push(line);
    }
  }
  writeFileSync(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

/** The modes asked for (all by default). */
async function availableModes(env: Record<string, string>): Promise<string[]> {
  const help = await cli(['search', '--help'], 'search --help', env);
  const wanted = values.modes ? values.modes.split(',').filter((m) => m !== FTS5) : ALL_MODES;
  const unknown = wanted.filter((m) => !ALL_MODES.includes(m));
  if (unknown.length > 0) throw new Error(`--modes: unknown ${unknown.join(', ')} (known: ${ALL_MODES.join(', ')}; ${FTS5} always runs)`);
  if (!/--mode\b/.test(help.stdout)) throw new Error('this paperboy search has no --mode');
  return wanted;
}

async function cli(args: string[], label: string, env: Record<string, string>): Promise<CliResult> {
  const res = await runCli(args, env, CLI_TIMEOUT_MS);
  if (res.code !== 0) throw new Error(`paperboy ${label} exited ${res.code}:\n${res.stderr.slice(-2000)}`);
  if (label.startsWith('import') || label.startsWith('reindex')) log(`${label}: ${res.stdout.trim().split('\n').at(-1)}`);
  return res;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function printSize(run: SizeRun): void {
  const cell = (s: string, w: number) => s.padStart(w);
  const fmt = (x: number) => x.toFixed(3);
  for (const set of run.sets) {
    const results = set.modes;
    console.log(`\n${set.name} set, ${set.queries} queries, ${run.label} store of ${run.papers.toLocaleString('en-US')} papers: MRR@${CUTOFF} and recall@${CUTOFF} (index built in ${run.indexSeconds.toFixed(1)} s)`);
    console.log(`${'kind'.padEnd(12)}${cell('n', 4)}${results.map((r) => ` | ${r.mode.padEnd(8)}${cell('MRR', 6)}${cell(`R@${CUTOFF}`, 7)}`).join('')}`);
    const row = (label: string, get: (r: ModeResult) => Score) => {
      console.log(`${label.padEnd(12)}${cell(String(get(results[0]!).queries), 4)}${results.map((r) => ` | ${' '.repeat(8)}${cell(fmt(get(r).mrr), 6)}${cell(fmt(get(r).recall), 7)}`).join('')}`);
    };
    for (const kind of QUERY_KINDS) row(kind, (r) => r.byKind[kind]!);
    row('overall', (r) => r.overall);
    for (const r of results) if (r.notes.length > 0) console.log(`${r.mode}: the CLI said ${r.notes.join(' | ')}`);
    if (values.misses) printMisses(set.name, results);
  }
}

function printMisses(name: QuerySetName, results: ModeResult[]): void {
  const set = sets.find((s) => s.name === name)!;
  const title = (id: string | undefined) => (id ? `${id} "${set.data.get(id)?.title ?? '(a distractor)'}"` : '-');
  for (const r of results) {
    console.log(`\n${name} ${r.mode}: queries whose paper is not first (rank, query -> target; what came first)`);
    r.judged.forEach((j, i) => {
      const rank = j.hits.slice(0, CUTOFF).findIndex((h) => h.id === j.target) + 1;
      if (rank === 1) return;
      console.log(`  ${rank > 0 ? `#${rank}` : 'miss'} [${j.kind}] ${set.queries[i]!.query} -> ${title(j.target)}; first: ${title(j.hits[0]?.id)}`);
    });
  }
}
