import type { Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';
import { shownName } from './users.js';

/** Organizations, their members, invitations and the papers submitted under them (migrations/20261208T0900-orgs.ts). */

export type OrgRole = 'admin' | 'member';

export interface Org {
  id: number;
  slug: string;
  name: string;
  website: string | null;
  /** Short hash of the avatar (its URL's part), null when none. */
  avatarHash: string | null;
  createdAt: string;
  hiddenAt: string | null;
}

/** What a card, a paper page or a profile shows of an org: its name, its link and its avatar. */
export interface OrgBadge {
  id: number;
  slug: string;
  name: string;
  avatarHash: string | null;
}

export interface OrgMember {
  userId: number;
  handle: string;
  name: string;
  role: OrgRole;
  joinedAt: string;
}

const ORG_COLUMNS = ['id', 'slug', 'name', 'website', 'avatar_hash', 'created_at', 'hidden_at'] as const;

function toOrg(r: { id: number; slug: string; name: string; website: string | null; avatar_hash: string | null; created_at: string; hidden_at: string | null }): Org {
  return { id: Number(r.id), slug: r.slug, name: r.name, website: r.website, avatarHash: r.avatar_hash, createdAt: r.created_at, hiddenAt: r.hidden_at };
}

/** Creates an org with its creator as its first admin; 'taken' when the slug is. */
export async function createOrg(store: Store, o: { slug: string; name: string; website: string | null; userId: number; now: Date }): Promise<Org | 'taken'> {
  const stamp = o.now.toISOString();
  try {
    return await store.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('orgs').values({ slug: o.slug, name: o.name, website: o.website, avatar: null, avatar_type: null, avatar_hash: null, created_by: o.userId, created_at: stamp, hidden_at: null }).returning(ORG_COLUMNS).executeTakeFirstOrThrow();
      await trx.insertInto('org_members').values({ org_id: row.id, user_id: o.userId, role: 'admin', joined_at: stamp }).execute();
      return toOrg(row);
    });
  } catch (err) {
    if (/unique|duplicate/i.test((err as Error).message)) return 'taken';
    throw err;
  }
}

/** The org with this slug, hidden ones included (the caller decides who sees them). */
export async function findOrgBySlug(store: Store, slug: string): Promise<Org | undefined> {
  const row = await store.db.selectFrom('orgs').select(ORG_COLUMNS).where('slug', '=', slug).executeTakeFirst();
  return row && toOrg(row);
}

export async function findOrgById(store: Store, id: number): Promise<Org | undefined> {
  const row = await store.db.selectFrom('orgs').select(ORG_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toOrg(row);
}

export async function updateOrg(store: Store, orgId: number, fields: { name: string; website: string | null }): Promise<void> {
  await store.db.updateTable('orgs').set({ name: fields.name, website: fields.website }).where('id', '=', orgId).execute();
}

export async function setOrgAvatar(store: Store, orgId: number, avatar: { bytes: Buffer; contentType: string; hash: string }): Promise<void> {
  await store.db.updateTable('orgs').set({ avatar: avatar.bytes, avatar_type: avatar.contentType, avatar_hash: avatar.hash }).where('id', '=', orgId).execute();
}

/** A visible org's avatar, when `hash` is its current one. */
export async function orgAvatar(store: Store, slug: string, hash: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
  const row = await store.db.selectFrom('orgs').select(['avatar', 'avatar_type']).where('slug', '=', slug).where('avatar_hash', '=', hash).where('hidden_at', 'is', null).executeTakeFirst();
  if (!row?.avatar || !row.avatar_type) return undefined;
  return { bytes: Buffer.from(row.avatar), contentType: row.avatar_type };
}

/** Hides an org (no page, no badge) and logs it publicly, in one transaction. */
export async function hideOrg(store: Store, moderatorId: number, org: { id: number; slug: string }, reason: string, now: Date): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('orgs').set({ hidden_at: now.toISOString() }).where('id', '=', org.id).execute();
    await trx.insertInto('moderation_log').values({ moderator_id: moderatorId, action: 'hide org', target_kind: 'org', target_id: org.slug, reason, created_at: now.toISOString(), hidden_text: null }).execute();
  });
}

export async function listMembers(store: Store, orgId: number): Promise<OrgMember[]> {
  const rows = await store.db
    .selectFrom('org_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.name', 'u.display_name', 'm.role', 'm.joined_at'])
    .where('m.org_id', '=', orgId)
    .where('u.banned_at', 'is', null)
    .orderBy('m.role')
    .orderBy('m.joined_at')
    .orderBy('m.user_id')
    .execute();
  return rows.map((r) => ({ userId: Number(r.user_id), handle: r.name, name: shownName(r.name, r.display_name), role: r.role, joinedAt: r.joined_at }));
}

export async function memberRole(store: Store, orgId: number, userId: number): Promise<OrgRole | null> {
  const row = await store.db.selectFrom('org_members').select('role').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role ?? null;
}

/** The visible orgs a user belongs to, by name. */
export async function orgsOfUser(store: Store, userId: number): Promise<(OrgBadge & { role: OrgRole })[]> {
  const rows = await store.db
    .selectFrom('org_members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.slug', 'o.name', 'o.avatar_hash', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('o.hidden_at', 'is', null)
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, avatarHash: r.avatar_hash, role: r.role }));
}

export type MemberChange = 'done' | 'not-member' | 'last-admin';

/**
 * Changes a member's role, or removes them (`role` null), unless that leaves the org without an
 * admin. Under the org's lock (a no-op UPDATE of its row, as submissions lock the user), so two
 * admins demoting each other at once cannot both pass the count.
 */
export async function changeMember(store: Store, orgId: number, userId: number, role: OrgRole | null): Promise<MemberChange> {
  return store.db.transaction().execute(async (trx) => {
    await trx.updateTable('orgs').set((eb) => ({ slug: eb.ref('slug') })).where('id', '=', orgId).execute();
    const current = await trx.selectFrom('org_members').select('role').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
    if (!current) return 'not-member';
    if (current.role === 'admin' && role !== 'admin') {
      const admins = await trx.selectFrom('org_members').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).where('role', '=', 'admin').executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) return 'last-admin';
    }
    if (role === null) await trx.deleteFrom('org_members').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    else await trx.updateTable('org_members').set({ role }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    return 'done';
  });
}

/** Stores an invitation by its token's hash. */
export async function saveInvite(store: Store, i: { tokenHash: string; orgId: number; email: string; invitedBy: number; now: Date; expiresAt: Date }): Promise<void> {
  await store.db.insertInto('org_invites').values({ token_hash: i.tokenHash, org_id: i.orgId, email: i.email, invited_by: i.invitedBy, created_at: i.now.toISOString(), expires_at: i.expiresAt.toISOString(), used_at: null }).execute();
}

/** An unused, unexpired invitation to a visible org: its org and address (nothing is used up). */
export async function openInvite(store: Store, tokenHash: string, now: Date): Promise<{ org: Org; email: string } | undefined> {
  const row = await store.db
    .selectFrom('org_invites as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .select(['i.email', 'o.id', 'o.slug', 'o.name', 'o.website', 'o.avatar_hash', 'o.created_at', 'o.hidden_at'])
    .where('i.token_hash', '=', tokenHash)
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', now.toISOString())
    .where('o.hidden_at', 'is', null)
    .executeTakeFirst();
  return row && { org: toOrg(row), email: row.email };
}

export type InviteAnswer = { status: 'joined'; org: Org } | { status: 'invalid' } | { status: 'other-address' };

/**
 * Uses an invitation for the signed-in user with `email`: they become a member (an admin or
 * member already keeps their role). The conditional UPDATE makes it single use; an invitation
 * for another address is left unused for its addressee.
 */
export async function acceptInvite(store: Store, tokenHash: string, user: { id: number; email: string }, now: Date): Promise<InviteAnswer> {
  return store.db.transaction().execute(async (trx): Promise<InviteAnswer> => {
    const stamp = now.toISOString();
    const invite = await trx.selectFrom('org_invites').select(['email']).where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', stamp).executeTakeFirst();
    if (!invite) return { status: 'invalid' };
    if (invite.email !== user.email.toLowerCase()) return { status: 'other-address' };
    const used = await trx.updateTable('org_invites').set({ used_at: stamp }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).returning('org_id').executeTakeFirst();
    if (!used) return { status: 'invalid' };
    const org = await trx.selectFrom('orgs').select(ORG_COLUMNS).where('id', '=', used.org_id).where('hidden_at', 'is', null).executeTakeFirst();
    if (!org) return { status: 'invalid' };
    await trx.insertInto('org_members').values({ org_id: org.id, user_id: user.id, role: 'member', joined_at: stamp }).onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing()).execute();
    return { status: 'joined', org: toOrg(org) };
  });
}

/** Credits a paper to the org it was submitted under (in the submission's transaction), when the submitter is still a member. */
export async function creditOrgIn(trx: Transaction<Database>, paperId: string, orgId: number, userId: number, now: Date): Promise<void> {
  const member = await trx.selectFrom('org_members').select('role').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  if (!member) return;
  await trx.insertInto('paper_orgs').values({ paper_id: paperId, org_id: orgId, submitted_by: userId, created_at: now.toISOString() }).onConflict((oc) => oc.column('paper_id').doNothing()).execute();
}

/** Visible papers submitted under an org, newest first: a page of ids and the total. */
export async function orgPaperIds(store: Store, orgId: number, page: { limit: number; offset: number }): Promise<{ ids: string[]; total: number }> {
  const base = store.db.selectFrom('paper_orgs as po').leftJoin('paper_activity as a', 'a.paper_id', 'po.paper_id').where('po.org_id', '=', orgId).where('a.hidden_at', 'is', null);
  const rows = await base.select('po.paper_id').orderBy('po.created_at', 'desc').orderBy('po.paper_id', 'desc').limit(page.limit).offset(page.offset).execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ids: rows.map((r) => r.paper_id), total: Number(total.n) };
}

/** The visible org a paper was submitted under, if any. */
export async function paperOrg(store: Store, paperId: string): Promise<OrgBadge | undefined> {
  const row = await store.db.selectFrom('paper_orgs as po').innerJoin('orgs as o', 'o.id', 'po.org_id').select(['o.id', 'o.slug', 'o.name', 'o.avatar_hash']).where('po.paper_id', '=', paperId).where('o.hidden_at', 'is', null).executeTakeFirst();
  return row && { id: Number(row.id), slug: row.slug, name: row.name, avatarHash: row.avatar_hash };
}
