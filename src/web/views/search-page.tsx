import type { SearchMode, SearchSort } from '../../search/paper-search.js';
import type { PaperCard } from '../../store/feed.js';
import { Layout, type PageContext } from './layout.js';
import { MathText } from './math.js';
import { authorLine, paperPath } from './paper-card.js';
import { VoteButton } from './vote-button.js';

export interface SearchView {
  q: string;
  mode: SearchMode;
  sort: SearchSort;
  category: string;
  from: string;
  to: string;
  minUpvotes: string;
  results: Array<{ card: PaperCard; titleHtml: string | null; excerptHtml: string }>;
  voted: Set<string>;
  /** null: ready; otherwise why there are no results (index building, bad filter). */
  notice: string | null;
  /** Set when another mode than the one asked answered (no meaning model yet, a quoted phrase). */
  answeredBy: string | null;
  tookMs: number;
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
        <details open={Boolean(view.category || view.from || view.to || view.minUpvotes || view.sort !== 'relevance')}>
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
          </div>
        </details>
        <button class="primary" type="submit">Search</button>
      </form>
      <div id="results" aria-live="polite">
        {view.notice ? <div class="notice">{view.notice}</div> : null}
        {view.q && !view.notice ? <p class="muted">{view.results.length === 0 ? 'No papers match.' : `${view.results.length} papers`} · {view.tookMs.toFixed(1)} ms{view.answeredBy ? ` · ${view.answeredBy}` : ''}</p> : null}
        <ol class="papers">
          {view.results.map(({ card, titleHtml, excerptHtml }) => (
            <li class="card" id={`p-${card.id}`}>
              <VoteButton ctx={ctx} paperId={card.id} upvotes={card.upvotes} voted={view.voted.has(card.id)} />
              <div class="body">
                <h2><a href={paperPath(card.id)}>{titleHtml ? <span dangerouslySetInnerHTML={{ __html: titleHtml }} /> : <MathText text={card.title} />}</a></h2>
                <div class="meta"><span>{authorLine(card.authors)}</span><span>{card.feedDate}</span>{card.categories.slice(0, 3).map((c) => <span class="cat">{c}</span>)}</div>
                {excerptHtml ? <p class="excerpt" dangerouslySetInnerHTML={{ __html: excerptHtml }} /> : null}
              </div>
            </li>
          ))}
        </ol>
      </div>
    </Layout>
  );
}
