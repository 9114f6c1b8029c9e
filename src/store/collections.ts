import { sql, type Transaction } from 'kysely';
import { COLLECTION_LIMITS, collectionSlug, type Visibility } from '../domain/collection-rules.js';
import { InvalidInputError } from '../domain/errors.js';
import type { Store } from './database.js';
import { cardsByIds, type PaperCard } from './feed.js';
import type { Database } from './schema.js';
import { shownName } from './users.js';

/**
 * Collections: a user's named lists of papers, in the owner's order (positions 1..n, kept dense
 * by every write), each paper with an optional note. Every write to a collection's papers first
 * touches the collection's row inside its transaction, which serializes writers of one
 * collection on PostgreSQL (a row lock) as SQLite does anyway: two adds at once never take the
 * same position, and the limits are counted exactly. Text arrives cleaned (domain/collection-rules.ts).
 */
export interface Collection {
  id: number;
  ownerId: number;
  /** The owner's handle (the /u/ path) and the name shown for them. */
  ownerName: string;
  ownerShownName: string;
  title: string;
  slug: string;
  description: string;
  visibility: Visibility;
  createdAt: string;
  updatedAt: string;
  paperCount: number;
}

/** A paper in a collection, as its page shows it. */
export interface CollectionItem {
  card: PaperCard;
  position: number;
  note: string;
  addedAt: string;
}

/** A move: one place up or down, or to a place (1 is first; beyond the end is last). */
export type CollectionMove = 'up' | 'down' | number;

type Tx = Transaction<Database>;

function collectionsQuery(store: Store | Tx) {
  const db = 'db' in store ? store.db : store;
  return db
    .selectFrom('collections as c')
    .innerJoin('users as u', 'u.id', 'c.owner_user_id')
    .select(['c.id', 'c.owner_user_id', 'u.name', 'u.display_name', 'c.title', 'c.slug', 'c.description', 'c.visibility', 'c.created_at', 'c.updated_at'])
    .select(sql<number>`(select count(*) from collection_papers cp where cp.collection_id = c.id)`.as('paper_count'));
}

type CollectionRow = Awaited<ReturnType<ReturnType<typeof collectionsQuery>['execute']>>[number];

function toCollection(r: CollectionRow): Collection {
  return {
    id: r.id, ownerId: r.owner_user_id, ownerName: r.name, ownerShownName: shownName(r.name, r.display_name), title: r.title, slug: r.slug,
    description: r.description, visibility: r.visibility === 'private' ? 'private' : 'public', createdAt: r.created_at, updatedAt: r.updated_at, paperCount: Number(r.paper_count),
  };
}

export async function findCollection(store: Store, id: number): Promise<Collection | undefined> {
  const row = await collectionsQuery(store).where('c.id', '=', id).executeTakeFirst();
  return row ? toCollection(row) : undefined;
}

/** A user's collections, newest first; `includePrivate` for the owner only. */
export async function collectionsOfUser(store: Store, userId: number, opts: { includePrivate: boolean }): Promise<Collection[]> {
  let q = collectionsQuery(store).where('c.owner_user_id', '=', userId);
  if (!opts.includePrivate) q = q.where('c.visibility', '=', 'public');
  const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').execute();
  return rows.map(toCollection);
}

/** Public collections holding a paper, most papers first, at most `limit`, and how many there are. */
export async function publicCollectionsWithPaper(store: Store, paperId: string, limit: number): Promise<{ total: number; collections: Collection[] }> {
  const holding = store.db.selectFrom('collection_papers as cp').select('cp.collection_id').where('cp.paper_id', '=', paperId);
  const rows = await collectionsQuery(store).where('c.visibility', '=', 'public').where('c.id', 'in', holding).orderBy('paper_count', 'desc').orderBy('c.id').limit(limit).execute();
  const total = await store.db
    .selectFrom('collection_papers as cp')
    .innerJoin('collections as c', 'c.id', 'cp.collection_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cp.paper_id', '=', paperId)
    .where('c.visibility', '=', 'public')
    .executeTakeFirstOrThrow();
  return { total: Number(total.n), collections: rows.map(toCollection) };
}

/** The collection's papers in order, as cards (hidden papers are left out) with their notes. */
export async function collectionItems(store: Store, collectionId: number): Promise<CollectionItem[]> {
  const rows = await store.db.selectFrom('collection_papers').select(['paper_id', 'position', 'note', 'added_at']).where('collection_id', '=', collectionId).orderBy('position').execute();
  const cards = new Map((await cardsByIds(store, rows.map((r) => r.paper_id))).map((c) => [c.id, c]));
  return rows.flatMap((r) => {
    const card = cards.get(r.paper_id);
    return card ? [{ card, position: Number(r.position), note: r.note, addedAt: r.added_at }] : [];
  });
}

/** Which of the user's collections hold this paper (the add form marks them). */
export async function userCollectionsHolding(store: Store, userId: number, paperId: string): Promise<Set<number>> {
  const rows = await store.db
    .selectFrom('collection_papers as cp')
    .innerJoin('collections as c', 'c.id', 'cp.collection_id')
    .select('cp.collection_id')
    .where('c.owner_user_id', '=', userId)
    .where('cp.paper_id', '=', paperId)
    .execute();
  return new Set(rows.map((r) => r.collection_id));
}

/** A new collection; at most COLLECTION_LIMITS.perUser per user. */
export async function createCollection(store: Store, ownerId: number, fields: { title: string; description: string; visibility: Visibility }, now = new Date()): Promise<Collection> {
  const id = await store.db.transaction().execute(async (trx) => {
    // The owner's row, locked: two creates at once count each other.
    await trx.updateTable('users').set({ id: sql`id` }).where('id', '=', ownerId).execute();
    const count = await trx.selectFrom('collections').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_user_id', '=', ownerId).executeTakeFirstOrThrow();
    if (Number(count.n) >= COLLECTION_LIMITS.perUser) {
      throw new InvalidInputError(`you have ${COLLECTION_LIMITS.perUser} collections, the most one account can hold: delete one first`, 'too_many_collections');
    }
    const at = now.toISOString();
    const row = await trx
      .insertInto('collections')
      .values({ owner_user_id: ownerId, title: fields.title, slug: collectionSlug(fields.title), description: fields.description, visibility: fields.visibility, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return (await findCollection(store, id))!;
}

/** Renames, describes, or changes the visibility of a collection (only the fields given). */
export async function updateCollection(store: Store, id: number, fields: { title?: string; description?: string; visibility?: Visibility }, now = new Date()): Promise<Collection | undefined> {
  await store.db
    .updateTable('collections')
    .set({
      ...(fields.title !== undefined ? { title: fields.title, slug: collectionSlug(fields.title) } : {}),
      ...(fields.description !== undefined ? { description: fields.description } : {}),
      ...(fields.visibility !== undefined ? { visibility: fields.visibility } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
  return findCollection(store, id);
}

/** Deletes a collection and its list; true when there was one. */
export async function deleteCollection(store: Store, id: number): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('collection_papers').where('collection_id', '=', id).execute();
    const res = await trx.deleteFrom('collections').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  });
}

/** Locks the collection for this transaction's writes to its list; false when it is gone. */
async function lockCollection(trx: Tx, id: number, now: Date): Promise<boolean> {
  const res = await trx.updateTable('collections').set({ updated_at: now.toISOString() }).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

async function positionOf(trx: Tx, collectionId: number, paperId: string): Promise<number | undefined> {
  const row = await trx.selectFrom('collection_papers').select('position').where('collection_id', '=', collectionId).where('paper_id', '=', paperId).executeTakeFirst();
  return row ? Number(row.position) : undefined;
}

async function countPapers(trx: Tx, collectionId: number): Promise<number> {
  const row = await trx.selectFrom('collection_papers').select((eb) => eb.fn.countAll<number>().as('n')).where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Adds a paper at the end (with a note, when given). Idempotent: a paper already there stays
 * where it is, one row, its note unchanged unless a note is given. `added` says whether a row was added.
 */
export async function addPaperToCollection(store: Store, collectionId: number, paperId: string, opts: { note?: string; now?: Date } = {}): Promise<{ added: boolean }> {
  const now = opts.now ?? new Date();
  return store.db.transaction().execute(async (trx) => {
    if (!(await lockCollection(trx, collectionId, now))) throw new InvalidInputError('no such collection', 'not_found');
    if ((await positionOf(trx, collectionId, paperId)) !== undefined) {
      if (opts.note !== undefined) await trx.updateTable('collection_papers').set({ note: opts.note }).where('collection_id', '=', collectionId).where('paper_id', '=', paperId).execute();
      return { added: false };
    }
    const count = await countPapers(trx, collectionId);
    if (count >= COLLECTION_LIMITS.papers) throw new InvalidInputError(`this collection holds ${COLLECTION_LIMITS.papers.toLocaleString('en-US')} papers, the most one can: remove some or start another`, 'collection_full');
    await trx
      .insertInto('collection_papers')
      .values({ collection_id: collectionId, paper_id: paperId, position: count + 1, note: opts.note ?? '', added_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['collection_id', 'paper_id']).doNothing())
      .execute();
    return { added: true };
  });
}

/** Removes a paper; the papers after it move up one place. True when it was there. */
export async function removePaperFromCollection(store: Store, collectionId: number, paperId: string, now = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await lockCollection(trx, collectionId, now))) return false;
    const at = await positionOf(trx, collectionId, paperId);
    if (at === undefined) return false;
    await trx.deleteFrom('collection_papers').where('collection_id', '=', collectionId).where('paper_id', '=', paperId).execute();
    await trx.updateTable('collection_papers').set({ position: sql`position - 1` }).where('collection_id', '=', collectionId).where('position', '>', at).execute();
    return true;
  });
}

/** Sets a paper's note ('' clears it). True when the paper is in the collection. */
export async function setCollectionNote(store: Store, collectionId: number, paperId: string, note: string, now = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await lockCollection(trx, collectionId, now))) return false;
    const res = await trx.updateTable('collection_papers').set({ note }).where('collection_id', '=', collectionId).where('paper_id', '=', paperId).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  });
}

/** Moves a paper up, down, or to a place (clamped to 1..n); the others shift so places stay 1..n. False when the paper is not there. */
export async function movePaperInCollection(store: Store, collectionId: number, paperId: string, move: CollectionMove, now = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await lockCollection(trx, collectionId, now))) return false;
    const from = await positionOf(trx, collectionId, paperId);
    if (from === undefined) return false;
    const n = await countPapers(trx, collectionId);
    const wanted = move === 'up' ? from - 1 : move === 'down' ? from + 1 : Math.trunc(move);
    const to = Math.min(Math.max(wanted, 1), n);
    if (to === from) return true;
    const others = trx.updateTable('collection_papers').where('collection_id', '=', collectionId).where('paper_id', '<>', paperId);
    if (to < from) await others.set({ position: sql`position + 1` }).where('position', '>=', to).where('position', '<', from).execute();
    else await others.set({ position: sql`position - 1` }).where('position', '>', from).where('position', '<=', to).execute();
    await trx.updateTable('collection_papers').set({ position: to }).where('collection_id', '=', collectionId).where('paper_id', '=', paperId).execute();
    return true;
  });
}

/** Rows per reorder statement: 1,000 bound parameters, far under SQLite's 32,766 and PostgreSQL's 65,535. */
const REORDER_CHUNK = 500;

/**
 * Puts a collection's papers in the order given, which must name each of its papers exactly
 * once: 'ok', 'not-permutation' (nothing changed), or 'gone'. Checked inside the transaction
 * that holds the collection's lock, so a paper added meanwhile makes the list wrong, not lost.
 */
export async function reorderCollection(store: Store, collectionId: number, paperIds: readonly string[], now = new Date()): Promise<'ok' | 'not-permutation' | 'gone'> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await lockCollection(trx, collectionId, now))) return 'gone';
    const current = await trx.selectFrom('collection_papers').select(['paper_id', 'position']).where('collection_id', '=', collectionId).execute();
    const have = new Map(current.map((r) => [r.paper_id, Number(r.position)]));
    if (paperIds.length !== have.size || new Set(paperIds).size !== paperIds.length || !paperIds.every((id) => have.has(id))) return 'not-permutation';
    // Positions have no unique index, so rows take their new places directly, one UPDATE … CASE per
    // 500 moved rows (one UPDATE per row took 2.5 s for 2,000 on PostgreSQL: round trips under the lock).
    const moved = paperIds.flatMap((id, i) => (have.get(id) === i + 1 ? [] : [{ id, position: i + 1 }]));
    for (let at = 0; at < moved.length; at += REORDER_CHUNK) {
      const chunk = moved.slice(at, at + REORDER_CHUNK);
      // Positions are our own loop's integers, written as literals so PostgreSQL types the CASE as integer.
      const position = sql<number>`case paper_id ${sql.join(chunk.map((m) => sql`when ${m.id} then ${sql.lit(m.position)}`), sql` `)} end`;
      await trx.updateTable('collection_papers').set({ position }).where('collection_id', '=', collectionId).where('paper_id', 'in', chunk.map((m) => m.id)).execute();
    }
    return 'ok';
  });
}
