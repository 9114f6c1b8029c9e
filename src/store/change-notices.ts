import type { Store } from './database.js';

/** The channel the page-change trigger notifies (migrations/20261211T0900-page-change-notify.ts); the payload is the schema. */
const CHANNEL = 'paperboy_changes';
/** Between attempts to listen again after the link dropped: polling carries the follower meanwhile. */
const RECONNECT_MS = 1_000;

export interface ChangeNotices {
  /** The listening session's backend pid while it listens (pg_stat_activity; tests end it to drop the link). */
  pid(): number | undefined;
  close(): Promise<void>;
}

/**
 * Calls `onNotice` whenever a transaction that wrote page changes commits, in any process on the
 * same PostgreSQL schema: one dedicated client outside the pool (LISTEN belongs to a session,
 * and a pooled connection serves others in between) that listens again, RECONNECT_MS after it
 * lost its link, and then calls `onNotice` once for whatever it missed. `onError` hears the first
 * failure of each outage, not every retry. SQLite has no notices: nothing to close, followers poll.
 */
export function listenForPageChanges(store: Store, onNotice: () => void, onError: (err: unknown) => void): ChangeNotices {
  const newClient = store.newClient;
  if (!newClient) return { pid: () => undefined, close: async () => {} };
  let client: ReturnType<typeof newClient> | undefined;
  let closed = false;
  let healthy = true;
  let timer: NodeJS.Timeout | undefined;
  let pid: number | undefined;
  const connect = async (): Promise<void> => {
    const c = newClient();
    client = c;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      c.removeAllListeners('notification');
      pid = undefined;
      c.end().catch(() => undefined);
      if (closed) return;
      if (healthy) onError(err);
      healthy = false;
      timer = setTimeout(() => void connect(), RECONNECT_MS).unref();
    };
    c.on('error', fail);
    c.on('end', () => fail(new Error('the LISTEN connection to PostgreSQL ended')));
    try {
      await c.connect();
      const { rows } = await c.query<{ schema: string; pid: number }>('select current_schema() as schema, pg_backend_pid() as pid');
      const schema = rows[0]?.schema;
      c.on('notification', (n) => {
        if (n.channel === CHANNEL && n.payload === schema) onNotice();
      });
      await c.query(`listen ${CHANNEL}`);
      if (closed) return void (await c.end());
      healthy = true;
      pid = rows[0]?.pid;
      onNotice();
    } catch (err) {
      fail(err);
    }
  };
  void connect();
  return {
    pid: () => pid,
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
