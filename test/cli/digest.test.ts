import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { outboxStatus } from '../../src/store/outbox.js';
import { upsertPapers } from '../../src/store/papers.js';
import { upsertSubscriber } from '../../src/store/subscribers.js';
import { runCli, spawnCli } from '../support/cli.js';
import { buildRecord } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/smtp-test-server.js';
import { sqliteFactory, type TestStore } from '../support/stores.js';

const DAY = '2026-12-02';
const SUBSCRIBERS = 40;

describe('paperboy digest send: exactly once across kill -9', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await sqliteFactory.create();
    await upsertPapers(db.store, Array.from({ length: 12 }, (_, i) => buildRecord({ id: `2612.${String(10001 + i)}`, title: `Digest paper ${i}`, dailyAt: `${DAY}T10:00:00.000Z`, upvotes: 100 - i })));
    for (let i = 0; i < SUBSCRIBERS; i++) {
      await upsertSubscriber(db.store, `s${i}@example.org`, { frequency: 'daily', topics: { categories: [], queries: [] }, size: 5 }, true, new Date());
    }
  });
  afterAll(() => db?.cleanup());

  it('delivers every digest once when the sender is killed mid-run and run again', async () => {
    let holding = false;
    let triggered = false;
    let release: ((ok: boolean) => void) | undefined;
    const released = new Promise<boolean>((resolve) => (release = resolve));
    let killNow: (() => void) | undefined;
    const killTime = new Promise<void>((resolve) => (killNow = resolve));
    // The 11th message is held un-acknowledged (no 250): the sender is killed while it waits.
    const sink: TestServer = await startTestServer({
      beforeAccept: async (_raw, count) => {
        if (count === 10 && !triggered) {
          triggered = true;
          holding = true;
          killNow!();
        }
        if (holding && !(await released)) throw new Error('sender gone');
      },
    });
    try {
      const env = { DATABASE_URL: db.url, SMTP_URL: sink.url, MAIL_RATE_PER_SECOND: '0', MAIL_CONCURRENCY: '4', BASE_URL: 'http://127.0.0.1:9' };
      const child = spawnCli(['digest', 'send', '--date', DAY], env);
      const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(signal ? null : code)));
      await killTime;
      // Kill once every accepted message is recorded: the crash lands mid-send, not in the
      // instant between the server's 250 and the sender's commit (see digests.ts).
      for (let i = 0; i < 100 && ((await outboxStatus(db.store)).byStatus.sent ?? 0) < sink.received.length; i++) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      expect(await exited).toBeNull();
      release!(false);
      holding = false;
      const before = sink.received.length;
      expect(before).toBe(10);

      const again = await runCli(['digest', 'send', '--date', DAY, '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ queued: 0, failed: 0 });
      const recipients = sink.received.flatMap((d) => d.to);
      expect(recipients).toHaveLength(SUBSCRIBERS);
      expect(new Set(recipients).size).toBe(SUBSCRIBERS);
      expect((await outboxStatus(db.store)).byStatus).toEqual({ sent: SUBSCRIBERS });

      const third = await runCli(['digest', 'send', '--date', DAY, '--json'], env);
      expect(JSON.parse(third.stdout)).toMatchObject({ queued: 0, sent: 0 });
      expect(sink.received).toHaveLength(SUBSCRIBERS);
    } finally {
      release?.(false);
      await sink.close();
    }
  }, 60_000);

  it('previews the exact message and explains bad input', async () => {
    const env = { DATABASE_URL: db.url, BASE_URL: 'http://127.0.0.1:9' };
    const preview = await runCli(['digest', 'preview', '--date', DAY], env);
    expect(preview.code, preview.stderr).toBe(0);
    const mail = await simpleParser(preview.stdout);
    expect(mail.subject).toBe('Top papers for Wed, 2 Dec 2026');
    expect(mail.text).toContain('Digest paper 0');
    const bad = await runCli(['digest', 'preview', '--date', '2026-13-01'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date must be a date');
    const unknown = await runCli(['digest', 'preview', '--email', 'nobody@example.org'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('is not subscribed');
    const list = await runCli(['subscribers', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toHaveLength(SUBSCRIBERS);
    const add = await runCli(['subscribers', 'add', 'new@example.org', 'S0@example.org', '--topics', 'cs.CL', '--frequency', 'weekly'], env);
    expect(add.stdout).toContain('1 added, 1 updated');
    expect((await runCli(['subscribers', 'add', 'x@example.org', '--topics', 'cs.CL!'], env)).code).toBe(2);
  }, 60_000);
});
