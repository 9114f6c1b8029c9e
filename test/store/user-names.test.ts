import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { banEntriesByUserId } from '../../src/store/migrations/20261204T1600-user-names.js';
import { listModerationLog } from '../../src/store/moderation.js';
import { findOrCreateUser, findUserByName, setUserNames } from '../../src/store/users.js';
import { dialects, type TestStore } from '../support/stores.js';

const T0 = new Date('2026-12-01T10:00:00.000Z');

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`user names in the store (${dialect.name})`, () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('saves handle and display name, and says when another user holds the handle', async () => {
      const a = await findOrCreateUser(t.store, 'a@example.org', () => 'reader-aaaaa', T0);
      const b = await findOrCreateUser(t.store, 'b@example.org', () => 'reader-bbbbb', T0);
      expect(a.namedAt).toBeNull();
      expect(await setUserNames(t.store, a.id, { handle: 'ada', displayName: 'Ada L.' }, T0)).toBe('saved');
      expect(await findUserByName(t.store, 'ada')).toMatchObject({ id: a.id, displayName: 'Ada L.', namedAt: T0.toISOString() });
      expect(await setUserNames(t.store, b.id, { handle: 'ada', displayName: null }, T0)).toBe('taken');
      expect(await setUserNames(t.store, a.id, { handle: 'ada', displayName: null }, T0)).toBe('saved');
      expect((await findUserByName(t.store, 'ada'))!.displayName).toBe('ada');
    });

    it('a generated handle that is taken is generated again, not suffixed', async () => {
      await findOrCreateUser(t.store, 'first@example.org', 'reader-xxxxx', T0);
      const names = ['reader-xxxxx', 'reader-yyyyy'];
      const second = await findOrCreateUser(t.store, 'second@example.org', () => names.shift()!, T0);
      expect(second.name).toBe('reader-yyyyy');
    });

    it('the migration points ban entries made by handle at the user id, and the log shows the current handle', async () => {
      const mod = await findOrCreateUser(t.store, 'mod@example.org', 'mod', T0);
      const banned = await findOrCreateUser(t.store, 'alice@example.org', 'alice', T0);
      // A ban as logged before this migration: the banned user's handle as the target.
      const log = { moderator_id: mod.id, action: 'ban user', reason: 'spam', created_at: T0.toISOString() };
      await t.store.db.insertInto('moderation_log').values([{ ...log, target_kind: 'user', target_id: 'alice' }, { ...log, target_kind: 'user', target_id: 'gone-user' }, { ...log, action: 'hide paper', target_kind: 'paper', target_id: '2401.00001' }]).execute();
      await banEntriesByUserId(t.store.db as unknown as Kysely<unknown>);
      const rows = await t.store.db.selectFrom('moderation_log').select(['target_kind', 'target_id']).orderBy('id').execute();
      expect(rows).toEqual([{ target_kind: 'user', target_id: String(banned.id) }, { target_kind: 'user', target_id: 'gone-user' }, { target_kind: 'paper', target_id: '2401.00001' }]);
      await setUserNames(t.store, banned.id, { handle: 'reader-zzzzz', displayName: 'Zed' }, T0);
      const entries = await listModerationLog(t.store, 10);
      expect(entries.map((e) => [e.targetId, e.targetName])).toEqual([['2401.00001', null], ['gone-user', null], ['reader-zzzzz', 'Zed']]);
    });
  });
}
