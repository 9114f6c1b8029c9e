import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { LockLostError, tryLock, withJobLock } from '../../src/store/locks.js';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { eventually, holdInChild, killHard } from '../support/processes.js';
import { dialects, type TestStore } from '../support/stores.js';

// Names unique to this file: PostgreSQL advisory locks are shared by every schema of the database.
const name = (what: string) => `test-locks-${what}-${process.pid}`;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`job locks on ${dialect.name}`, () => {
    let t: TestStore;
    beforeEach(async () => { t = await dialect.create(); });
    afterEach(async () => { await t.cleanup(); });

    it('is held by one taker at a time and free again once released', async () => {
      const first = await tryLock(t.store, name('one'));
      expect(first).toBeDefined();
      expect(await tryLock(t.store, name('one'))).toBeUndefined();
      const other = await tryLock(t.store, name('other'));
      expect(other).toBeDefined();
      await first!.release();
      const again = await tryLock(t.store, name('one'));
      expect(again).toBeDefined();
      await again!.release();
      await other!.release();
    });

    it('fences a job off once its lock is gone: the batch it commits then rolls back', async () => {
      const lock = (await tryLock(t.store, name('fence')))!;
      await upsertPapers(t.store, [buildRecord({ title: 'Written while holding the lock' })], new Date(), lock.fence);
      if (dialect.name === 'postgres') {
        // What a dropped link does: the server ends the holding session, and the lock with it.
        await sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and objsubid = 2 and classid::text::bigint = (hashtext(current_schema())::bigint & 4294967295) and pid <> pg_backend_pid()`.execute(t.store.db);
        const late = buildRecord({ title: 'Written after the lock was lost' });
        await expect(upsertPapers(t.store, [late], new Date(), lock.fence)).rejects.toBeInstanceOf(LockLostError);
        expect(await t.store.db.selectFrom('papers').select('id').where('id', '=', late.id).executeTakeFirst()).toBeUndefined();
        // Releasing a lock whose session is gone does not fail, and the lock is free again.
        await lock.release();
        const next = await tryLock(t.store, name('fence'));
        expect(next).toBeDefined();
        await next!.release();
      } else {
        await lock.release();
      }
      expect(await t.store.db.selectFrom('papers').select('id').execute()).toHaveLength(1);
    });

    it('tells a job that ran and returned nothing from one that did not run', async () => {
      expect(await withJobLock(t.store, name('result'), async () => undefined)).toEqual({ ran: true, value: undefined });
      const held = await tryLock(t.store, name('result'));
      expect(await withJobLock(t.store, name('result'), async () => 'never')).toEqual({ ran: false });
      await held!.release();
    });

    it('is let go when its store closes, so closing never waits on a run cut short', async () => {
      const second = await dialect.create();
      try {
        expect(await tryLock(second.store, name('close'))).toBeDefined();
        // PostgreSQL: the lock pins a pooled connection, and closing the pool waited for it forever
        // (this test timed out); now close() lets go of it first.
        await second.store.close();
      } finally {
        await second.cleanup().catch(() => undefined);
      }
    });

    it('is held against other processes, and taken over once its holder is killed with kill -9', async () => {
      const { child, line } = await holdInChild(t.url, 'lock', name('kill'));
      try {
        expect(line).toBe('held');
        expect(await tryLock(t.store, name('kill'))).toBeUndefined();
        // While this process holds a lock, another process cannot take it either.
        const mine = await tryLock(t.store, name('mine'));
        const { child: second, line: secondLine } = await holdInChild(t.url, 'lock', name('mine'));
        expect(secondLine).toBe('busy');
        await killHard(second);
        await mine!.release();
      } finally {
        await killHard(child);
      }
      const taken = await eventually(() => tryLock(t.store, name('kill')));
      await taken.release();
    });
  });
}
