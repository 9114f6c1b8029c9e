import { readFileSync } from 'node:fs';
import { InvalidInputError, UpstreamError } from '../domain/errors.js';
import { searchIndex, SEARCH_MODES, type SearchMode, type PaperSearchRequest } from '../search/paper-search.js';
import { indexOptionsOf, SearchIndex } from '../search/search-index.js';
import { cardsByIds } from '../store/feed.js';
import { defineCommand, positiveInt } from './command.js';
import { printJson, withStore } from './context.js';

export const searchCommand = defineCommand({
  name: 'search',
  summary: 'Search the papers by keywords and by meaning (title, abstract, authors, arXiv id).',
  usage: 'paperboy search "QUERY" [--mode hybrid|keyword|semantic] [--limit N] [--json] | paperboy search --queries FILE --json',
  help: [
    '  --mode MODE           hybrid (default: keywords and meaning fused), keyword, or semantic',
    '  --limit N             Results (default 10, at most 1000)',
    '  --category CAT        Only papers in this arXiv category, e.g. cs.CL',
    '  --from DAY, --to DAY  Only papers of these feed days (YYYY-MM-DD, inclusive)',
    '  --sort ORDER          relevance (default), date or upvotes',
    '  --json                One JSON list of {id, title, score}',
    '  --queries FILE        One query a line; one JSON result list a line out (index opened once)',
    '  The index comes from the snapshot `serve` or `paperboy reindex` wrote (SEARCH_SNAPSHOT_DIR), caught up with the store.',
  ].join('\n'),
  options: {
    mode: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, queries: { type: 'string' },
    category: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, sort: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals) {
    const limit = Math.min(positiveInt('limit', values.limit, 10), 1000);
    const mode = (values.mode ?? 'hybrid') as SearchMode;
    if (!SEARCH_MODES.includes(mode)) throw new InvalidInputError(`--mode must be one of ${SEARCH_MODES.join(', ')}`, 'usage');
    if (values.queries === undefined && positionals.length === 0) throw new InvalidInputError('give a query: paperboy search "sparse attention"', 'usage');
    if (values.queries !== undefined && positionals.length > 0) throw new InvalidInputError('give either a query or --queries FILE, not both', 'usage');
    const base = { mode, limit, category: values.category, from: values.from, to: values.to, sort: values.sort as PaperSearchRequest['sort'] };
    let queries: string[];
    try {
      queries = values.queries !== undefined ? readFileSync(values.queries, 'utf8').split('\n').filter((l) => l.trim() !== '') : [positionals.join(' ')];
    } catch {
      throw new InvalidInputError(`cannot read ${values.queries}`, 'file_not_found');
    }
    return withStore(async (store, config) => {
      const options = indexOptionsOf(config.search);
      const dir = config.search.snapshotDir;
      const index = dir ? await SearchIndex.open(store, dir, options) : await SearchIndex.build(store, options);
      // Closed in every case: above 50,000 vectors the scan runs in a worker thread.
      try {
        for (const q of queries) {
          const result = await searchIndex(index, store, { ...base, q });
          if (result.message) console.error(result.message);
          const cards = new Map((await cardsByIds(store, result.hits.map((h) => h.id))).map((c) => [c.id, c]));
          const results = result.hits.flatMap((h) => (cards.has(h.id) ? [{ id: h.id, title: cards.get(h.id)!.title, score: Math.round(h.score * 1e6) / 1e6 }] : []));
          if (values.json || values.queries !== undefined) printJson(results);
          else {
            if (results.length === 0) console.log('no papers match');
            for (const r of results) console.log(`${r.id.padEnd(16)} ${r.score.toFixed(3).padStart(7)}  ${r.title}`);
          }
        }
      } finally {
        index.close();
      }
      // The keyword matches are printed, but the search asked for meaning too: a failure (exit 1).
      if (mode !== 'keyword') failIfSemanticBroken(index);
      return 0;
    });
  },
});

/** Throws (exit 1) when the embedding server failed while the index opened search by meaning. */
export function failIfSemanticBroken(index: SearchIndex): void {
  if (index.semanticError !== null) throw new UpstreamError(`search by meaning is unavailable: ${index.semanticError}`);
}
