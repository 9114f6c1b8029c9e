import { checkpointStore } from '../store/checkpoints.js';
import type { Store } from '../store/database.js';
import { type DueRepo, reposDue, reposOfPapers, saveRepo, touchRepo } from '../store/repos.js';
import { GithubClient, GithubError, GRAPHQL_BATCH, RateLimitedError, type RepoFetch } from './github-client.js';
import { nextFetchAt } from './refresh-policy.js';
import { syncPaperRepos } from './repo-links-job.js';

/**
 * The code job: brings `paper_repos` up to date with the papers (src/enrich/repo-links-job.ts),
 * then asks GitHub about the repositories due (never fetched first, then by next_fetch_at) and
 * stores stars, forks, license, last push, archived, renames and deletions, plus the day's star
 * count. With a token, 50 repositories a GraphQL request; without, REST one at a time with ETags.
 * When GitHub says to wait (a rate limit), the job stores the time and does nothing until then,
 * in this process and any other: the pause is a checkpoint in the store.
 */
export interface CodeJobDeps {
  store: Store;
  client: GithubClient;
  /** GITHUB: false asks GitHub nothing. */
  enabled: boolean;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface CodeRun {
  /** Exactly these papers' repositories, due or not. */
  ids?: readonly string[];
  /** Most repositories asked about in this run. */
  limit?: number;
}

export interface CodeRunResult {
  /** Papers whose repository links were (re)read. */
  papersLinked: number;
  fetched: number;
  notModified: number;
  missing: number;
  renamed: number;
  failed: number;
  /** HTTP requests sent to GitHub. */
  requests: number;
  /** Set when GitHub asked to wait: nothing is asked before this time. */
  pausedUntil: Date | null;
  disabled: boolean;
}

export const PAUSE_CHECKPOINT = 'github:paused_until';
/** Repositories a scheduled run asks about: with a token, 10 GraphQL requests; without, a share of the 60 an hour. */
export const RUN_LIMIT_TOKEN = 500;
export const RUN_LIMIT_ANONYMOUS = 20;
/** A server error or a network failure: the job waits this long before asking again. */
const ERROR_PAUSE_MS = 5 * 60_000;

export async function runCodeJob(deps: CodeJobDeps, run: CodeRun = {}): Promise<CodeRunResult> {
  const result: CodeRunResult = { papersLinked: 0, fetched: 0, notModified: 0, missing: 0, renamed: 0, failed: 0, requests: 0, pausedUntil: null, disabled: !deps.enabled };
  if (!deps.enabled) return result;
  const now = deps.now ?? (() => new Date());
  const { store, client } = deps;
  result.papersLinked = (await syncPaperRepos(store)).papers;
  const checkpoints = checkpointStore(store);
  const paused = await checkpoints.get(PAUSE_CHECKPOINT);
  if (paused && Date.parse(paused) > now().getTime()) {
    result.pausedUntil = new Date(paused);
    return result;
  }
  const limit = run.limit ?? (client.batched ? RUN_LIMIT_TOKEN : RUN_LIMIT_ANONYMOUS);
  const due = run.ids ? (await reposOfPapers(store, run.ids)).slice(0, limit) : await reposDue(store, now(), limit);
  const requestsBefore = client.requests;
  try {
    if (client.batched) {
      for (let i = 0; i < due.length; i += GRAPHQL_BATCH) {
        const batch = due.slice(i, i + GRAPHQL_BATCH);
        const answers = await client.getRepos(batch.map(ownerAndName));
        for (const [j, answer] of answers.entries()) await record(deps, batch[j]!, answer, result, now());
      }
    } else {
      for (const repo of due) {
        const { owner, name } = ownerAndName(repo);
        let answer: RepoFetch;
        try {
          answer = await client.getRepo(owner, name, repo.etag);
        } catch (err) {
          // One repository's odd answer (a 403 that is not a limit, a 5xx) fails it alone; the network failing stops the run.
          if (!(err instanceof GithubError) || err.network) throw err;
          result.failed++;
          deps.log?.(`github ${repo.key}: ${err.message}`);
          continue;
        }
        await record(deps, repo, answer, result, now());
      }
    }
  } catch (err) {
    const until = err instanceof RateLimitedError ? err.until : new Date(now().getTime() + ERROR_PAUSE_MS);
    if (!(err instanceof RateLimitedError) && !(err instanceof GithubError)) throw err;
    result.pausedUntil = until;
    await checkpoints.set(PAUSE_CHECKPOINT, until.toISOString());
    deps.log?.(`github: ${err.message}; paused until ${until.toISOString()}`);
  }
  result.requests = client.requests - requestsBefore;
  return result;
}

/** `https://github.com/Owner/Name` -> { owner, name }, spelled as the paper wrote them. */
function ownerAndName(repo: DueRepo): { owner: string; name: string } {
  const [owner = '', name = ''] = repo.url.replace(/^https:\/\/github\.com\//, '').split('/');
  return { owner, name };
}

async function record(deps: CodeJobDeps, repo: DueRepo, answer: RepoFetch, result: CodeRunResult, now: Date): Promise<void> {
  if (answer.kind === 'not-modified') {
    result.notModified++;
    await touchRepo(deps.store, repo.key, now, nextFetchAt(now, { missing: false, stars: repo.stars, newestPaperDay: repo.newestPaperDay }));
    return;
  }
  if (answer.kind === 'missing') {
    result.missing++;
    await saveRepo(deps.store, {
      key: repo.key, fullName: null, stars: null, forks: null, license: null, pushedAt: null, archived: false, etag: null,
      status: 'missing', renamedTo: null, fetchedAt: now, nextFetchAt: nextFetchAt(now, { missing: true, stars: null, newestPaperDay: repo.newestPaperDay }),
    });
    return;
  }
  const { repo: info } = answer;
  const newKey = info.fullName.toLowerCase();
  const renamed = newKey !== repo.key;
  if (renamed) result.renamed++;
  else result.fetched++;
  await saveRepo(deps.store, {
    key: repo.key, fullName: info.fullName, stars: info.stars, forks: info.forks, license: info.license, pushedAt: info.pushedAt, archived: info.archived,
    etag: answer.etag, status: renamed ? 'renamed' : 'ok', renamedTo: renamed ? newKey : null, fetchedAt: now,
    nextFetchAt: nextFetchAt(now, { missing: false, stars: info.stars, newestPaperDay: repo.newestPaperDay }),
  });
}
