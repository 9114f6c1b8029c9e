/**
 * Similar papers are read, not computed, on the request path: each paper's list is computed by
 * similarIn() (its nearest vectors fused with the papers sharing its rarest words) when the
 * paper changes, and stored (`paper_similar`). At 100k papers one list costs a vector scan and a
 * 24-term keyword query (14 + 16 ms measured on a busy 2-core machine): computed per render,
 * paper pages served 5-138/s (`npm run bench:web`); read, one primary-key row.
 *
 * followSimilar() follows the store's change sequence behind the search index, with its cursor
 * in the store: a changed paper gets a new list; so do the papers in its list whose lists are
 * older than the change (a new paper enters its neighbours' lists, a hidden one leaves them:
 * likeness is near symmetric, both halves rank by shared words or angle). Lists of papers further
 * away are not revisited when word rarities drift; a new search model recomputes every list.
 *
 *   await followSimilar(store, index)                 // every change, e.g. after an import
 *   await similarCards({ store, search }, '2401.01234', 6)
 */
import type { Store } from '../store/database.js';
import { checkpointStore } from '../store/checkpoints.js';
import { cardsByIds, type PaperCard } from '../store/feed.js';
import { clearSimilar, deleteSimilar, findSimilar, saveSimilar, similarIndexSeqs, type StoredSimilar } from '../store/paper-similar.js';
import { papersChangedSince } from '../store/papers.js';
import { type SearchDeps, type SearchHitRef, similarIn, similarPapers } from './paper-search.js';
import type { SearchIndex } from './search-index.js';

/** Papers kept per list: the API's default page (the paper page shows 6, so a hidden one still leaves 6). */
export const SIMILAR_KEPT = 10;
/** The follower's cursor in the store: the change sequence it has handled and the search model the lists came from. */
const CURSOR = 'similar_papers';
/** Changes read per round trip, and lists written per transaction at most about this many. */
const BATCH = 200;
/**
 * A backlog longer than this is not followed list by list. Following costs up to 11 lists a
 * change (the paper and its older neighbours, ~49 ms each at 100k papers): a day of arXiv
 * (~1,000 new papers, a few thousand changes) is worth it, but a bulk import of 100k papers
 * would hold the serving thread for hours in 49 ms slices that every request queued behind (the
 * paper page's p99 at 500 req/s was 25-147 ms while it ran). Past it the follower jumps to the
 * head: a paper without a list gets one on its first view (similarCards), computed once and
 * stored; lists already stored stay until their paper changes again.
 */
export const FOLLOW_BACKLOG_MAX = 20_000;

interface Cursor {
  seq: number;
  model: string | null;
}

/**
 * Brings stored lists up to the index's settled sequence (or `through`, if lower), spending at
 * most `budgetMs` (a serving process calls it every sync with a small budget, so a day's changes
 * share the thread with requests); returns how many changes it handled. A backlog past
 * `backlogMax` changes is skipped (see FOLLOW_BACKLOG_MAX).
 */
export async function followSimilar(store: Store, index: SearchIndex, budgetMs = Infinity, through = Infinity, backlogMax = FOLLOW_BACKLOG_MAX): Promise<number> {
  const started = Date.now();
  const checkpoints = checkpointStore(store);
  const saved = JSON.parse((await checkpoints.get(CURSOR)) ?? 'null') as Cursor | null;
  const model = index.semanticModel;
  const cursor: Cursor = { seq: saved && saved.model === model ? saved.seq : 0, model };
  through = Math.min(through, index.settledSeq);
  if (through - cursor.seq > backlogMax) {
    // Lists of another search model must not be served: they go, and come back on first view.
    if (saved && saved.model !== model) await clearSimilar(store);
    cursor.seq = through;
    await checkpoints.set(CURSOR, JSON.stringify(cursor));
    return 0;
  }
  let handled = 0;
  while (cursor.seq < through && Date.now() - started < budgetMs) {
    const changes = (await papersChangedSince(store, cursor.seq, BATCH)).filter((c) => c.seq <= through);
    if (changes.length === 0) {
      cursor.seq = through;
      break;
    }
    const fresh = new Map<string, StoredSimilar>();
    const hidden: string[] = [];
    for (const c of changes) {
      if (Date.now() - started >= budgetMs) break;
      const id = c.paper.id;
      let neighbours: string[];
      if (c.hidden || !index.has(id)) {
        neighbours = ((fresh.get(id) ?? (await findSimilar(store, id)))?.similar ?? []).map((s) => s.id);
        fresh.delete(id);
        hidden.push(id);
      } else {
        neighbours = (await computeInto(fresh, index, id)).similar.map((s) => s.id);
      }
      const seqs = await similarIndexSeqs(store, neighbours.filter((n) => !fresh.has(n)));
      for (const n of neighbours) {
        const seq = fresh.get(n)?.indexSeq ?? seqs.get(n);
        if (seq !== undefined && seq < c.seq && index.has(n)) await computeInto(fresh, index, n);
      }
      cursor.seq = c.seq;
      handled++;
    }
    await deleteSimilar(store, hidden.filter((id) => !fresh.has(id)));
    await saveSimilar(store, [...fresh.values()]);
    await checkpoints.set(CURSOR, JSON.stringify(cursor));
  }
  if (!saved || saved.seq !== cursor.seq || saved.model !== model) await checkpoints.set(CURSOR, JSON.stringify(cursor));
  return handled;
}

async function computeInto(fresh: Map<string, StoredSimilar>, index: SearchIndex, id: string): Promise<StoredSimilar> {
  // Let waiting requests in between lists (one list is milliseconds of this thread).
  await new Promise((resolve) => setImmediate(resolve));
  const list = { paperId: id, indexSeq: index.changeSeq, similar: await similarIn(index, id, SIMILAR_KEPT) };
  fresh.set(id, list);
  return list;
}

/**
 * Up to `limit` visible papers like `id` with their scores, for the page and the API: the stored
 * list; a paper the follower has not reached yet (added a moment ago) gets its list computed
 * once here and stored. More than SIMILAR_KEPT (the API allows 50) are computed per call.
 */
export async function similarCards(deps: SearchDeps, id: string, limit: number): Promise<{ card: PaperCard; score: number }[]> {
  const hits = limit > SIMILAR_KEPT ? await similarPapers(deps, id, limit) : await storedOrComputed(deps, id);
  const scores = new Map(hits.map((h) => [h.id, h.score]));
  const cards = await cardsByIds(deps.store, hits.map((h) => h.id));
  return cards.slice(0, limit).map((card) => ({ card, score: scores.get(card.id)! }));
}

async function storedOrComputed(deps: SearchDeps, id: string): Promise<SearchHitRef[]> {
  const stored = await findSimilar(deps.store, id);
  if (stored) return stored.similar;
  const index = deps.search.index;
  if (!index?.has(id)) return [];
  const list = { paperId: id, indexSeq: index.changeSeq, similar: await similarIn(index, id, SIMILAR_KEPT) };
  await saveSimilar(deps.store, [list]);
  return list.similar;
}
