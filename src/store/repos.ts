import { sql } from 'kysely';
import type { FoundRepo } from '../domain/paper-links.js';
import type { Store } from './database.js';

/**
 * Papers' code repositories and what GitHub says of them (migrations/20261207T0900-code-repos.ts):
 * the links found in each paper, the repositories due for a fetch, the fetches' results, one star
 * count per repository per day, and the star velocity ranking read from it.
 */

/** Papers whose repositories are replaced per statement batch (2 parameters each in the delete). */
const PAPERS_PER_BATCH = 250;

/** Replaces the repositories of these papers (an empty list removes a paper's), in one transaction. */
export async function setPaperRepos(store: Store, papers: readonly { paperId: string; repos: readonly FoundRepo[] }[]): Promise<void> {
  if (papers.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < papers.length; i += PAPERS_PER_BATCH) {
      const batch = papers.slice(i, i + PAPERS_PER_BATCH);
      await trx.deleteFrom('paper_repos').where('paper_id', 'in', batch.map((p) => p.paperId)).execute();
      const rows = batch.flatMap((p) => p.repos.map((r) => ({ paper_id: p.paperId, repo_key: r.key, url: r.url, source: r.source })));
      if (rows.length) await trx.insertInto('paper_repos').values(rows).execute();
    }
  });
}

export interface PaperRepo {
  key: string;
  url: string;
  source: string;
}

/** A paper's repositories, as found. */
export async function reposOfPaper(store: Store, paperId: string): Promise<PaperRepo[]> {
  const rows = await store.db.selectFrom('paper_repos').select(['repo_key', 'url', 'source']).where('paper_id', '=', paperId).orderBy('repo_key').execute();
  return rows.map((r) => ({ key: r.repo_key, url: r.url, source: r.source }));
}

/** A repository to fetch, with what the last fetch left (its ETag and stars) and its newest paper's day. */
export interface DueRepo {
  key: string;
  /** The repository's URL as a paper wrote it (owner and name spelled as there). */
  url: string;
  etag: string | null;
  stars: number | null;
  /** The newest feed day (else submission day) of the papers naming it: young papers' repositories are fetched more often. */
  newestPaperDay: string | null;
}

function dueQuery(store: Store) {
  return store.db
    .selectFrom('paper_repos as r')
    .innerJoin('papers as p', 'p.id', 'r.paper_id')
    .leftJoin('github_repos as g', 'g.repo_key', 'r.repo_key')
    .select([
      'r.repo_key', sql<string>`min(r.url)`.as('url'), 'g.etag', 'g.stars',
      sql<string | null>`max(coalesce(p.feed_date, substr(p.submitted_at, 1, 10)))`.as('newest_day'),
    ])
    .groupBy(['r.repo_key', 'g.etag', 'g.stars', 'g.next_fetch_at']);
}

function toDue(r: { repo_key: string; url: string; etag: string | null; stars: number | null; newest_day: string | null }): DueRepo {
  return { key: r.repo_key, url: r.url, etag: r.etag, stars: r.stars === null ? null : Number(r.stars), newestPaperDay: r.newest_day };
}

/** Repositories never fetched (first) or due again by `now`, at most `limit`. */
export async function reposDue(store: Store, now: Date, limit: number): Promise<DueRepo[]> {
  const rows = await dueQuery(store)
    .where((eb) => eb.or([eb('g.repo_key', 'is', null), eb('g.next_fetch_at', '<=', now.toISOString())]))
    .orderBy(sql`case when g.next_fetch_at is null then 0 else 1 end`)
    .orderBy('g.next_fetch_at')
    .orderBy('r.repo_key')
    .limit(limit)
    .execute();
  return rows.map(toDue);
}

/** Every repository of these papers, due or not (`paperboy enrich code --ids`). */
export async function reposOfPapers(store: Store, paperIds: readonly string[]): Promise<DueRepo[]> {
  if (paperIds.length === 0) return [];
  const rows = await dueQuery(store).where('r.paper_id', 'in', paperIds).orderBy('r.repo_key').execute();
  return rows.map(toDue);
}

/** What one fetch learned of a repository. `stars` null with status 'missing'. */
export interface RepoUpdate {
  key: string;
  fullName: string | null;
  stars: number | null;
  forks: number | null;
  license: string | null;
  pushedAt: string | null;
  archived: boolean;
  etag: string | null;
  status: 'ok' | 'missing' | 'renamed';
  renamedTo: string | null;
  fetchedAt: Date;
  nextFetchAt: Date;
}

/** Stores a fetch's result, and the day's star count when GitHub gave one. */
export async function saveRepo(store: Store, u: RepoUpdate): Promise<void> {
  const row = {
    full_name: u.fullName, stars: u.stars, forks: u.forks, license: u.license, pushed_at: u.pushedAt, archived: u.archived ? 1 : 0,
    etag: u.etag, status: u.status, renamed_to: u.renamedTo, fetched_at: u.fetchedAt.toISOString(), next_fetch_at: u.nextFetchAt.toISOString(),
  };
  await store.db.transaction().execute(async (trx) => {
    await trx.insertInto('github_repos').values({ repo_key: u.key, ...row }).onConflict((oc) => oc.column('repo_key').doUpdateSet(row)).execute();
    if (u.stars !== null) {
      const day = u.fetchedAt.toISOString().slice(0, 10);
      await trx.insertInto('repo_star_history').values({ repo_key: u.key, day, stars: u.stars }).onConflict((oc) => oc.columns(['repo_key', 'day']).doUpdateSet({ stars: u.stars! })).execute();
    }
  });
}

/** A 304: the repository is as it was; its fetch time, next fetch and today's star count are written. */
export async function touchRepo(store: Store, key: string, fetchedAt: Date, nextFetchAt: Date): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('github_repos').set({ fetched_at: fetchedAt.toISOString(), next_fetch_at: nextFetchAt.toISOString() }).where('repo_key', '=', key).execute();
    const row = await trx.selectFrom('github_repos').select('stars').where('repo_key', '=', key).executeTakeFirst();
    if (row?.stars == null) return;
    const stars = Number(row.stars);
    await trx.insertInto('repo_star_history').values({ repo_key: key, day: fetchedAt.toISOString().slice(0, 10), stars }).onConflict((oc) => oc.columns(['repo_key', 'day']).doUpdateSet({ stars })).execute();
  });
}

/** A stored repository as read back: what the last fetch learned, its times as stored (ISO 8601). */
export type GithubRepoRow = Omit<RepoUpdate, 'status' | 'fetchedAt' | 'nextFetchAt'> & { status: string; fetchedAt: string; nextFetchAt: string };

export async function githubRepo(store: Store, key: string): Promise<GithubRepoRow | null> {
  const r = await store.db.selectFrom('github_repos').selectAll().where('repo_key', '=', key).executeTakeFirst();
  if (!r) return null;
  return {
    key: r.repo_key, fullName: r.full_name, stars: r.stars === null ? null : Number(r.stars), forks: r.forks === null ? null : Number(r.forks), license: r.license,
    pushedAt: r.pushed_at, archived: Number(r.archived) === 1, etag: r.etag, status: r.status, renamedTo: r.renamed_to, fetchedAt: r.fetched_at, nextFetchAt: r.next_fetch_at,
  };
}

/** A repository's star counts by day, oldest first. */
export async function starHistory(store: Store, key: string): Promise<{ day: string; stars: number }[]> {
  const rows = await store.db.selectFrom('repo_star_history').select(['day', 'stars']).where('repo_key', '=', key).orderBy('day').execute();
  return rows.map((r) => ({ day: r.day, stars: Number(r.stars) }));
}

/** Days star velocity looks back. */
export const VELOCITY_DAYS = 7;

/**
 * A repository's star velocity as of `today`: its stars now minus its stars on the latest day on
 * or before `today - 7 days` that has a count; when none is that old, minus its first count (the
 * stars gained since Paperboy first saw it). SQL, as the ranking computes it.
 */
function velocitySql(weekAgo: string) {
  return sql<number>`g.stars - coalesce(
    (select h.stars from repo_star_history h where h.repo_key = g.repo_key and h.day <= ${weekAgo} order by h.day desc limit 1),
    (select h.stars from repo_star_history h where h.repo_key = g.repo_key order by h.day limit 1),
    g.stars)`;
}

export async function starVelocity(store: Store, key: string, today: string): Promise<number | null> {
  const row = await store.db.selectFrom('github_repos as g').select(velocitySql(weekAgoOf(today)).as('v')).where('g.repo_key', '=', key).where('g.stars', 'is not', null).executeTakeFirst();
  return row ? Number(row.v) : null;
}

function weekAgoOf(today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - VELOCITY_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Visible papers of feed days [from, to] ranked by their best repository's star velocity (the
 * largest among the repositories they name that GitHub still has), then by stars, then by id.
 * Papers whose repositories gained nothing are left out.
 */
export async function papersByStarVelocity(store: Store, range: { from: string; to: string; today: string; limit: number }): Promise<{ id: string; velocity: number; stars: number }[]> {
  const rows = await store.db
    .selectFrom('papers as p')
    .innerJoin('paper_repos as r', 'r.paper_id', 'p.id')
    .innerJoin('github_repos as g', 'g.repo_key', 'r.repo_key')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select(['p.id', sql<number>`max(${velocitySql(weekAgoOf(range.today))})`.as('velocity'), sql<number>`max(g.stars)`.as('stars')])
    .where('p.feed_date', '>=', range.from)
    .where('p.feed_date', '<=', range.to)
    .where('a.hidden_at', 'is', null)
    .where('g.status', '<>', 'missing')
    .where('g.stars', 'is not', null)
    .groupBy('p.id')
    .having(sql`max(${velocitySql(weekAgoOf(range.today))})`, '>', 0)
    .orderBy(sql`max(${velocitySql(weekAgoOf(range.today))})`, 'desc')
    .orderBy(sql`max(g.stars)`, 'desc')
    .orderBy('p.id')
    .limit(range.limit)
    .execute();
  return rows.map((r) => ({ id: r.id, velocity: Number(r.velocity), stars: Number(r.stars) }));
}

/** Repositories known, by status (the CLI's summary). */
export async function repoCounts(store: Store): Promise<{ linked: number; ok: number; missing: number; renamed: number; unfetched: number }> {
  const linked = await store.db.selectFrom('paper_repos').select(sql<number>`count(distinct repo_key)`.as('n')).executeTakeFirstOrThrow();
  const byStatus = await store.db.selectFrom('github_repos').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const unfetched = await store.db
    .selectFrom('paper_repos as r')
    .leftJoin('github_repos as g', 'g.repo_key', 'r.repo_key')
    .where('g.repo_key', 'is', null)
    .select(sql<number>`count(distinct r.repo_key)`.as('n'))
    .executeTakeFirstOrThrow();
  const of = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  return { linked: Number(linked.n), ok: of('ok'), missing: of('missing'), renamed: of('renamed'), unfetched: Number(unfetched.n) };
}

/** Stars of one repository, when GitHub has it and it was fetched. */
export async function repoStars(store: Store, key: string): Promise<number | null> {
  const row = await store.db.selectFrom('github_repos').select('stars').where('repo_key', '=', key).where('status', '<>', 'missing').executeTakeFirst();
  return row?.stars == null ? null : Number(row.stars);
}
