import type { SearchMode, SearchSort } from '../../search/paper-search.js';
import type { PaperCard } from '../../store/feed.js';
import { Pager } from './feed-page.js';
import { Layout, type PageContext } from './layout.js';
import { authorPath, PaperCardView } from './paper-card.js';

export interface SearchView {
  q: string;
  mode: SearchMode;
  sort: SearchSort;
  category: string;
  from: string;
  to: string;
  minUpvotes: string;
  /** Only papers with code. */
  hasCode: boolean;
  results: Array<{ card: PaperCard; titleHtml: string | null; excerptHtml: string }>;
  voted: Set<string>;
  /** null: ready; otherwise why there are no results (index building, bad filter). */
  notice: string | null;
  /** Set when another mode than the one asked answered (no meaning model yet), said as a notice. */
  answeredBy: string | null;
  /** Papers holding every word (with the filters), when counted. */
  matching: { count: number; capped: boolean } | null;
  page: number;
  /** Is there a page after this one? */
  more: boolean;
  /** The rank of the page's first result. */
  start: number;
  /** The query string without `page`, for the pager's links. */
  pageQuery: string;
  /** Author pages the query names (src/store/authors.ts authorsNamed), shown above the results. */
  authors?: { slug: string; name: string; papers: number }[];
}

const MODE_LABELS: Record<SearchMode, string> = { hybrid: 'words and meaning', keyword: 'exact words', semantic: 'meaning only' };

export function SearchPage({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  return (
    <Layout ctx={ctx} title={view.q ? `Search: ${view.q}` : 'Search'} section="search">
      <h1>Search papers</h1>
      <form class="stack search-form" method="get" action="/search" role="search">
        <label class="skip" for="q">Search</label>
        <input id="q" type="search" name="q" value={view.q} placeholder='title words, a description, "a phrase", an author, an arXiv id' autocomplete="off" data-live-search="" autofocus />
        <fieldset class="modes">
          <legend class="skip">Match by</legend>
          {(Object.keys(MODE_LABELS) as SearchMode[]).map((m) => (
            <label><input type="radio" name="mode" value={m} checked={view.mode === m} /> {MODE_LABELS[m]}</label>
          ))}
        </fieldset>
        <details open={Boolean(view.category || view.from || view.to || view.minUpvotes || view.hasCode || view.sort !== 'relevance')}>
          <summary>Filters and order</summary>
          <div class="filters">
            <label>Sort <select name="sort">
              <option value="relevance" selected={view.sort === 'relevance'}>relevance</option>
              <option value="date" selected={view.sort === 'date'}>newest</option>
              <option value="upvotes" selected={view.sort === 'upvotes'}>upvotes</option>
            </select></label>
            <label>Category <input type="text" name="category" value={view.category} placeholder="cs.CL" size={8} /></label>
            <label>From <input type="date" name="from" value={view.from} /></label>
            <label>To <input type="date" name="to" value={view.to} /></label>
            <label>Min. upvotes <input type="number" name="min_upvotes" value={view.minUpvotes} min={0} /></label>
            <label><input type="checkbox" name="has_code" value="1" checked={view.hasCode} /> Has code</label>
          </div>
        </details>
        <button class="primary" type="submit">Search</button>
      </form>
      <div id="results" aria-live="polite">
        {view.notice ? <div class="notice">{view.notice}</div> : null}
        {view.answeredBy ? <div class="notice" role="status">{view.answeredBy}</div> : null}
        {view.authors?.length ? <AuthorsBox authors={view.authors} /> : null}
        {view.q && !view.notice ? <p class="muted count">{resultsLine(view)}</p> : null}
        {view.results.length ? (
          <ol class={ctx.listView ? 'papers list' : 'papers grid'} start={view.start}>
            {view.results.map(({ card, titleHtml, excerptHtml }) => (
              <PaperCardView ctx={ctx} card={card} voted={view.voted.has(card.id)} options={{ showDay: 'year', titleHtml, excerptHtml }} />
            ))}
          </ol>
        ) : null}
        <Pager page={view.page} pages={view.more ? view.page + 1 : view.page} href={(p) => `/search?${view.pageQuery}${p > 1 ? `&page=${p}` : ''}`} open />
      </div>
    </Layout>
  );
}

/** The authors the query names, each a link to their page: the person before papers about them. */
function AuthorsBox({ authors }: { authors: NonNullable<SearchView['authors']> }) {
  return (
    <nav class="search-authors" aria-label="Authors">
      <h2>Authors</h2>
      <ul>
        {authors.map((a) => <li><a href={authorPath(a.slug)}>{a.name}</a> <span class="muted">· {a.papers === 1 ? '1 paper' : `${a.papers.toLocaleString('en-US')} papers`}</span></li>)}
      </ul>
    </nav>
  );
}

/** "1,284 papers match", "No papers match “x”.", or for meaning alone "Closest papers by meaning". */
function resultsLine(view: SearchView): string {
  if (view.results.length === 0) return view.page > 1 ? `No more papers match “${view.q}”.` : `No papers match “${view.q}”.`;
  const shown = `${view.start.toLocaleString('en-US')}–${(view.start + view.results.length - 1).toLocaleString('en-US')}`;
  if (view.mode === 'semantic' || !view.matching || view.matching.count === 0) return `Papers ${shown}, closest in meaning first`;
  const n = view.matching.count;
  const total = `${n.toLocaleString('en-US')}${view.matching.capped ? '+' : ''} ${n === 1 ? 'paper holds' : 'papers hold'} every word`;
  return `${total} · showing ${shown}${view.mode === 'hybrid' ? ', best matches by words and meaning first' : ''}`;
}
