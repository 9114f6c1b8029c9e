import { authorKey, displayName, slugBase } from '../domain/author-names.js';
import { type PaperAuthorName, setPaperAuthors } from '../store/authors.js';
import { checkpointStore } from '../store/checkpoints.js';
import type { Store } from '../store/database.js';
import { papersChangedSince } from '../store/papers.js';

/**
 * Keeps `paper_authors` in step with the papers: follows the papers' change sequence from a
 * checkpoint (as src/enrich/repo-links-job.ts does) and sets the authors of every paper added or
 * changed since, so imports and ingestion stay as fast as they were. `serve` runs it every
 * minute; `paperboy authors rebuild` runs it from the start.
 */
export const AUTHOR_LINKS_CHECKPOINT = 'paper_authors:seq';
const BATCH = 1000;

/** The author entries of a paper's name list; names with no letters or digits are skipped. */
export function paperAuthorNames(names: readonly string[]): PaperAuthorName[] {
  return names.flatMap((name, position) => {
    const key = authorKey(name);
    return key ? [{ position, name, key, display: displayName(name), slugBase: slugBase(key) }] : [];
  });
}

export async function syncPaperAuthors(store: Store, options: { fromStart?: boolean; progress?: (papers: number) => void } = {}): Promise<{ papers: number; rows: number; created: number }> {
  const checkpoints = checkpointStore(store);
  let seq = options.fromStart ? 0 : Number((await checkpoints.get(AUTHOR_LINKS_CHECKPOINT)) ?? 0);
  const total = { papers: 0, rows: 0, created: 0 };
  for (;;) {
    const changes = await papersChangedSince(store, seq, BATCH);
    if (changes.length === 0) break;
    const r = await setPaperAuthors(store, changes.map(({ paper }) => ({ paperId: paper.id, authors: paperAuthorNames(paper.authors) })));
    total.papers += changes.length;
    total.rows += r.rows;
    total.created += r.created;
    seq = changes.at(-1)!.seq;
    await checkpoints.set(AUTHOR_LINKS_CHECKPOINT, String(seq));
    options.progress?.(total.papers);
    if (changes.length < BATCH) break;
  }
  return total;
}
