import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Users choose how they are named. `name` stays the handle (the /u/ path; existing handles are
 * kept so public links keep working, even those made from an address's local part, which
 * README flags); `display_name` is optional free text; `named_at` is when the user last saved
 * the two, null until then, so the first sign-in after this (for everyone) shows the welcome step.
 * Ban entries of the moderation log named the banned user by handle: they now hold the user's
 * id, so the public log shows the current handle and a renamed user's old one disappears with it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
  await db.schema.alterTable('users').addColumn('named_at', 'text').execute();
  await banEntriesByUserId(db);
}

/** Ban entries naming a user by handle now name them by id (entries whose handle matches no user stay). */
export async function banEntriesByUserId(db: Kysely<unknown>): Promise<void> {
  await sql`
    update moderation_log set target_id = (select cast(u.id as text) from users u where u.name = moderation_log.target_id)
    where target_kind = 'user' and exists (select 1 from users u where u.name = moderation_log.target_id)
  `.execute(db);
}
