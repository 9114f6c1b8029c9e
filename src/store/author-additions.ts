import { describeAdditionChanges, type AuthorAdditions } from '../domain/author-additions.js';
import type { Store } from './database.js';
import { shownName } from './users.js';

/** A paper's author additions as its page shows them: the links, the note, and who last changed them. */
export interface StoredAuthorAdditions extends AuthorAdditions {
  by: { id: number; name: string; displayName: string };
  updatedAt: string;
}

export async function findAuthorAdditions(store: Store, paperId: string): Promise<StoredAuthorAdditions | undefined> {
  const r = await store.db
    .selectFrom('paper_author_additions as x')
    .innerJoin('users as u', 'u.id', 'x.updated_by')
    .select(['x.code_url', 'x.project_url', 'x.note', 'x.updated_at', 'u.id', 'u.name', 'u.display_name'])
    .where('x.paper_id', '=', paperId)
    .executeTakeFirst();
  if (!r) return undefined;
  return { codeUrl: r.code_url, projectUrl: r.project_url, note: r.note, updatedAt: r.updated_at, by: { id: Number(r.id), name: r.name, displayName: shownName(r.name, r.display_name) } };
}

/**
 * Sets a paper's author additions as `userId` gave them (the caller checked they are a verified
 * author: src/web/pages/author-additions.ts), and logs what changed in the public moderation
 * log, in one transaction. All three empty removes the row. Returns what the log says; '' when
 * nothing changed (nothing is written then).
 */
export async function setAuthorAdditions(store: Store, userId: number, paperId: string, next: AuthorAdditions, now = new Date()): Promise<string> {
  return store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('paper_author_additions').select(['code_url', 'project_url', 'note']).where('paper_id', '=', paperId).executeTakeFirst();
    const before = row ? { codeUrl: row.code_url, projectUrl: row.project_url, note: row.note } : undefined;
    const changes = describeAdditionChanges(before, next);
    if (!changes) return '';
    if (next.codeUrl === null && next.projectUrl === null && next.note === null) {
      await trx.deleteFrom('paper_author_additions').where('paper_id', '=', paperId).execute();
    } else {
      const values = { code_url: next.codeUrl, project_url: next.projectUrl, note: next.note, updated_by: userId, updated_at: now.toISOString() };
      await trx.insertInto('paper_author_additions').values({ paper_id: paperId, ...values }).onConflict((oc) => oc.column('paper_id').doUpdateSet(values)).execute();
    }
    // The author is the "moderator" of their own paper's additions: the public log names them.
    await trx.insertInto('moderation_log').values({ moderator_id: userId, action: 'edit author additions', target_kind: 'paper', target_id: paperId, reason: changes, created_at: now.toISOString() }).execute();
    return changes;
  });
}
