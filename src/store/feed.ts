import { type Expression, sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';
import { enteredFeedAt, rankTrending } from '../domain/ranking.js';
import { TEASER_CHARS, teaserOf } from '../domain/teaser.js';
import { shownName } from './users.js';
import { mediaFileName } from '../media/media-key.js';
import { parseKeywords } from './summaries.js';
import { CARD_AUTHOR_SLUGS } from './authors.js';
import type { OrgBadge } from './orgs.js';

/** What a list of papers shows of each: the card on the feed, trending, profiles. */
export interface PaperCard {
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  primaryCategory: string | null;
  categories: string[];
  githubUrl: string | null;
  projectUrl: string | null;
  /** The imported baseline plus local votes. */
  upvotes: number;
  comments: number;
  /** The submitter's handle (the /u/ path). */
  submittedBy: string | null;
  /** The submitter's display name, else the handle. */
  submitterName: string | null;
  feedDate: string | null;
  dailyAt: string | null;
  submittedAt: string | null;
  /** The paper's one-sentence summary when one was made (src/enrich/summaries/), else the first sentences of the abstract, about two card lines (src/domain/teaser.ts). */
  teaser: string | null;
  /** The one-sentence summary, null until one is made. */
  summary?: string | null;
  /** Its keyphrases (empty until made). */
  keywords?: string[];
  /** The key of the first-page thumbnail (src/web/views/thumbnail.tsx), null until one is made. */
  thumbnail: string | null;
  /** The submitter's image or video (src/media/media-key.ts: `key` is its /media/ file name), shown instead of the thumbnail. */
  media: { kind: 'image' | 'video'; key: string } | null;
  /** Stars of the paper's best repository (its most starred one GitHub still has), null until one is fetched (src/store/repos.ts). */
  githubStars: number | null;
  /** The /authors/ slugs of the first authors by position (src/store/authors.ts), null for a name without one. */
  authorSlugs?: (string | null)[];
  /** The org it was submitted under (src/store/orgs.ts), null when none or hidden. */
  org?: OrgBadge | null;
}

type CardQuery = SelectQueryBuilder<Database & { p: Database['papers']; a: Database['paper_activity']; u: Database['users']; t: Database['paper_thumbnails']; m: Database['paper_media']; s: Database['paper_summaries']; po: Database['paper_orgs']; o: Database['orgs'] }, 'p' | 'a' | 'u' | 't' | 'm' | 's' | 'po' | 'o', object>;

const UPVOTES = sql<number>`p.upvotes_baseline + coalesce(a.votes, 0)`;
/**
 * A card's code link: its most starred repository GitHub still has (under its new name when
 * renamed), else the stored link, else the link its verified authors gave (src/store/author-additions.ts),
 * else the first repository its text names (not fetched yet).
 */
const BEST_REPO_URL = sql<string | null>`coalesce(
  (select case when g.status = 'renamed' then 'https://github.com/' || g.full_name else r.url end
    from paper_repos r join github_repos g on g.repo_key = r.repo_key
    where r.paper_id = p.id and g.status <> 'missing' and g.stars is not null order by g.stars desc, r.repo_key limit 1),
  p.github_url,
  (select x.code_url from paper_author_additions x where x.paper_id = p.id),
  (select min(r.url) from paper_repos r where r.paper_id = p.id))`;
/** Characters of the abstract a card reads: room for TEASER_CHARS and the sentence end after it. */
const ABSTRACT_HEAD = TEASER_CHARS + 200;

function cards(store: Store) {
  return store.db
    .selectFrom('papers as p')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .leftJoin('users as u', 'u.id', 'a.submitted_by')
    .leftJoin('paper_thumbnails as t', 't.paper_id', 'p.id')
    .leftJoin('paper_media as m', 'm.paper_id', 'p.id')
    .leftJoin('paper_summaries as s', 's.paper_id', 'p.id')
    .leftJoin('paper_orgs as po', 'po.paper_id', 'p.id')
    .leftJoin('orgs as o', (j) => j.onRef('o.id', '=', 'po.org_id').on('o.hidden_at', 'is', null))
    .where('a.hidden_at', 'is', null) as unknown as CardQuery;
}

function selectCard(q: CardQuery) {
  return q.select([
    'p.id', 'p.version', 'p.title', 'p.authors', 'p.primary_category', 'p.categories', BEST_REPO_URL.as('github_url'), 'p.project_url',
    'p.feed_date', 'p.daily_at', 'p.submitted_at', 'u.name as submitter', 'u.display_name as submitter_display', UPVOTES.as('upvotes'), sql<number>`coalesce(a.comments, 0)`.as('comment_count'),
    // Enough of the abstract for a teaser, not all of it: a list page reads 50 to 2,000 cards.
    sql<string | null>`substr(p.abstract, 1, ${ABSTRACT_HEAD})`.as('abstract_head'),
    // A failed thumbnail has no hash: the card shows the placeholder.
    't.hash as thumbnail',
    'm.kind as media_kind', 'm.hash as media_hash', 'm.content_type as media_type',
    // The best repository's stars: the paper_repos primary key and github_repos' reach the few rows.
    sql<number | null>`(select max(g.stars) from paper_repos r join github_repos g on g.repo_key = r.repo_key where r.paper_id = p.id and g.status <> 'missing')`.as('github_stars'),
    's.summary', 's.keywords',
    ...CARD_AUTHOR_SLUGS,
    'o.id as org_id', 'o.slug as org_slug', 'o.name as org_name', 'o.avatar_hash as org_avatar',
  ]);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof selectCard>['execute']>>[number];

function toCard(r: CardRow): PaperCard {
  return {
    id: r.id, version: r.version, title: r.title, authors: JSON.parse(r.authors) as string[], primaryCategory: r.primary_category,
    categories: JSON.parse(r.categories) as string[], githubUrl: r.github_url, projectUrl: r.project_url, upvotes: Number(r.upvotes),
    comments: Number(r.comment_count), submittedBy: r.submitter ?? null,
    submitterName: r.submitter ? shownName(r.submitter, r.submitter_display) : null, feedDate: r.feed_date, dailyAt: r.daily_at, submittedAt: r.submitted_at,
    media: r.media_hash && r.media_type ? { kind: r.media_kind === 'video' ? 'video' : 'image', key: mediaFileName(r.id, r.media_hash, r.media_type) } : null,
    teaser: r.summary || teaserOf(r.abstract_head), summary: r.summary || null, keywords: parseKeywords(r.keywords), thumbnail: r.thumbnail, githubStars: r.github_stars === null ? null : Number(r.github_stars),
    authorSlugs: [r.author_slug_0, r.author_slug_1, r.author_slug_2],
    org: r.org_id != null && r.org_slug && r.org_name ? { id: Number(r.org_id), slug: r.org_slug, name: r.org_name, avatarHash: r.org_avatar ?? null } : null,
  };
}

/**
 * Visible papers whose feed day is in [from, to] (and that list `category`, when given), most
 * upvoted first, then the latest to join the feed, then by id so pages never shuffle. Reads the
 * (feed_date, id) index; a day holds a few hundred to a few thousand papers, so the sort is over
 * that range only.
 */
export async function papersOnDays(store: Store, range: { from: string; to: string; category?: string; hasCode?: boolean; where?: Expression<SqlBool>; limit: number; offset: number }): Promise<{ cards: PaperCard[]; total: number }> {
  let base = cards(store).where('p.feed_date', '>=', range.from).where('p.feed_date', '<=', range.to);
  if (range.category) base = base.where(listsCategory(store, range.category), '>', 0);
  // `where`: a condition on `p` (papers) of the caller's, e.g. what a user follows (src/store/follows.ts).
  if (range.where) base = base.where(range.where);
  if (range.hasCode) base = base.where(HAS_CODE);
  const rows = await selectCard(base)
    .orderBy(UPVOTES, 'desc')
    .orderBy(sql`coalesce(p.daily_at, p.submitted_at)`, 'desc')
    .orderBy('p.id')
    .limit(range.limit)
    .offset(range.offset)
    .execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { cards: rows.map(toCard), total: Number((total as { n: number }).n) };
}

/** A paper with code: a stored repository link, a repository its text names (paper_repos), or a code link its authors gave. */
const HAS_CODE = sql<boolean>`(p.github_url is not null or exists (select 1 from paper_repos r where r.paper_id = p.id) or exists (select 1 from paper_author_additions x where x.paper_id = p.id and x.code_url is not null))`;

/** Where `category` is among a paper's categories (exactly, case and all); 0 when it is not. */
export function listsCategory(store: Store, category: string) {
  // Categories are a JSON array of strings: `"cs.CL"` with its quotes matches that one entry only.
  const needle = JSON.stringify(category);
  return store.dialect === 'sqlite' ? sql<number>`instr(p.categories, ${needle})` : sql<number>`strpos(p.categories, ${needle})`;
}

/** How many visible papers of feed days [from, to] list each category (cross-lists count), most first. */
export async function categoryCounts(store: Store, from: string, to: string): Promise<{ category: string; papers: number }[]> {
  const each = store.dialect === 'sqlite' ? sql`json_each(p.categories) as c` : sql`jsonb_array_elements_text(p.categories::jsonb) as c(value)`;
  const rows = await sql<{ category: string; n: number }>`
    select c.value as category, count(*) as n
    from papers as p left join paper_activity as a on a.paper_id = p.id, ${each}
    where p.feed_date >= ${from} and p.feed_date <= ${to} and a.hidden_at is null
    group by c.value order by n desc, c.value`.execute(store.db);
  return rows.rows.map((r) => ({ category: r.category, papers: Number(r.n) }));
}

/**
 * The visible papers of feed days [from, to] as trending ranks them (rankTrending), among the
 * `cap` most upvoted: cards `offset` to `offset + take`, and how many were ranked. The ranking
 * reads light rows (votes, comments, when the paper entered the feed); only the papers shown are
 * read as cards: 2,000 cards with their code links cost ~120 ms on PostgreSQL at 1M papers, the
 * light rows ~30 ms.
 */
export async function trendingPapers(store: Store, range: { from: string; to: string; cap: number; offset: number; take: number }, now: Date): Promise<{ cards: PaperCard[]; ranked: number }> {
  const rows = await store.db
    .selectFrom('papers as p')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .where('a.hidden_at', 'is', null)
    .where('p.feed_date', '>=', range.from)
    .where('p.feed_date', '<=', range.to)
    .select(['p.id', UPVOTES.as('upvotes'), sql<number>`coalesce(a.comments, 0)`.as('comments'), 'p.daily_at', 'p.feed_date', 'p.submitted_at'])
    .orderBy(UPVOTES, 'desc')
    .limit(range.cap)
    .execute();
  const ranked = rankTrending(
    rows.map((r) => ({ id: r.id, upvotes: Number(r.upvotes), comments: Number(r.comments), enteredAt: enteredFeedAt({ dailyAt: r.daily_at, feedDate: r.feed_date, submittedAt: r.submitted_at }) })),
    now,
  );
  const cards = await cardsByIds(store, ranked.slice(range.offset, range.offset + range.take).map((r) => r.id));
  return { cards, ranked: ranked.length };
}

/**
 * The latest visible papers listing `category` (exactly, case and all) among their categories,
 * with a feed day in [from, to], newest day first, then by id descending: the order of the
 * (feed_date, id) index read backwards, so the walk stops at the `limit`-th match and `from`
 * bounds it for a category no recent paper has.
 */
export async function latestPapersInCategory(store: Store, category: string, range: { from: string; to: string; limit: number }): Promise<PaperCard[]> {
  const rows = await selectCard(cards(store).where('p.feed_date', '>=', range.from).where('p.feed_date', '<=', range.to).where(listsCategory(store, category), '>', 0))
    .orderBy('p.feed_date', 'desc')
    .orderBy('p.id', 'desc')
    .limit(range.limit)
    .execute();
  return rows.map(toCard);
}

/** The latest feed day on or before `today` that has papers (listing `category`, when given). */
export async function latestFeedDay(store: Store, today: string, category?: string): Promise<string | null> {
  const days = store.db.selectFrom('papers as p');
  const row = await (category ? days.where(listsCategory(store, category), '>', 0) : days).select((eb) => eb.fn.max('p.feed_date').as('d')).where('p.feed_date', '<=', today).executeTakeFirst();
  return row?.d ?? null;
}

/** The nearest days with papers (listing `category`, when given) before `from` and after `to` (not after `today`). */
export async function neighbourDays(store: Store, from: string, to: string, today: string, category?: string): Promise<{ prev: string | null; next: string | null }> {
  const days = store.db.selectFrom('papers as p');
  const inCategory = category ? days.where(listsCategory(store, category), '>', 0) : days;
  const prev = await inCategory.select((eb) => eb.fn.max('p.feed_date').as('d')).where('p.feed_date', '<', from).executeTakeFirst();
  const next = await inCategory.select((eb) => eb.fn.min('p.feed_date').as('d')).where('p.feed_date', '>', to).where('p.feed_date', '<=', today).executeTakeFirst();
  return { prev: prev?.d ?? null, next: next?.d ?? null };
}

export async function cardsByIds(store: Store, ids: readonly string[]): Promise<PaperCard[]> {
  if (ids.length === 0) return [];
  const rows = await selectCard(cards(store).where('p.id', 'in', ids)).execute();
  const byId = new Map(rows.map((r) => [r.id, toCard(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Which of these papers have code (a stored code link, a repository found in their text, or their authors' code link): search's has-code filter. */
export async function idsWithCode(store: Store, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await store.db.selectFrom('papers as p').select('p.id').where('p.id', 'in', ids).where(HAS_CODE).execute();
  return new Set(rows.map((r) => r.id));
}

/** Upvotes (baseline plus local votes) of visible papers by id; hidden and unknown ids are absent. */
export async function upvotesByIds(store: Store, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await cards(store).where('p.id', 'in', ids).select(['p.id', UPVOTES.as('upvotes')]).execute();
  return new Map(rows.map((r) => [r.id, Number(r.upvotes)]));
}

/** Papers a user upvoted, latest vote first. */
export async function papersVotedBy(store: Store, userId: number, limit: number): Promise<PaperCard[]> {
  const ids = await store.db.selectFrom('votes').select('paper_id').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
  return cardsByIds(store, ids.map((r) => r.paper_id));
}

/** Papers a user submitted, latest first. */
export async function papersSubmittedBy(store: Store, userId: number, limit: number): Promise<PaperCard[]> {
  const ids = await store.db.selectFrom('paper_activity').select('paper_id').where('submitted_by', '=', userId).orderBy('submitted_at', 'desc').limit(limit).execute();
  return cardsByIds(store, ids.map((r) => r.paper_id));
}

/** A paper's community state: counts, submitter, hidden. */
export async function paperActivity(store: Store, paperId: string): Promise<{ votes: number; comments: number; submittedBy: string | null; submitterName: string | null; submittedAt: string | null; hiddenAt: string | null }> {
  const row = await store.db
    .selectFrom('paper_activity as a')
    .leftJoin('users as u', 'u.id', 'a.submitted_by')
    .select(['a.votes', 'a.comments', 'u.name', 'u.display_name', 'a.submitted_at', 'a.hidden_at'])
    .where('a.paper_id', '=', paperId)
    .executeTakeFirst();
  return { votes: Number(row?.votes ?? 0), comments: Number(row?.comments ?? 0), submittedBy: row?.name ?? null, submitterName: row?.name ? shownName(row.name, row.display_name) : null, submittedAt: row?.submitted_at ?? null, hiddenAt: row?.hidden_at ?? null };
}

export interface DigestCandidate {
  id: string;
  title: string;
  abstract: string | null;
  authors: string[];
  categories: string[];
  githubUrl: string | null;
  upvotes: number;
  /** The one-sentence summary, when made: the digest's blurb. */
  summary: string | null;
}

/**
 * A digest period's visible papers, ranked as the feed ranks them (upvotes, then the latest to
 * join), at most `limit`: every subscriber's digest is picked from this one list.
 */
export async function papersForDigest(store: Store, from: string, to: string, limit: number): Promise<DigestCandidate[]> {
  const rows = await cards(store)
    .where('p.feed_date', '>=', from)
    .where('p.feed_date', '<=', to)
    .select(['p.id', 'p.title', 'p.abstract', 'p.authors', 'p.categories', 'p.github_url', UPVOTES.as('upvotes'), 's.summary'])
    .orderBy(UPVOTES, 'desc')
    .orderBy(sql`coalesce(p.daily_at, p.submitted_at)`, 'desc')
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows.map(toCandidate);
}

function toCandidate(r: { id: string; title: string; abstract: string | null; authors: string; categories: string; github_url: string | null; upvotes: number; summary: string | null }): DigestCandidate {
  return { id: r.id, title: r.title, abstract: r.abstract, authors: JSON.parse(r.authors) as string[], categories: JSON.parse(r.categories) as string[], githubUrl: r.github_url, upvotes: Number(r.upvotes), summary: r.summary || null };
}

/** The same papers by id, in the given order (a queued digest's content at send time). */
export async function digestPapersByIds(store: Store, ids: readonly string[]): Promise<DigestCandidate[]> {
  if (ids.length === 0) return [];
  const rows = await cards(store)
    .where('p.id', 'in', ids)
    .select(['p.id', 'p.title', 'p.abstract', 'p.authors', 'p.categories', 'p.github_url', UPVOTES.as('upvotes'), 's.summary'])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toCandidate(r)] : [];
  });
}

/** Abstracts of these papers in one query (search result excerpts). */
export async function abstractsByIds(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db.selectFrom('papers').select(['id', 'abstract']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.abstract ?? '']));
}
