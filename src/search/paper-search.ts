/**
 * The one search function every surface calls (the /search page, the CLI, the JSON APIs, the
 * feeds, the digests' topics): keyword, meaning or both fused, with filters and orders.
 *
 *   await searchPapers({ store, search }, { q: 'sparse attention', mode: 'hybrid', category: 'cs.CL', limit: 20 })
 *   // { status: 'ok', mode: 'hybrid', hits: [{ id: '2401.01234', score: 0.032 }, ...] }
 */
import { isCalendarDate } from '../domain/dates.js';
import { InvalidInputError } from '../domain/errors.js';
import { isCategory } from '../domain/text.js';
import type { Store } from '../store/database.js';
import { idsWithCode, upvotesByIds } from '../store/feed.js';
import { paperTitles } from '../store/papers.js';
import type { Bitset } from './bitset.js';
import { FUSION_DEPTH, fuseByRank, fuseHybrid, sameTitle } from './fusion.js';
import { dayNumber } from './paper-facets.js';
import { RERANK_DEPTH } from './embeddings/word-rerank.js';
import { parseQuery } from './query.js';
import type { SearchIndex } from './search-index.js';
import type { SearchService } from './search-service.js';

export const SEARCH_MODES = ['keyword', 'semantic', 'hybrid'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
export const SEARCH_SORTS = ['relevance', 'date', 'upvotes'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface PaperSearchRequest {
  q: string;
  mode?: SearchMode;
  limit?: number;
  offset?: number;
  /** Search as you type: the last word is a prefix. */
  prefix?: boolean;
  category?: string;
  /** Feed days, inclusive, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  minUpvotes?: number;
  sort?: SearchSort;
  /** Also count the papers holding every word (up to MAX_OFFSET): a results page's total. */
  count?: boolean;
  /** Only papers with code (a code link or a repository found in the text), among the 1,000 most relevant. */
  hasCode?: boolean;
}

export interface SearchHitRef {
  id: string;
  score: number;
}

export interface PaperSearchResult {
  status: 'ok' | 'building' | 'unavailable';
  /** Why results are empty or came from another mode than asked (shown to the user). */
  message?: string;
  /** The mode that answered: hybrid and semantic fall back to keyword without embeddings. */
  mode: SearchMode;
  hits: SearchHitRef[];
  /** When asked: papers holding every word and phrase, with the filters; `capped` at MAX_OFFSET. */
  matching?: { count: number; capped: boolean };
}

export interface SearchDeps {
  store: Store;
  search: SearchService;
}

export const MAX_LIMIT = 1_000;
export const MAX_OFFSET = 10_000;
/** Upvote filters and order apply to the 1,000 most relevant (upvotes change every minute; the index does not hold them). */
const VOTE_CANDIDATES = 1_000;

/** Checks a request; throws InvalidInputError naming the bad field. */
export function checkSearchRequest(r: PaperSearchRequest): Required<Omit<PaperSearchRequest, 'category' | 'from' | 'to' | 'minUpvotes' | 'count' | 'hasCode'>> & PaperSearchRequest {
  const mode = r.mode ?? 'hybrid';
  const sort = r.sort ?? 'relevance';
  if (!SEARCH_MODES.includes(mode)) throw new InvalidInputError(`mode must be one of ${SEARCH_MODES.join(', ')}`, 'invalid_mode');
  if (!SEARCH_SORTS.includes(sort)) throw new InvalidInputError(`sort must be one of ${SEARCH_SORTS.join(', ')}`, 'invalid_sort');
  const limit = r.limit ?? 10;
  const offset = r.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidInputError(`limit must be a whole number from 1 to ${MAX_LIMIT}`, 'invalid_limit');
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) throw new InvalidInputError(`offset must be a whole number from 0 to ${MAX_OFFSET}`, 'invalid_offset');
  if (r.category !== undefined && r.category !== '' && !isCategory(r.category)) throw new InvalidInputError(`"${r.category.slice(0, 40)}" is not an arXiv category (e.g. cs.CL)`, 'invalid_category');
  for (const [name, v] of [['from', r.from], ['to', r.to]] as const) {
    if (v !== undefined && v !== '' && !isCalendarDate(v)) throw new InvalidInputError(`${name} "${v.slice(0, 20)}" is not a date: use YYYY-MM-DD`, 'invalid_date');
  }
  if (r.minUpvotes !== undefined && (!Number.isInteger(r.minUpvotes) || r.minUpvotes < 0)) throw new InvalidInputError('min upvotes must be a whole number, 0 or more', 'invalid_min_upvotes');
  return { ...r, q: typeof r.q === 'string' ? r.q : '', mode, sort, limit, offset, prefix: r.prefix === true };
}

/** Searches with the server's index; answers `building` until it is ready. */
export async function searchPapers(deps: SearchDeps, request: PaperSearchRequest): Promise<PaperSearchResult> {
  const r = checkSearchRequest(request);
  const index = deps.search.index;
  if (!index) {
    const unavailable = deps.search.error !== null;
    return { status: unavailable ? 'unavailable' : 'building', mode: r.mode, hits: [], message: unavailable ? `search is unavailable: ${deps.search.error}` : 'the search index is being built; try again in a few seconds' };
  }
  return searchChecked(index, deps.store, r);
}

/** Searches a given index (the CLI builds its own). */
export async function searchIndex(index: SearchIndex, store: Store, request: PaperSearchRequest): Promise<PaperSearchResult> {
  return searchChecked(index, store, checkSearchRequest(request));
}

async function searchChecked(index: SearchIndex, store: Store, r: ReturnType<typeof checkSearchRequest>): Promise<PaperSearchResult> {
  if (r.q.trim() === '') return { status: 'ok', mode: r.mode, hits: [] };
  const filter = index.filterFor({ category: r.category || undefined, fromDay: r.from ? dayNumber(r.from) : undefined, toDay: r.to ? dayNumber(r.to) : undefined });
  const byVotes = r.sort === 'upvotes' || (r.minUpvotes ?? 0) > 0;
  // Filters the index does not hold (upvotes, code) apply to the 1,000 most relevant.
  const depth = byVotes || r.hasCode || r.sort === 'date' ? VOTE_CANDIDATES : r.offset + r.limit;
  let ranked: { mode: SearchMode; hits: SearchHitRef[]; message?: string };
  if (r.sort === 'date' && r.mode === 'keyword' && !byVotes) ranked = { mode: 'keyword', hits: newestMatches(index, r.q, r.prefix, filter) };
  else ranked = await relevance(index, store, r.q, r.sort !== 'relevance' && r.mode === 'hybrid' ? await matchingFirst(index, store, r.q, r.prefix, depth, filter) : r.mode, r.prefix, depth, filter);
  let hits = ranked.hits;
  if (byVotes) {
    const votes = await upvotesByIds(store, hits.map((h) => h.id));
    hits = hits.filter((h) => (votes.get(h.id) ?? -1) >= (r.minUpvotes ?? 0));
    if (r.sort === 'upvotes') hits = [...hits].sort((a, b) => votes.get(b.id)! - votes.get(a.id)!);
  }
  if (r.hasCode) {
    const coded = await idsWithCode(store, hits.map((h) => h.id));
    hits = hits.filter((h) => coded.has(h.id));
  }
  if (r.sort === 'date') hits = [...hits].sort((a, b) => index.dayOf(b.id) - index.dayOf(a.id));
  const matching = r.count === true ? countMatches(index, r.q, r.prefix, filter) : undefined;
  return { status: 'ok', mode: ranked.mode, hits: hits.slice(r.offset, r.offset + r.limit), ...(ranked.message ? { message: ranked.message } : {}), ...(matching ? { matching } : {}) };
}

/**
 * The mode a hybrid search sorted by date or votes runs in: ordering by something other than
 * relevance drops the one thing that keeps meaning's neighbours (every paper is someone's
 * neighbour) below the papers that match, so such a list holds the keyword matches, and the
 * nearest by meaning only when nothing matches.
 */
async function matchingFirst(index: SearchIndex, store: Store, q: string, prefix: boolean, depth: number, filter: Bitset | null): Promise<SearchMode> {
  return (await relevance(index, store, q, 'keyword', prefix, 1, filter)).hits.length > 0 ? 'keyword' : 'hybrid';
}

function countMatches(index: SearchIndex, q: string, prefix: boolean, filter: Bitset | null): { count: number; capped: boolean } {
  const { docs, truncated } = index.lexical.matches(q, { prefix, limit: MAX_OFFSET, ...(filter ? { filter } : {}) });
  return { count: docs.length, capped: truncated };
}

async function relevance(index: SearchIndex, store: Store, q: string, mode: SearchMode, prefix: boolean, depth: number, filter: Bitset | null): Promise<{ mode: SearchMode; hits: SearchHitRef[]; message?: string }> {
  const keyword = () => index.search(q, { limit: Math.max(depth, mode === 'hybrid' ? FUSION_DEPTH : 0), prefix, filter }).map((h) => ({ id: h.key, score: h.score }));
  if (mode === 'keyword') return { mode, hits: keyword() };
  // Quotes and arXiv ids ask for exact text: meaning would only add noise.
  const parsed = parseQuery(q, { prefix });
  if (parsed.phrases.length > 0 || parsed.ids.length > 0) return { mode: 'keyword', hits: keyword() };
  const vector = await index.embedQuery(q);
  if (!vector) {
    const why = index.semanticModel ? 'none of these words is known to the meaning model' : index.semanticNote || 'search by meaning is off';
    return { mode: 'keyword', hits: keyword(), ...(mode === 'semantic' ? { message: `${why}: showing keyword matches` } : {}) };
  }
  // The vector scan runs in its worker thread while the keyword half runs here.
  const scanning = index.nearest(vector, Math.max(depth, mode === 'semantic' ? RERANK_DEPTH : FUSION_DEPTH), filter);
  const lexical = mode === 'hybrid' ? keyword() : [];
  // The vector stage finds the topic; the query's own words pick the paper among its neighbours
  // (hybrid re-scores the top 100: at 76k papers as good as 200 with keywords beside it, at half the cost).
  const nearest = index.rerankNearest(q, (await scanning).map((h) => ({ id: h.key, score: h.score })));
  if (mode === 'semantic') return { mode, hits: nearest.slice(0, depth) };
  const fusionDepth = Math.max(depth, FUSION_DEPTH);
  const named = index.titlesHolding(q, lexical.slice(0, fusionDepth).map((h) => h.id));
  // An exact title match stays first, whatever meaning says.
  const pinned = lexical[0] && sameTitle(q, (await paperTitles(store, [lexical[0].id])).get(lexical[0].id) ?? '') ? lexical[0].id : null;
  // The best keyword match's share of it says how well keywords cover the query (low for a paraphrase, which meaning then answers).
  const titleMatchScore = index.lexical.titleMatchScore(q, prefix);
  return { mode, hits: fuseHybrid(lexical, nearest, { depth: fusionDepth, named, pinned, titleMatchScore }).slice(0, fusionDepth) };
}

/** Every keyword match (up to 10,000), newest feed day first. */
function newestMatches(index: SearchIndex, q: string, prefix: boolean, filter: Bitset | null): SearchHitRef[] {
  const { docs } = index.lexical.matches(q, { prefix, limit: MAX_OFFSET, ...(filter ? { filter } : {}) });
  return docs.map((doc) => ({ id: index.lexical.keyOf(doc)!, score: 0 }));
}

/** Papers like `id`: its nearest vectors fused with the papers sharing its rarest words. */
export async function similarPapers(deps: SearchDeps, id: string, limit = 10): Promise<SearchHitRef[]> {
  const index = deps.search.index;
  return index ? similarIn(index, id, limit) : [];
}

/** Terms of the paper's title and abstract a "more like this" query keeps: enough to pin the topic. */
const SIMILAR_TERMS = 24;

export async function similarIn(index: SearchIndex, id: string, limit = 10): Promise<SearchHitRef[]> {
  const k = Math.min(Math.max(limit, 1), 100);
  const vector = index.vectorOf(id);
  const scanning = vector ? index.nearest(vector, FUSION_DEPTH, null, id) : Promise.resolve([]);
  const terms = index.lexical.distinctiveTerms(id, SIMILAR_TERMS);
  const lexical = terms.length === 0 ? [] : index.search(terms, { limit: FUSION_DEPTH + 1 }).filter((h) => h.key !== id).map((h) => ({ id: h.key, score: h.score }));
  const nearest = (await scanning).map((h) => ({ id: h.key, score: h.score }));
  return fuseByRank([nearest, lexical]).slice(0, k);
}
