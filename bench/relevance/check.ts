/**
 * Checks the relevance query sets against the shared data: every target is a paper there, its
 * title in the set's titles file is the data's, and every rule of checkQuerySet holds (kinds,
 * counts, ids, paraphrases sharing no content word with their target's title; in the recent
 * set, at most two with its abstract).
 *
 *   node --import tsx bench/relevance/check.ts                  # both sets; exit 1 and one line per problem
 *   node --import tsx bench/relevance/check.ts --set recent     # one set
 *   node --import tsx bench/relevance/check.ts --write-titles   # refresh the titles files from the data
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readLines } from '../../src/ingest/files/read-lines.js';
import {
  checkParaphraseAbstracts, checkQuerySet, loadQueries, loadTitles, QUERY_KINDS, QUERY_SETS, type QuerySetName, type QuerySetSpec, type RelevanceQuery,
} from './query-set.js';

export interface DataPaper {
  title: string;
  abstract: string;
}

/** id -> title and abstract of every paper in a JSONL data file (plain or compressed). */
export async function readDataPapers(path: string): Promise<Map<string, DataPaper>> {
  const papers = new Map<string, DataPaper>();
  for await (const { line } of readLines(path)) {
    if (line === null) continue;
    const paper = JSON.parse(line) as { id: string; title: string; abstract?: string };
    papers.set(paper.id, { title: paper.title, abstract: paper.abstract ?? '' });
  }
  return papers;
}

export function titlesOf(data: ReadonlyMap<string, DataPaper>): Map<string, string> {
  return new Map([...data].map(([id, p]) => [id, p.title]));
}

/** Problems of a query set against its data, including its committed titles drifting from it. */
export function checkAgainstData(set: QuerySetSpec, queries: RelevanceQuery[], data: ReadonlyMap<string, DataPaper>): string[] {
  const problems = checkQuerySet(queries, titlesOf(data));
  if (set.paraphraseAbstractRule) problems.push(...checkParaphraseAbstracts(queries, new Map([...data].map(([id, p]) => [id, p.abstract]))));
  const committed = existsSync(set.titles) ? loadTitles(set.titles) : new Map<string, string>();
  for (const target of new Set(queries.map((q) => q.target))) {
    const title = data.get(target)?.title;
    if (title !== undefined && committed.get(target) !== title) problems.push(`${set.name} titles: ${target} should be "${title}" (run with --write-titles)`);
  }
  return problems;
}

export function writeTitles(set: QuerySetSpec, queries: RelevanceQuery[], data: ReadonlyMap<string, DataPaper>): void {
  const targets = [...new Set(queries.map((q) => q.target))].sort();
  const titles = Object.fromEntries(targets.flatMap((t) => (data.has(t) ? [[t, data.get(t)!.title]] : [])));
  writeFileSync(set.titles, `${JSON.stringify(titles, null, 1)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'write-titles': { type: 'boolean' }, set: { type: 'string' } } });
  const names = values.set ? [values.set as QuerySetName] : (Object.keys(QUERY_SETS) as QuerySetName[]);
  let failed = false;
  for (const name of names) {
    const set = QUERY_SETS[name];
    if (!set) throw new Error(`--set: unknown ${name} (known: ${Object.keys(QUERY_SETS).join(', ')})`);
    if (!existsSync(set.data)) {
      console.error(`the ${name} set needs ${set.data} (../shared/data); it is not there`);
      failed = true;
      continue;
    }
    const queries = loadQueries(set.queries);
    const data = await readDataPapers(set.data);
    if (values['write-titles']) writeTitles(set, queries, data);
    const problems = checkAgainstData(set, queries, data);
    for (const p of problems) console.error(p);
    const kinds = QUERY_KINDS.map((k) => `${k} ${queries.filter((q) => q.kind === k).length}`);
    console.log(`${name}: ${queries.length} queries (${kinds.join(', ')}), ${new Set(queries.map((q) => q.target)).size} targets: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
