import type { Transaction } from 'kysely';
import { slugBase, uniqueSlug } from '../domain/author-names.js';
import type { Author } from './authors.js';
import type { Store } from './database.js';
import type { Database } from './schema.js';

/** A moderator's log row (the public log, src/store/moderation.ts). */
function logIn(trx: Transaction<Database>, moderatorId: number, action: string, slug: string, reason: string, now: Date) {
  return trx.insertInto('moderation_log').values({ moderator_id: moderatorId, action, target_kind: 'author', target_id: slug, reason, created_at: now.toISOString() }).execute();
}

/**
 * Merges `from` into `into`: their papers become `into`'s, `from`'s page redirects there (so do
 * the pages of authors merged into `from` before), claims move unless the user claimed both.
 * New papers naming `from`'s key land on `into` (src/store/authors.ts follows `merged_into`).
 */
export async function mergeAuthors(store: Store, moderatorId: number, from: Author, into: Author, reason: string, now = new Date()): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('paper_authors').set({ author_id: into.id }).where('author_id', '=', from.id).execute();
    await trx.updateTable('authors').set({ merged_into: into.id }).where((eb) => eb.or([eb('id', '=', from.id), eb('merged_into', '=', from.id)])).execute();
    await trx.deleteFrom('author_claims').where('author_id', '=', from.id).where('user_id', 'in', trx.selectFrom('author_claims').select('user_id').where('author_id', '=', into.id)).execute();
    await trx.updateTable('author_claims').set({ author_id: into.id }).where('author_id', '=', from.id).execute();
    await logIn(trx, moderatorId, `merge author into ${into.slug}`, from.slug, reason, now);
  });
}

/**
 * Splits `author` off one paper: that paper's row goes to a new author with the same name, whose
 * key carries `#n` so new papers keep landing on the original. Returns the new author's slug;
 * undefined when the author is not on that paper.
 */
export async function splitAuthor(store: Store, moderatorId: number, author: Author, paperId: string, reason: string, now = new Date()): Promise<string | undefined> {
  return store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('paper_authors').select(['position', 'name']).where('paper_id', '=', paperId).where('author_id', '=', author.id).orderBy('position').executeTakeFirst();
    if (!row) return undefined;
    const splits = await trx.selectFrom('authors').select('name_key').where('name_key', 'like', `${author.key}#%`).execute();
    const key = `${author.key}#${splits.length + 1}`;
    const base = slugBase(author.key);
    const taken = new Set((await trx.selectFrom('authors').select('slug').where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)])).execute()).map((r) => r.slug));
    const slug = uniqueSlug(base, (s) => taken.has(s));
    const created = await trx.insertInto('authors').values({ slug, name: author.name, name_key: key, merged_into: null, created_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('paper_authors').set({ author_id: Number(created.id) }).where('paper_id', '=', paperId).where('position', '=', row.position).execute();
    await logIn(trx, moderatorId, `split author off paper ${paperId}`, slug, reason, now);
    return slug;
  });
}
