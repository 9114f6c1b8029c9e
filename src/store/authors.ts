import { sql, type Transaction } from 'kysely';
import { uniqueSlug } from '../domain/author-names.js';
import type { Store } from './database.js';
import type { Database } from './schema.js';

/** One author of one paper, as src/authors/author-links-job.ts derived it from the paper's list. */
export interface PaperAuthorName {
  position: number;
  /** The name as the paper writes it. */
  name: string;
  /** src/domain/author-names.ts: authorKey, displayName and slugBase of `name`. */
  key: string;
  display: string;
  slugBase: string;
}

export interface Author {
  id: number;
  slug: string;
  name: string;
  key: string;
  mergedInto: number | null;
}

/** Rows per `in (...)` list: far below either dialect's bound-parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Sets the authors of these papers in one transaction. A position whose name is unchanged keeps
 * its author (a moderator's merge or split stays); a new or changed name goes to the author of
 * its key (created when new, the merge target when merged); positions past the list go. Running
 * it again with the same names writes nothing. Returns the rows written and the authors created.
 */
export async function setPaperAuthors(store: Store, papers: readonly { paperId: string; authors: PaperAuthorName[] }[]): Promise<{ rows: number; created: number }> {
  if (papers.length === 0) return { rows: 0, created: 0 };
  return store.db.transaction().execute(async (trx) => {
    const existing = new Map<string, { position: number; name: string; author_id: number }>();
    for (const ids of chunks(papers.map((p) => p.paperId))) {
      const rows = await trx.selectFrom('paper_authors').select(['paper_id', 'position', 'name', 'author_id']).where('paper_id', 'in', ids).execute();
      for (const r of rows) existing.set(`${r.paper_id}\u0000${r.position}`, { position: r.position, name: r.name, author_id: Number(r.author_id) });
    }
    const changed = papers.flatMap((p) => p.authors.filter((a) => existing.get(`${p.paperId}\u0000${a.position}`)?.name !== a.name).map((a) => ({ paperId: p.paperId, ...a })));
    const byKey = await resolveAuthors(trx, changed);
    let rows = 0;
    for (const part of chunks(changed, 100)) {
      const values = part.map((a) => ({ paper_id: a.paperId, position: a.position, author_id: byKey.ids.get(a.key)!, name: a.name }));
      if (values.length === 0) continue;
      await trx.insertInto('paper_authors').values(values).onConflict((oc) => oc.columns(['paper_id', 'position']).doUpdateSet({ author_id: sql.ref('excluded.author_id'), name: sql.ref('excluded.name') })).execute();
      rows += values.length;
    }
    // Rows at positions the list no longer names (a shorter list, a name with no letters left).
    const kept = new Set(papers.flatMap((p) => p.authors.map((a) => `${p.paperId}\u0000${a.position}`)));
    for (const key of existing.keys()) {
      if (kept.has(key)) continue;
      const [paperId, position] = key.split('\u0000') as [string, string];
      await trx.deleteFrom('paper_authors').where('paper_id', '=', paperId).where('position', '=', Number(position)).execute();
      rows += 1;
    }
    return { rows, created: byKey.created };
  });
}

/** The author each key belongs to (following a merge), creating the missing ones with unique slugs. */
async function resolveAuthors(trx: Transaction<Database>, names: readonly PaperAuthorName[]): Promise<{ ids: Map<string, number>; created: number }> {
  const first = new Map<string, PaperAuthorName>();
  for (const n of names) if (!first.has(n.key)) first.set(n.key, n);
  const ids = new Map<string, number>();
  const keys = [...first.keys()];
  for (const part of chunks(keys)) {
    const rows = await trx.selectFrom('authors').select(['id', 'name_key', 'merged_into']).where('name_key', 'in', part).execute();
    for (const r of rows) ids.set(r.name_key, Number(r.merged_into ?? r.id));
  }
  const missing = keys.filter((k) => !ids.has(k)).map((k) => first.get(k)!);
  if (missing.length === 0) return { ids, created: 0 };
  const taken = new Set<string>();
  for (const part of chunks([...new Set(missing.map((m) => m.slugBase))])) {
    const rows = await trx.selectFrom('authors').select('slug').where('slug', 'in', part).execute();
    for (const r of rows) taken.add(r.slug);
  }
  const now = new Date().toISOString();
  const values = [];
  for (const m of missing) {
    if (taken.has(m.slugBase)) {
      // Rare: load the numbered slugs of this base once.
      const rows = await trx.selectFrom('authors').select('slug').where('slug', 'like', `${m.slugBase}-%`).execute();
      for (const r of rows) taken.add(r.slug);
    }
    const slug = uniqueSlug(m.slugBase, (s) => taken.has(s));
    taken.add(slug);
    values.push({ slug, name: m.display, name_key: m.key, merged_into: null, created_at: now });
  }
  for (const part of chunks(values, 200)) {
    const rows = await trx.insertInto('authors').values(part).returning(['id', 'name_key']).execute();
    for (const r of rows) ids.set(r.name_key, Number(r.id));
  }
  return { ids, created: values.length };
}

function toAuthor(r: { id: number; slug: string; name: string; name_key: string; merged_into: number | null }): Author {
  return { id: Number(r.id), slug: r.slug, name: r.name, key: r.name_key, mergedInto: r.merged_into === null ? null : Number(r.merged_into) };
}

export async function findAuthorBySlug(store: Store, slug: string): Promise<Author | undefined> {
  const r = await store.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? toAuthor(r) : undefined;
}

export async function findAuthorById(store: Store, id: number): Promise<Author | undefined> {
  const r = await store.db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAuthor(r) : undefined;
}

/** The author a slug names, following a merge (the one it became); undefined for an unknown slug. */
export async function resolveAuthorSlug(store: Store, slug: string): Promise<Author | undefined> {
  const author = await findAuthorBySlug(store, slug);
  if (!author || author.mergedInto === null) return author;
  return findAuthorById(store, author.mergedInto);
}

/** How many authors and author rows the store holds (`paperboy authors rebuild` prints it). */
export async function authorCounts(store: Store): Promise<{ authors: number; merged: number; paperAuthors: number }> {
  const a = await store.db.selectFrom('authors').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('merged_into').as('merged')]).executeTakeFirstOrThrow();
  const pa = await store.db.selectFrom('paper_authors').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { authors: Number(a.n), merged: Number(a.merged), paperAuthors: Number(pa.n) };
}

/** Visible papers of an author (newest feed day first), one page of ids, and the totals. */
export async function authorPaperIds(store: Store, authorId: number, page: { limit: number; offset: number }): Promise<string[]> {
  const rows = await store.db
    .selectFrom('paper_authors as pa')
    .innerJoin('papers as p', 'p.id', 'pa.paper_id')
    .leftJoin('paper_activity as a', 'a.paper_id', 'p.id')
    .select('p.id')
    .distinct()
    .select(sql<string>`coalesce(p.feed_date, substr(p.submitted_at, 1, 10), '')`.as('day'))
    .where('pa.author_id', '=', authorId)
    .where('a.hidden_at', 'is', null)
    .orderBy('day', 'desc')
    .orderBy('p.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => r.id);
}

/** An author's visible papers and the upvotes they received (imported baseline plus local votes). */
export async function authorTotals(store: Store, authorId: number): Promise<{ papers: number; upvotes: number }> {
  const r = await sql<{ papers: number; upvotes: number | null }>`
    select count(*) as papers, sum(p.upvotes_baseline + coalesce(a.votes, 0)) as upvotes
    from papers p left join paper_activity a on a.paper_id = p.id
    where a.hidden_at is null and p.id in (select pa.paper_id from paper_authors pa where pa.author_id = ${authorId})`.execute(store.db);
  return { papers: Number(r.rows[0]?.papers ?? 0), upvotes: Number(r.rows[0]?.upvotes ?? 0) };
}

/** The authors seen most often on an author's visible papers. */
export async function coAuthors(store: Store, authorId: number, limit: number): Promise<{ slug: string; name: string; papers: number }[]> {
  const r = await sql<{ slug: string; name: string; n: number }>`
    select au.slug, au.name, count(distinct pa.paper_id) as n
    from paper_authors me
      join paper_authors pa on pa.paper_id = me.paper_id and pa.author_id <> me.author_id
      join authors au on au.id = pa.author_id
      left join paper_activity a on a.paper_id = me.paper_id
    where me.author_id = ${authorId} and a.hidden_at is null
    group by au.id, au.slug, au.name order by n desc, au.name limit ${limit}`.execute(store.db);
  return r.rows.map((x) => ({ slug: x.slug, name: x.name, papers: Number(x.n) }));
}

/** The categories of an author's visible papers (cross-lists count), most first. */
export async function authorCategories(store: Store, authorId: number, limit: number): Promise<{ category: string; papers: number }[]> {
  const each = store.dialect === 'sqlite' ? sql`json_each(p.categories) as c` : sql`jsonb_array_elements_text(p.categories::jsonb) as c(value)`;
  const r = await sql<{ category: string; n: number }>`
    select c.value as category, count(*) as n
    from papers p left join paper_activity a on a.paper_id = p.id, ${each}
    where a.hidden_at is null and p.id in (select pa.paper_id from paper_authors pa where pa.author_id = ${authorId})
    group by c.value order by n desc, c.value limit ${limit}`.execute(store.db);
  return r.rows.map((x) => ({ category: x.category, papers: Number(x.n) }));
}

/** The authors of papers in paper order, with their slugs (the paper page's links). */
export async function paperAuthorLinks(store: Store, paperId: string): Promise<Map<number, { slug: string; name: string }>> {
  const rows = await store.db
    .selectFrom('paper_authors as pa')
    .innerJoin('authors as au', 'au.id', 'pa.author_id')
    .select(['pa.position', 'au.slug', 'au.name'])
    .where('pa.paper_id', '=', paperId)
    .execute();
  return new Map(rows.map((r) => [Number(r.position), { slug: r.slug, name: r.name }]));
}

/**
 * A card's first three authors' slugs, as columns of the card query (src/store/feed.ts): three
 * lookups by the paper_authors primary key, plain SQL in both dialects.
 */
const slugAt = (position: number) => sql<string | null>`(select au.slug from paper_authors pa join authors au on au.id = pa.author_id where pa.paper_id = p.id and pa.position = ${sql.lit(position)})`;
export const CARD_AUTHOR_SLUGS = [slugAt(0).as('author_slug_0'), slugAt(1).as('author_slug_1'), slugAt(2).as('author_slug_2')] as const;

/**
 * The authors whose folded name is one of `keys` (src/domain/author-additions.ts authorQueryKeys
 * makes them from a search query), not merged away, with how many papers name them, most first:
 * one query, an `in (...)` on the unique name_key index plus a count on paper_authors_author.
 */
export async function authorsNamed(store: Store, keys: readonly string[], limit: number): Promise<{ slug: string; name: string; papers: number }[]> {
  if (keys.length === 0) return [];
  const rows = await store.db
    .selectFrom('authors as au')
    .select(['au.slug', 'au.name', (eb) => eb.selectFrom('paper_authors as pa').select((c) => c.fn.countAll<number>().as('n')).whereRef('pa.author_id', '=', 'au.id').as('papers')])
    .where('au.name_key', 'in', keys)
    .where('au.merged_into', 'is', null)
    .orderBy('papers', 'desc')
    .orderBy('au.slug')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, papers: Number(r.papers ?? 0) }));
}
