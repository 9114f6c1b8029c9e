/**
 * Search relevance: MRR@10 and recall@10 of the real `paperboy search` on the 1,536 real papers
 * of ../shared/data, for each mode and each kind of query in bench/relevance/queries.jsonl
 * (exact names, half-remembered keywords, loose descriptions, paraphrases sharing no word
 * with the title). Imports the papers with `paperboy import` into a fresh SQLite store in a
 * temporary folder, builds the index and snapshot once with `paperboy reindex`, then runs
 * `paperboy search --queries FILE --json --mode M --limit 10` once per mode.
 *
 *   npm run eval:search                      # the table
 *   npm run eval:search -- --json            # one JSON object, for scripts
 *   npm run eval:search -- --misses          # also each query whose paper did not come first
 *   npm run eval:search -- --modes keyword   # some modes only
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, runCli, type CliResult } from '../test/support/cli.js';
import { DEFAULT_SEED_PATH } from './grow-corpus.js';
import { checkAgainstData, readDataTitles } from './relevance/check.js';
import { CUTOFF, scoreByKind, type Hit, type Judged, type Score } from './relevance/metrics.js';
import { loadQueries, QUERIES_PATH, QUERY_KINDS, type RelevanceQuery } from './relevance/query-set.js';

const ALL_MODES = ['keyword', 'semantic', 'hybrid'];
/** Import, training and 132 queries take seconds at 1,536 papers; 10 minutes means something hangs. */
const CLI_TIMEOUT_MS = 600_000;

const { values } = parseArgs({ options: { json: { type: 'boolean' }, misses: { type: 'boolean' }, modes: { type: 'string' } } });
const log = (line: string) => process.stderr.write(`${line}\n`);

if (!existsSync(DEFAULT_SEED_PATH)) {
  console.error(`eval:search needs the real papers at ${DEFAULT_SEED_PATH} (../shared/data next to the repository); it is not there, so nothing was measured.`);
  process.exit(1);
}
if (!existsSync(new URL('../dist/main.js', import.meta.url))) {
  console.error(`eval:search runs the built CLI (${BIN}); run \`npm run build\` first (\`npm run eval:search\` does).`);
  process.exit(1);
}

const queries = loadQueries();
const data = readDataTitles();
const problems = checkAgainstData(queries, data);
if (problems.length > 0) {
  console.error(`${QUERIES_PATH} does not hold:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'paperboy-relevance-'));
const env = { DATABASE_URL: join(dir, 'papers.db'), SEARCH_SNAPSHOT_DIR: join(dir, 'snapshot') };
try {
  await cli(['import', DEFAULT_SEED_PATH, '--json'], 'import');
  const indexSeconds = (await timed(() => cli(['reindex'], 'reindex'))).seconds;
  const modes = await availableModes();
  const queryFile = join(dir, 'queries.txt');
  writeFileSync(queryFile, `${queries.map((q) => q.query).join('\n')}\n`);
  const results: ModeResult[] = [];
  for (const mode of modes) results.push(await runMode(mode, queries, queryFile));
  if (values.json) console.log(JSON.stringify({ papers: data.size, queries: queries.length, cutoff: CUTOFF, indexSeconds, modes: results.map(({ judged: _, ...r }) => r) }));
  else printTable(results, data.size, queries.length, indexSeconds);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

interface ModeResult {
  mode: string;
  /** False when the CLI had no --mode flag yet: the row is its default, labelled keyword. */
  flag: boolean;
  seconds: number;
  byKind: Record<string, Score>;
  overall: Score;
  /** Distinct stderr lines, e.g. "answered by keywords" when a mode was not available. */
  notes: string[];
  judged: Judged[];
}

async function runMode(mode: string, qs: RelevanceQuery[], queryFile: string): Promise<ModeResult> {
  const flag = mode !== 'default';
  const args = ['search', '--queries', queryFile, '--json', '--limit', String(CUTOFF), ...(flag ? ['--mode', mode] : [])];
  const { value: res, seconds } = await timed(() => cli(args, `search ${mode}`));
  const lines = res.stdout.trim().split('\n');
  if (lines.length !== qs.length) throw new Error(`search ${mode}: ${lines.length} result lines for ${qs.length} queries`);
  const judged = qs.map((q, i) => ({ kind: q.kind, target: q.target, hits: JSON.parse(lines[i]!) as Hit[] }));
  const notes = [...new Set(res.stderr.split('\n').map((l) => l.trim()).filter(Boolean))];
  log(`search ${mode}: ${qs.length} queries in ${seconds.toFixed(1)} s${notes.length ? ` (said: ${notes.join(' | ')})` : ''}`);
  return { mode: flag ? mode : 'keyword', flag, seconds, ...scoreByKind(judged, QUERY_KINDS), notes, judged };
}

/** The modes to run: those asked for that the CLI knows; before --mode existed, its default. */
async function availableModes(): Promise<string[]> {
  const help = await cli(['search', '--help'], 'search --help');
  const wanted = values.modes ? values.modes.split(',') : ALL_MODES;
  const unknown = wanted.filter((m) => !ALL_MODES.includes(m));
  if (unknown.length > 0) throw new Error(`--modes: unknown ${unknown.join(', ')} (known: ${ALL_MODES.join(', ')})`);
  if (/--mode\b/.test(help.stdout)) return wanted;
  log('this paperboy search has no --mode: measuring its default and labelling it keyword');
  return ['default'];
}

async function cli(args: string[], label: string): Promise<CliResult> {
  const res = await runCli(args, env, CLI_TIMEOUT_MS);
  if (res.code !== 0) throw new Error(`paperboy ${label} exited ${res.code}:\n${res.stderr.slice(-2000)}`);
  if (label === 'import' || label === 'reindex') log(`${label}: ${res.stdout.trim().split('\n').at(-1)}`);
  return res;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function printTable(results: ModeResult[], papers: number, n: number, indexSeconds: number): void {
  const cell = (s: string, w: number) => s.padStart(w);
  const fmt = (x: number) => x.toFixed(3);
  console.log(`\nSearch relevance: ${n} queries over ${papers.toLocaleString('en-US')} papers, MRR@${CUTOFF} and recall@${CUTOFF} (index built in ${indexSeconds.toFixed(1)} s)`);
  console.log(`${'kind'.padEnd(12)}${cell('n', 4)}${results.map((r) => ` | ${r.mode.padEnd(8)}${cell(`MRR`, 6)}${cell(`R@${CUTOFF}`, 7)}`).join('')}`);
  const row = (label: string, get: (r: ModeResult) => Score) => {
    console.log(`${label.padEnd(12)}${cell(String(get(results[0]!).queries), 4)}${results.map((r) => ` | ${' '.repeat(8)}${cell(fmt(get(r).mrr), 6)}${cell(fmt(get(r).recall), 7)}`).join('')}`);
  };
  for (const kind of QUERY_KINDS) row(kind, (r) => r.byKind[kind]!);
  row('overall', (r) => r.overall);
  console.log(`${'time'.padEnd(16)}${results.map((r) => ` | ${cell(`${r.seconds.toFixed(1)} s (${Math.round((r.seconds * 1000) / n)} ms/q)`, 21)}`).join('')}`);
  console.log('(time: the whole CLI run per mode, process start and snapshot load included)');
  for (const r of results) if (r.notes.length > 0) console.log(`${r.mode}: the CLI said ${r.notes.join(' | ')}`);
  if (values.misses) printMisses(results);
}

function printMisses(results: ModeResult[]): void {
  const title = (id: string | undefined) => (id ? `${id} "${data.get(id)}"` : '-');
  for (const r of results) {
    console.log(`\n${r.mode}: queries whose paper is not first (rank, query -> target; what came first)`);
    r.judged.forEach((j, i) => {
      const rank = j.hits.slice(0, CUTOFF).findIndex((h) => h.id === j.target) + 1;
      if (rank === 1) return;
      console.log(`  ${rank > 0 ? `#${rank}` : 'miss'} [${j.kind}] ${queries[i]!.query} -> ${title(j.target)}; first: ${title(j.hits[0]?.id)}`);
    });
  }
}
