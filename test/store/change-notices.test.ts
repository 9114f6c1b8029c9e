import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForPageChanges } from '../../src/store/change-notices.js';
import { openStore, type Store } from '../../src/store/database.js';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';

/** Waits up to `ms` for `check` to stop throwing. */
async function eventually(check: () => void, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`page-change notices (${dialect.name})`, () => {
    let test: TestStore;
    /** A second connection to the same store: another process. */
    let other: Store;
    beforeAll(async () => {
      test = await dialect.create();
      other = openStore(test.url);
    });
    afterAll(async () => {
      await other?.close();
      await test?.cleanup();
    });

    it(dialect.name === 'postgres' ? 'wake a listener when another process commits page changes, and again after its session was killed' : 'are none on SQLite: followers poll', async () => {
      let notices = 0;
      const errors: unknown[] = [];
      const listener = listenForPageChanges(other, () => notices++, (err) => errors.push(err));
      try {
        if (dialect.name === 'sqlite') {
          await upsertPapers(test.store, [buildRecord()]);
          await new Promise((r) => setTimeout(r, 200));
          expect(notices).toBe(0);
          return;
        }
        await eventually(() => expect(notices).toBe(1)); // listening: one wake for anything missed before
        await upsertPapers(test.store, [buildRecord(), buildRecord()]);
        await eventually(() => expect(notices).toBe(2)); // one commit, one notice
        // A commit without page changes says nothing.
        await sql`select 1`.execute(test.store.db);
        // A dropped link: the server ends the listening session; the listener comes back by itself.
        const first = listener.pid()!;
        await sql`select pg_terminate_backend(${first})`.execute(test.store.db);
        await eventually(() => expect(errors).toHaveLength(1));
        await eventually(() => expect(notices).toBe(3), 5_000); // listening again, woke for what it missed
        expect(listener.pid()).not.toBe(first);
        await upsertPapers(test.store, [buildRecord()]);
        await eventually(() => expect(notices).toBe(4));
      } finally {
        await listener.close();
      }
    });
  });
}
