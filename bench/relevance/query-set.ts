/**
 * The relevance query set (bench/relevance/queries.jsonl): its shape, and the rules every
 * query must keep. Pure functions, so the unit test checks the committed file without the
 * shared data, and the check script checks it against the data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tryParseArxivId } from '../../src/domain/arxiv-id.js';

export const QUERY_KINDS = ['name', 'keywords', 'description', 'paraphrase'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface RelevanceQuery {
  kind: QueryKind;
  query: string;
  /** arXiv id without version of the one paper that answers the query. */
  target: string;
}

export const QUERIES_PATH = fileURLToPath(new URL('./queries.jsonl', import.meta.url));
/** Titles of the targets (id -> title), so the paraphrase rule is checkable without ../shared. */
export const TITLES_PATH = fileURLToPath(new URL('./titles.json', import.meta.url));

/** The shared data folder next to the repository (absent on a fresh clone). */
const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/**
 * The committed query sets: `daily` over the 1,536 daily-papers sample (bench/relevance/queries.jsonl),
 * `recent` over the 74,728 papers of arxiv-recent.jsonl.xz, written after the first, to measure
 * relevance at the size every install reaches. `data`: where the targets and their titles come from.
 */
export const QUERY_SETS = {
  daily: { name: 'daily', queries: QUERIES_PATH, titles: TITLES_PATH, data: `${SHARED_DATA}hf-daily-papers.jsonl`, paraphraseAbstractRule: false },
  recent: {
    name: 'recent',
    paraphraseAbstractRule: true,
    queries: fileURLToPath(new URL('./recent-queries.jsonl', import.meta.url)),
    titles: fileURLToPath(new URL('./recent-titles.json', import.meta.url)),
    data: `${SHARED_DATA}arxiv-recent.jsonl.xz`,
  },
} as const;
export type QuerySetName = keyof typeof QUERY_SETS;
export type QuerySetSpec = (typeof QUERY_SETS)[QuerySetName];

/** At least this many queries of each kind: below ~25 a kind's MRR moves by 0.04 per query. */
export const MIN_PER_KIND = 25;
export const MIN_TOTAL = 100;

/** Parses the JSONL; throws naming the line on anything that is not a query. */
export function parseQueries(text: string): RelevanceQuery[] {
  const out: RelevanceQuery[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`queries line ${i + 1}: not JSON`);
    }
    const v = value as Partial<RelevanceQuery>;
    const keys = Object.keys(value as object).sort().join(',');
    if (keys !== 'kind,query,target') throw new Error(`queries line ${i + 1}: fields must be kind, query, target (got ${keys})`);
    if (!QUERY_KINDS.includes(v.kind as QueryKind)) throw new Error(`queries line ${i + 1}: unknown kind ${JSON.stringify(v.kind)}`);
    if (typeof v.query !== 'string' || typeof v.target !== 'string') throw new Error(`queries line ${i + 1}: query and target must be strings`);
    out.push({ kind: v.kind as QueryKind, query: v.query, target: v.target });
  }
  return out;
}

export function loadQueries(path = QUERIES_PATH): RelevanceQuery[] {
  return parseQueries(readFileSync(path, 'utf8'));
}

export function loadTitles(path = TITLES_PATH): Map<string, string> {
  return new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>));
}

// Function words only: a paraphrase may say "a", "for", "with" like its title does.
const STOPWORDS = new Set(`
a about above across after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into
is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some
such than that the their them then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours via toward towards vs versus upon within without beyond per
`.split(/\s+/).filter(Boolean));

// Longest first; a crude stemmer is enough for "shares no word", and cruder is stricter.
const SUFFIXES = ['izations', 'ization', 'ational', 'ations', 'ation', 'ements', 'ement', 'ments', 'ment', 'ness', 'ities', 'ity',
  'ings', 'ing', 'ions', 'ion', 'ers', 'er', 'ies', 'ied', 'ed', 'es', 'ly', 'al', 'ive', 'ize', 'ise', 's', 'e', 'y'].sort((a, b) => b.length - a.length);

/** Lower-cases, folds accents, strips one suffix, keeping a stem of at least 3 letters. */
export function crudeStem(word: string): string {
  const w = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  }
  return w;
}

/** The content words of a text (letters and digits, hyphens split, stopwords dropped), stemmed. */
export function contentStems(text: string): string[] {
  const words = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/);
  return [...new Set(words.filter((w) => w.length > 1 && !STOPWORDS.has(w)).map(crudeStem))];
}

/** Two stems count as one word when equal, or when one of at least 5 letters begins the other
 *  ("generat" and "gener"): over-matching only makes the paraphrase rule stricter. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.startsWith(short);
}

/** The query's content words that its target's title also has (empty for a true paraphrase). */
export function sharedContentWords(query: string, title: string): string[] {
  const titleStems = contentStems(title);
  return contentStems(query).filter((q) => titleStems.some((t) => sameWord(q, t)));
}

/** Every rule the set must keep; each problem is one line. `titles` maps target -> title. */
export function checkQuerySet(queries: RelevanceQuery[], titles: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const kind of QUERY_KINDS) {
    const n = queries.filter((q) => q.kind === kind).length;
    if (n < MIN_PER_KIND) problems.push(`${kind}: ${n} queries, at least ${MIN_PER_KIND} needed`);
  }
  if (queries.length < MIN_TOTAL) problems.push(`${queries.length} queries, at least ${MIN_TOTAL} needed`);
  const seen = new Set<string>();
  for (const q of queries) {
    const label = `${q.kind} ${JSON.stringify(q.query)}`;
    const parsed = tryParseArxivId(q.target);
    if (typeof parsed === 'string' || parsed.id !== q.target || parsed.version !== null) problems.push(`${label}: target ${q.target} is not an arXiv id without version`);
    const title = titles.get(q.target);
    if (title === undefined) problems.push(`${label}: target ${q.target} is not in the data`);
    if (q.query.trim() === '' || /[\r\n]/.test(q.query)) problems.push(`${label}: a query is one non-empty line`);
    const key = q.query.trim().toLowerCase();
    if (seen.has(key)) problems.push(`${label}: duplicate query`);
    seen.add(key);
    if (q.kind === 'keywords') {
      const n = contentStems(q.query).length;
      if (n < 2 || n > 5) problems.push(`${label}: keywords queries have 2-5 content words (has ${n})`);
      if (title !== undefined && contentStems(title).every((t) => contentStems(q.query).includes(t))) problems.push(`${label}: keywords queries are not the whole title`);
    }
    if (q.kind === 'paraphrase' && title !== undefined) {
      const shared = sharedContentWords(q.query, title);
      if (shared.length > 0) problems.push(`${label}: shares ${shared.join(', ')} with the title "${title}"`);
    }
  }
  return problems;
}

/** Paraphrases of the recent set also share at most this many content words with their target's abstract. */
export const PARAPHRASE_ABSTRACT_WORDS = 2;

/** The abstract rule of paraphrases (checked where the data is: abstracts are not committed). */
export function checkParaphraseAbstracts(queries: RelevanceQuery[], abstracts: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const q of queries) {
    if (q.kind !== 'paraphrase') continue;
    const words = new Set(contentStems(abstracts.get(q.target) ?? ''));
    const shared = contentStems(q.query).filter((s) => words.has(s));
    if (shared.length > PARAPHRASE_ABSTRACT_WORDS) problems.push(`paraphrase ${JSON.stringify(q.query)}: shares ${shared.length} words with the abstract (${shared.join(', ')}), at most ${PARAPHRASE_ABSTRACT_WORDS}`);
  }
  return problems;
}
