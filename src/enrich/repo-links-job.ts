import { paperRepositories } from '../domain/paper-links.js';
import { checkpointStore } from '../store/checkpoints.js';
import type { Store } from '../store/database.js';
import { papersChangedSince } from '../store/papers.js';
import { setPaperRepos } from '../store/repos.js';

/**
 * Keeps `paper_repos` in step with the papers: follows the papers' change sequence from a
 * checkpoint and, for every paper added or changed since, finds the GitHub repositories its
 * stored link, abstract and comments name (src/domain/paper-links.ts) and replaces its rows.
 * Imports and ingestion stay as fast as they were; the code job runs this before fetching.
 */
export const REPO_LINKS_CHECKPOINT = 'paper_repos:seq';
const BATCH = 1000;

export async function syncPaperRepos(store: Store): Promise<{ papers: number; repos: number }> {
  const checkpoints = checkpointStore(store);
  let seq = Number((await checkpoints.get(REPO_LINKS_CHECKPOINT)) ?? 0);
  let papers = 0;
  let repos = 0;
  for (;;) {
    const changes = await papersChangedSince(store, seq, BATCH);
    if (changes.length === 0) break;
    const found = changes.map(({ paper }) => ({ paperId: paper.id, repos: paperRepositories(paper) }));
    await setPaperRepos(store, found);
    papers += changes.length;
    repos += found.reduce((n, f) => n + f.repos.length, 0);
    seq = changes.at(-1)!.seq;
    await checkpoints.set(REPO_LINKS_CHECKPOINT, String(seq));
    if (changes.length < BATCH) break;
  }
  return { papers, repos };
}
