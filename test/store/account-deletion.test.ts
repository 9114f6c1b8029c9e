import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETED_USER_NAME, isDeletedHandle } from '../../src/domain/user-names.js';
import { deleteAccount } from '../../src/store/account-deletion.js';
import { createApiToken } from '../../src/store/api-tokens.js';
import { createSession, saveLoginToken } from '../../src/store/auth.js';
import { addPaperToCollection, createCollection } from '../../src/store/collections.js';
import { addComment, listComments } from '../../src/store/comments.js';
import { trendingPapers, upvotesByIds } from '../../src/store/feed.js';
import { follow } from '../../src/store/follows.js';
import { listModerationLog, banUser, hideComment } from '../../src/store/moderation.js';
import { createOrg, listMembers } from '../../src/store/orgs.js';
import { queueDigests } from '../../src/store/outbox.js';
import { upsertPapers } from '../../src/store/papers.js';
import { saveFeedback } from '../../src/store/recommendation-signals.js';
import { requestSubscription } from '../../src/store/subscribers.js';
import { findOrCreateUser, findUserByEmail } from '../../src/store/users.js';
import { setVote } from '../../src/store/votes.js';
import type { Store } from '../../src/store/database.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';

/** Columns that hold a user's id, found by name in every table the migrations made. */
const USER_ID_COLUMN = /^(user_id|owner_user_id|moderator_id|uploaded_by|submitted_by|created_by|invited_by|updated_by)$/;

async function rowsNaming(store: Store, userId: number, email: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of await store.db.introspection.getTables()) {
    if (table.name.startsWith('kysely_')) continue;
    for (const col of table.columns) {
      const value = USER_ID_COLUMN.test(col.name) ? userId : col.name === 'email' ? email : undefined;
      if (value === undefined) continue;
      const n = await store.db.selectFrom(table.name as 'users').select((eb) => eb.fn.countAll<number>().as('n')).where(col.name as 'id', '=', value as never).executeTakeFirstOrThrow();
      if (Number(n.n) > 0) found.push(`${table.name}.${col.name}`);
    }
  }
  const bans = await store.db.selectFrom('moderation_log').select('id').where('target_kind', '=', 'user').where('target_id', '=', String(userId)).execute();
  if (bans.length) found.push('moderation_log.target_id');
  return found;
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`account deletion (${dialect.name})`, () => {
    let test: TestStore;
    const now = new Date('2024-03-02T12:00:00Z');
    const papers = Array.from({ length: 5 }, (_, i) => buildRecord({ announcedOn: '2024-03-02', categories: ['cs.RO'], primaryCategory: 'cs.RO' }));
    const ids = papers.map((p) => p.id);
    beforeAll(async () => {
      test = await dialect.create();
      await upsertPapers(test.store, papers);
    });
    afterAll(() => test?.cleanup());

    async function trending(store: Store) {
      const { cards } = await trendingPapers(store, { from: '2024-03-01', to: '2024-03-03', cap: 100, offset: 0, take: 100 }, now);
      return cards.map((c) => [c.id, c.upvotes]);
    }

    it('removes personal rows, keeps votes and comments under a placeholder, and a second call changes nothing', async () => {
      const { store } = test;
      const leaver = await findOrCreateUser(store, 'leaver@example.org', 'leaver');
      const other = await findOrCreateUser(store, 'other@example.org', 'other');
      const member = await findOrCreateUser(store, 'member@example.org', 'member');
      // Votes: the leaver on 0, 1, 2; the other on 1. Trending order must not move.
      for (const id of [ids[0]!, ids[1]!, ids[2]!]) await setVote(store, leaver.id, id, true, now);
      await setVote(store, other.id, ids[1]!, true, now);
      await setVote(store, other.id, ids[3]!, true, now);
      const commentId = await addComment(store, { paperId: ids[0]!, userId: leaver.id, parentId: null, body: 'my comment', now });
      await addComment(store, { paperId: ids[0]!, userId: other.id, parentId: commentId, body: 'a reply', now });
      await store.db.updateTable('users').set({ is_admin: 1 }).where('id', '=', leaver.id).execute();
      await hideComment(store, leaver.id, await addComment(store, { paperId: ids[1]!, userId: other.id, parentId: null, body: 'spam', now }), 'spam', now);
      await banUser(store, other.id, leaver.id, 'test ban', now);
      await createSession(store, { tokenHash: 'sess-hash', userId: leaver.id, now, expiresAt: new Date(now.getTime() + 3_600_000) });
      await saveLoginToken(store, { tokenHash: 'login-hash', email: leaver.email, nextPath: '/', now, expiresAt: new Date(now.getTime() + 600_000) });
      await createApiToken(store, leaver.id, 'script', now);
      const { subscriber } = await requestSubscription(store, leaver.email, { frequency: 'daily', topics: { categories: [], queries: [] }, size: 10 }, now);
      await queueDigests(store, [{ subscriberId: subscriber.id, period: 'daily:2024-03-02', subject: 'x', paperIds: [ids[0]!], messageId: '<m@x>' }], now);
      const pub = await createCollection(store, leaver.id, { title: 'Public list', description: 'mine', visibility: 'public' }, now);
      await createCollection(store, leaver.id, { title: 'Private list', description: '', visibility: 'private' }, now);
      await addPaperToCollection(store, pub.id, ids[0]!);
      await follow(store, other.id, 'collection', String(pub.id), now);
      await follow(store, leaver.id, 'category', 'cs.RO', now);
      await saveFeedback(store, leaver.id, ids[4]!, 'not_interested', now);
      const org = await createOrg(store, { slug: 'lab', name: 'Lab', website: null, userId: leaver.id, now });
      if (org === 'taken') throw new Error('slug taken');
      await store.db.insertInto('org_members').values({ org_id: org.id, user_id: member.id, role: 'member', joined_at: now.toISOString() }).execute();
      await store.db.insertInto('author_claims').values({ author_id: (await store.db.insertInto('authors').values({ slug: 'a-b', name: 'A B', name_key: 'a b', merged_into: null, created_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow()).id, user_id: leaver.id, status: 'pending', verified_by: null, reason: null, created_at: now.toISOString(), decided_at: null }).execute();
      await store.db.insertInto('paper_media').values({ paper_id: ids[2]!, uploaded_by: leaver.id, kind: 'image', content_type: 'image/webp', bytes: Buffer.from('x'), width: 1, height: 1, duration_ms: null, hash: 'h', created_at: now.toISOString() }).execute();
      await store.db.insertInto('rate_limits').values({ key: `votes:user:${leaver.id}`, count: 1, reset_at: now.toISOString() }).execute();

      const trendingBefore = await trending(store);
      const upvotesBefore = await upvotesByIds(store, ids);
      const votesBefore = await store.db.selectFrom('votes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const changesBefore = Number((await store.db.selectFrom('page_changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0);

      expect(await deleteAccount(store, leaver.id, now)).toBe(true);

      expect(await rowsNaming(store, leaver.id, leaver.email)).toEqual([]);
      expect(await findUserByEmail(store, leaver.email)).toBeUndefined();
      // Counts: the same upvotes, the same vote rows, the same trending order.
      expect(await trending(store)).toEqual(trendingBefore);
      expect(await upvotesByIds(store, ids)).toEqual(upvotesBefore);
      expect(await store.db.selectFrom('votes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(votesBefore);
      const activity = await store.db.selectFrom('paper_activity').select(['paper_id', 'votes']).where('paper_id', 'in', ids).execute();
      for (const a of activity) {
        const rows = await store.db.selectFrom('votes').select((eb) => eb.fn.countAll<number>().as('n')).where('paper_id', '=', a.paper_id).executeTakeFirstOrThrow();
        expect(Number(a.votes)).toBe(Number(rows.n));
      }
      // Comments stay, in their thread, under the placeholder.
      const comments = await listComments(store, ids[0]!);
      const mine = comments.find((c) => c.id === commentId)!;
      expect(mine.body).toBe('my comment');
      expect(isDeletedHandle(mine.userName)).toBe(true);
      expect(mine.userDisplayName).toBe(DELETED_USER_NAME);
      expect(comments.find((c) => c.parentId === commentId)?.body).toBe('a reply');
      // The moderation log keeps both entries: the hide by the deleted moderator, the ban of the deleted user.
      const log = await listModerationLog(store, 10);
      expect(log.find((e) => e.action === 'hide comment')?.moderatorName).toBe(DELETED_USER_NAME);
      const ban = log.find((e) => e.action === 'ban user')!;
      expect(ban.moderatorName).toBe('other');
      expect(ban.targetId).toBe(mine.userName);
      expect(ban.targetName).toBe(DELETED_USER_NAME);
      // Collections and their followers' follows are gone; the org has an admin again.
      expect(await store.db.selectFrom('collections').select('id').execute()).toEqual([]);
      expect(await store.db.selectFrom('follows').select('kind').where('user_id', '=', other.id).execute()).toEqual([]);
      expect((await listMembers(store, org.id)).map((m) => [m.handle, m.role])).toEqual([['member', 'admin']]);
      expect(await store.db.selectFrom('digest_outbox').select('id').execute()).toEqual([]);
      // Caches: a change for every page was logged.
      const changes = await store.db.selectFrom('page_changes').select('paper_id').where('seq', '>', changesBefore).execute();
      expect(changes.some((c) => c.paper_id === null)).toBe(true);

      // Again: nothing to do, nothing changes.
      const users = await store.db.selectFrom('users').select('id').execute();
      expect(await deleteAccount(store, leaver.id, now)).toBe(false);
      expect(await store.db.selectFrom('users').select('id').execute()).toEqual(users);
      expect(await trending(store)).toEqual(trendingBefore);
      // A new sign-in with the address is a fresh, empty account.
      const again = await findOrCreateUser(store, leaver.email, 'leaver');
      expect(again.id).not.toBe(leaver.id);
      expect(await store.db.selectFrom('votes').select('paper_id').where('user_id', '=', again.id).execute()).toEqual([]);
    });

    it('gives each deleted account its own placeholder, so two who voted on one paper both still count', async () => {
      const { store } = test;
      const a = await findOrCreateUser(store, 'a@example.org', 'aaa');
      const b = await findOrCreateUser(store, 'b@example.org', 'bbb');
      await setVote(store, a.id, ids[4]!, true, now);
      await setVote(store, b.id, ids[4]!, true, now);
      const before = (await upvotesByIds(store, [ids[4]!])).get(ids[4]!);
      await deleteAccount(store, a.id, now);
      await deleteAccount(store, b.id, now);
      expect((await upvotesByIds(store, [ids[4]!])).get(ids[4]!)).toBe(before);
      const voters = await store.db.selectFrom('votes').innerJoin('users', 'users.id', 'votes.user_id').select('users.name').where('paper_id', '=', ids[4]!).execute();
      expect(voters).toHaveLength(2);
      expect(voters.every((v) => isDeletedHandle(v.name))).toBe(true);
      expect(new Set(voters.map((v) => v.name)).size).toBe(2);
    });
  });
}
