import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../domain/errors.js';
import { SearchIndex } from '../search/search-index.js';
import { cardsByIds } from '../store/feed.js';
import { defineCommand, positiveInt } from './command.js';
import { printJson, withStore } from './context.js';

export const searchCommand = defineCommand({
  name: 'search',
  summary: 'Search the papers by keywords (title, abstract, authors, arXiv id).',
  usage: 'paperboy search "QUERY" [--limit N] [--json] | paperboy search --queries FILE --json',
  help: [
    '  --limit N             Results (default 10, at most 1000)',
    '  --json                One JSON list of {id, title, score}',
    '  --queries FILE        One query a line; one JSON result list a line out (index built once)',
  ].join('\n'),
  options: { limit: { type: 'string' }, json: { type: 'boolean' }, queries: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals) {
    const limit = Math.min(positiveInt('limit', values.limit, 10), 1000);
    if (values.queries === undefined && positionals.length === 0) throw new InvalidInputError('give a query: paperboy search "sparse attention"', 'usage');
    if (values.queries !== undefined && positionals.length > 0) throw new InvalidInputError('give either a query or --queries FILE, not both', 'usage');
    let queries: string[];
    try {
      queries = values.queries !== undefined ? readFileSync(values.queries, 'utf8').split('\n').filter((l) => l.trim() !== '') : [positionals.join(' ')];
    } catch {
      throw new InvalidInputError(`cannot read ${values.queries}`, 'file_not_found');
    }
    return withStore(async (store) => {
      const index = await SearchIndex.build(store);
      for (const q of queries) {
        const hits = index.search(q, { limit });
        const cards = new Map((await cardsByIds(store, hits.map((h) => h.key))).map((c) => [c.id, c]));
        const results = hits.map((h) => ({ id: h.key, title: cards.get(h.key)?.title ?? '', score: Math.round(h.score * 1000) / 1000 }));
        if (values.json || values.queries !== undefined) printJson(results);
        else {
          if (results.length === 0) console.log('no papers match');
          for (const r of results) console.log(`${r.id.padEnd(16)} ${r.score.toFixed(2).padStart(6)}  ${r.title}`);
        }
      }
      return 0;
    });
  },
});
