/**
 * Checks the relevance query set against the shared data: every target is a paper there, its
 * title in titles.json is the data's, and every rule of checkQuerySet holds (kinds, counts,
 * ids, paraphrases sharing no content word with their target's title).
 *
 *   node --import tsx bench/relevance/check.ts                  # exit 1 and one line per problem
 *   node --import tsx bench/relevance/check.ts --write-titles   # refresh titles.json from the data
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED_PATH } from '../grow-corpus.js';
import { checkQuerySet, loadQueries, QUERY_KINDS, loadTitles, TITLES_PATH, type RelevanceQuery } from './query-set.js';

/** id -> title of every paper in the daily-papers JSONL. */
export function readDataTitles(path = DEFAULT_SEED_PATH): Map<string, string> {
  const titles = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const paper = JSON.parse(line) as { id: string; title: string };
    titles.set(paper.id, paper.title);
  }
  return titles;
}

/** Problems of the query set against the data, including titles.json drifting from it. */
export function checkAgainstData(queries: RelevanceQuery[], data: ReadonlyMap<string, string>): string[] {
  const problems = checkQuerySet(queries, data);
  const committed = existsSync(TITLES_PATH) ? loadTitles() : new Map<string, string>();
  for (const target of new Set(queries.map((q) => q.target))) {
    const title = data.get(target);
    if (title !== undefined && committed.get(target) !== title) problems.push(`titles.json: ${target} should be "${title}" (run with --write-titles)`);
  }
  return problems;
}

export function writeTitles(queries: RelevanceQuery[], data: ReadonlyMap<string, string>): void {
  const targets = [...new Set(queries.map((q) => q.target))].sort();
  const titles = Object.fromEntries(targets.flatMap((t) => (data.has(t) ? [[t, data.get(t)!]] : [])));
  writeFileSync(TITLES_PATH, `${JSON.stringify(titles, null, 1)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'write-titles': { type: 'boolean' } } });
  if (!existsSync(DEFAULT_SEED_PATH)) {
    console.error(`the relevance check needs ${DEFAULT_SEED_PATH} (../shared/data); it is not there`);
    process.exit(1);
  }
  const queries = loadQueries();
  const data = readDataTitles();
  if (values['write-titles']) writeTitles(queries, data);
  const problems = checkAgainstData(queries, data);
  for (const p of problems) console.error(p);
  const kinds = QUERY_KINDS.map((k) => `${k} ${queries.filter((q) => q.kind === k).length}`);
  console.log(`${queries.length} queries (${kinds.join(', ')}), ${new Set(queries.map((q) => q.target)).size} targets: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
