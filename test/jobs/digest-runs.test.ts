import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { digestPeriod } from '../../src/domain/digest-rules.js';
import { duePeriods, runDigests } from '../../src/mail/digest-job.js';
import { createMailer } from '../../src/mail/transport.js';
import { checkpointStore } from '../../src/store/checkpoints.js';
import { upsertPapers } from '../../src/store/papers.js';
import { upsertSubscriber } from '../../src/store/subscribers.js';
import { buildRecord } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/smtp-test-server.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const everything = { categories: [], queries: [] };
// Feed days Mon 2026-11-23 .. Fri 2026-12-04, weekdays only (arXiv announces none on weekends).
const DAYS = Array.from({ length: 12 }, (_, i) => addDays('2026-11-23', i)).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`digest runs on ${dialect.name}`, () => {
    let web: WebHarness;
    let smtp: TestServer | undefined;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, DAYS.map((d, i) => buildRecord({ id: `2612.${String(i + 1).padStart(5, '0')}`, title: `Paper of ${d}`, categories: ['cs.CL'], dailyAt: `${d}T09:00:00.000Z` })));
    });
    afterAll(() => web?.close());
    beforeEach(async () => {
      await web.store.db.deleteFrom('digest_outbox').execute();
      await web.store.db.deleteFrom('subscribers').execute();
      await checkpointStore(web.store).set('digest:daily', null);
      await checkpointStore(web.store).set('digest:weekly', null);
    });
    afterEach(async () => { await smtp?.close(); });

    const mailer = () => createMailer({ ...web.config.mail, smtpUrl: smtp!.url, ratePerSecond: 0 });

    it('composes the weekly digest while a large daily list is still sending, and sends it', async () => {
      await upsertSubscriber(web.store, 'daily@example.org', { frequency: 'daily', topics: everything, size: 5 }, true, new Date());
      await upsertSubscriber(web.store, 'weekly@example.org', { frequency: 'weekly', topics: everything, size: 5 }, true, new Date());
      let letGo!: () => void;
      const held = new Promise<void>((r) => { letGo = r; });
      let sending!: () => void;
      const daySending = new Promise<void>((r) => { sending = r; });
      // The SMTP server holds the daily digest: the daily run keeps the sending lock meanwhile.
      smtp = await startTestServer({ beforeAccept: async (_raw, count) => { if (count === 0) { sending(); await held; } } });
      const dailyMailer = mailer();
      const weeklyMailer = mailer();
      try {
        const daily = runDigests(web.store, web.config, dailyMailer, digestPeriod('daily', '2026-12-04'));
        await daySending;
        const weekly = await runDigests(web.store, web.config, weeklyMailer, digestPeriod('weekly', '2026-11-29'));
        expect(weekly).toMatchObject({ queued: 1, sent: 0, sentElsewhere: true });
        letGo();
        expect(await daily).toMatchObject({ queued: 1, sent: 2, sentElsewhere: false });
      } finally {
        await dailyMailer.close();
        await weeklyMailer.close();
      }
      const subjects = await Promise.all(smtp.received.map(async (d) => (await simpleParser(d.raw)).subject));
      expect(subjects).toEqual(['Top papers for Fri, 4 Dec 2026', 'Top papers of the week of 23 Nov 2026']);
    });

    it('catches up the daily periods missed since the last composed one, at most 7 back', async () => {
      await upsertSubscriber(web.store, 'daily@example.org', { frequency: 'daily', topics: everything, size: 5 }, true, new Date());
      // No period composed yet: only the current one.
      expect((await duePeriods(web.store, 'daily', new Date('2026-12-01T11:00:00Z'))).map((p) => p.key)).toEqual(['daily:2026-12-01']);
      smtp = await startTestServer();
      const m = mailer();
      try {
        await runDigests(web.store, web.config, m, await duePeriods(web.store, 'daily', new Date('2026-12-01T11:00:00Z')));
        // The server was down on the 2nd and 3rd at 06:00: the run on the 4th composes all three.
        const due = await duePeriods(web.store, 'daily', new Date('2026-12-04T11:00:00Z'));
        expect(due.map((p) => p.key)).toEqual(['daily:2026-12-02', 'daily:2026-12-03', 'daily:2026-12-04']);
        expect(await runDigests(web.store, web.config, m, due)).toMatchObject({ queued: 3, sent: 3 });
        // Again: nothing new (the outbox's one row per subscriber and period).
        expect(await runDigests(web.store, web.config, m, await duePeriods(web.store, 'daily', new Date('2026-12-04T11:00:00Z')))).toMatchObject({ queued: 0, sent: 0 });
      } finally {
        await m.close();
      }
      expect(smtp.received).toHaveLength(4);
      // A month down: only the last 7 days come back (weekend days have no papers: nobody gets mail for them).
      await checkpointStore(web.store).set('digest:daily', 'daily:2026-11-01');
      expect((await duePeriods(web.store, 'daily', new Date('2026-12-04T11:00:00Z'))).map((p) => p.key)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map((d) => `daily:${d}`));
    });

    it('catches up missed weeks, at most 4 back', async () => {
      await checkpointStore(web.store).set('digest:weekly', 'weekly:2026-W46');
      // Friday 4 Dec: the last complete week is W48; W47 was missed.
      expect((await duePeriods(web.store, 'weekly', new Date('2026-12-04T12:00:00Z'))).map((p) => p.key)).toEqual(['weekly:2026-W47', 'weekly:2026-W48']);
      await checkpointStore(web.store).set('digest:weekly', 'weekly:2026-W30');
      expect((await duePeriods(web.store, 'weekly', new Date('2026-12-04T12:00:00Z'))).map((p) => p.key)).toEqual(['weekly:2026-W45', 'weekly:2026-W46', 'weekly:2026-W47', 'weekly:2026-W48']);
    });
  });
}
