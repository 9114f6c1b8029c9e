import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestPeriod } from '../../src/domain/digest-rules.js';
import { runDigests } from '../../src/mail/digest-job.js';
import { createMailer } from '../../src/mail/transport.js';
import { outboxStatus } from '../../src/store/outbox.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findSubscriberByEmail, upsertSubscriber } from '../../src/store/subscribers.js';
import { buildRecord } from '../support/factories.js';
import { expectInert } from '../support/html.js';
import { simpleParser } from 'mailparser';
import { startTestServer, type TestServer } from '../support/smtp-test-server.js';
import { dialects } from '../support/stores.js';
import { latestMailTo, startWeb, type WebHarness } from '../support/web.js';

const DAY = '2026-12-01';
const everything = { categories: [], queries: [] };

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`digests (${dialect.name})`, () => {
    let web: WebHarness;
    let smtp: TestServer;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [
        buildRecord({ id: '2612.00001', title: 'Top paper on $\\mathcal{O}(n^2)$ attention', abstract: 'We show attention is quadratic. Then we fix it. A third sentence nobody reads.', categories: ['cs.CL'], dailyAt: `${DAY}T09:00:00.000Z`, upvotes: 50, githubUrl: 'https://github.com/x/y' }),
        buildRecord({ id: '2612.00002', title: 'Vision paper', categories: ['cs.CV'], dailyAt: `${DAY}T09:00:00.000Z`, upvotes: 20 }),
        buildRecord({ id: '2612.00003', title: 'Hostile <img src=x onerror=alert(1)> paper', abstract: '<script>alert(1)</script>', categories: ['cs.CL'], dailyAt: `${DAY}T09:00:00.000Z`, upvotes: 10 }),
      ]);
    });
    afterAll(() => web?.close());
    afterEach(async () => smtp?.close());

    async function send(day = DAY, now?: () => Date) {
      const mailer = createMailer({ ...web.config.mail, smtpUrl: smtp.url, ratePerSecond: 0 });
      try {
        return await runDigests(web.store, web.config, mailer, digestPeriod('daily', day), now ? { now } : {});
      } finally {
        await mailer.close();
      }
    }

    it('subscribes with double opt-in: nothing is sent before the confirmation link is used', async () => {
      smtp = await startTestServer();
      const c = web.client();
      const res = await c.post('/subscribe', { email: 'reader@example.org', frequency: 'daily', categories: 'cs.CL', queries: '', size: '5' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Check your inbox');
      const confirmMail = await latestMailTo(web.maildir, 'reader@example.org');
      const link = /(http:\/\/\S+\/subscribe\/confirm\?t=\S+)/.exec(confirmMail.text ?? '')![1]!;
      expect((await send())!.queued).toBe(0);
      expect(smtp.received).toHaveLength(0);
      const page = await c.get(link.slice(web.url.length));
      expect(page.status).toBe(200);
      const confirmed = await c.post(link.slice(web.url.length), {});
      expect(confirmed.text).toContain('You are subscribed');
      expect((await findSubscriberByEmail(web.store, 'reader@example.org'))?.confirmedAt).not.toBeNull();
    });

    it('sends a good digest once: headers, both parts, topics, links the site accepts', async () => {
      smtp = await startTestServer();
      const first = await send();
      expect(first).toMatchObject({ queued: 1, sent: 1 });
      expect((await send())).toMatchObject({ queued: 0, sent: 0 });
      expect(smtp.received).toHaveLength(1);
      const [mail] = await Promise.all(smtp.received.map((d) => simpleParser(d.raw)));
      expect(mail!.subject).toBe('Top papers for Tue, 1 Dec 2026');
      expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.value[0]!.address : '').toBe('reader@example.org');
      expect(mail!.messageId).toMatch(/^<digest\.[0-9a-f]{24}@paperboy>$/);
      expect(mail!.date).toBeInstanceOf(Date);
      const raw = smtp.received[0]!.raw.toString();
      expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
      expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
      // Topics: cs.CL only, so the cs.CV paper is not in it; math is readable text.
      expect(mail!.text).toContain('Top paper on O(n²) attention');
      expect(mail!.text).toContain('We show attention is quadratic. Then we fix it.');
      expect(mail!.text).not.toContain('A third sentence');
      expect(mail!.text).not.toContain('Vision paper');
      expect(mail!.html).toContain('Top paper on O(n²) attention');
      expectInert(mail!.html as string);
      expect(mail!.html).toContain('Hostile &lt;img src=x onerror=alert(1)&gt; paper');
      const manage = /(http:\/\/\S+\/subscriptions\/manage\?t=[\w.-]+)/.exec(mail!.text ?? '')![1]!;
      const manageRes = await web.client().get(manage.slice(web.url.length));
      expect(manageRes.status).toBe(200);
      expect(manageRes.text).toContain('value="cs.CL"');
      const saved = await web.client().post(manage.slice(web.url.length), { frequency: 'weekly', categories: 'cs.CL, cs.CV', queries: 'attention', size: '7' });
      expect(saved.text).toContain('Saved');
      expect((await findSubscriberByEmail(web.store, 'reader@example.org'))).toMatchObject({ frequency: 'weekly', size: 7, topics: { categories: ['cs.CL', 'cs.CV'], queries: ['attention'] } });
      const unsubscribeUrl = /^List-Unsubscribe:\s*<([^>]+)>/m.exec(raw.replace(/\r?\n[ \t]+/g, " "))![1]!;
      // RFC 8058: the mail client POSTs this body, without cookies or CSRF token.
      const oneClick = await fetch(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(oneClick.status).toBe(200);
      expect((await findSubscriberByEmail(web.store, 'reader@example.org'))?.unsubscribedAt).not.toBeNull();
    });

    it('refuses forged, altered and other-purpose links without telling who exists', async () => {
      const c = web.client();
      for (const t of ['1.u.AAAAAAAAAAAAAAAAAAAAAA', '999.m.AAAAAAAAAAAAAAAAAAAAAA', 'garbage', '']) {
        expect((await c.post(`/unsubscribe?t=${t}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(400);
        expect((await c.get(`/subscriptions/manage?t=${t}`)).status).toBe(400);
      }
    });

    it('updates instead of duplicating, validates input, and answers the same for known addresses', async () => {
      const c = web.client();
      expect((await c.post('/subscribe', { email: 'not-an-address' })).status).toBe(400);
      expect((await c.post('/subscribe', { email: 'x@example.org', categories: 'cs.NOPE, <b>' })).status).toBe(400);
      expect((await c.post('/subscribe', { email: 'x@example.org', size: '500' })).status).toBe(400);
      const a = await c.post('/subscribe', { email: 'twice@example.org', frequency: 'daily' });
      const b = await c.post('/subscribe', { email: 'twice@example.org', frequency: 'weekly' });
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect((await findSubscriberByEmail(web.store, 'twice@example.org'))?.frequency).toBe('weekly');
    });

    it('lets a signed-in subscriber manage the digest from the profile', async () => {
      await upsertSubscriber(web.store, 'owner@example.org', { frequency: 'weekly', topics: everything, size: 10 }, true, new Date());
      const c = web.client();
      await c.signIn('owner@example.org', { handle: 'owner' });
      const profile = await c.get('/u/owner');
      expect(profile.text).toContain('You get the weekly digest');
      const manage = /href="(\/subscriptions\/manage\?t=[^"]+)"/.exec(profile.text)![1]!.replace(/&amp;/g, '&');
      expect((await c.get(manage)).status).toBe(200);
      expect((await web.client().get('/u/owner')).text).not.toContain('/subscriptions/manage');
    });

    it('sends nothing to a subscriber whose topics have no papers in the period', async () => {
      smtp = await startTestServer();
      await upsertSubscriber(web.store, 'astro@example.org', { frequency: 'daily', topics: { categories: ['astro-ph.GA'], queries: [] }, size: 5 }, true, new Date());
      const result = await send();
      expect(result?.empty).toBeGreaterThanOrEqual(1);
      expect(smtp.received.filter((d) => d.to.includes('astro@example.org'))).toHaveLength(0);
    });

    it('keeps every digest through an SMTP outage, and stops mail to addresses refused for good', async () => {
      const dead = await startTestServer();
      await dead.close();
      await upsertSubscriber(web.store, 'patient@example.org', { frequency: 'daily', topics: everything, size: 5 }, true, new Date());
      await upsertSubscriber(web.store, 'gone@example.org', { frequency: 'daily', topics: everything, size: 5 }, true, new Date());
      smtp = dead;
      const down = await send('2026-12-01');
      expect(down).toMatchObject({ sent: 0, failed: 0 });
      expect(down!.retried).toBeGreaterThanOrEqual(2);
      smtp = await startTestServer({ refuseRcpt: { 'gone@example.org': [550, '5.1.1 no such user'] } });
      // Retries wait (1 minute first): a run before that sends nothing, one after it sends all.
      expect((await send('2026-12-01'))!.sent).toBe(0);
      const later = new Date(Date.now() + 2 * 60_000);
      const up = await send('2026-12-01', () => later);
      expect(up!.failed).toBe(1);
      const delivered = smtp.received.flatMap((d) => d.to);
      expect(delivered).toContain('patient@example.org');
      expect(delivered).not.toContain('gone@example.org');
      expect((await findSubscriberByEmail(web.store, 'gone@example.org'))?.bouncedAt).not.toBeNull();
      const status = await outboxStatus(web.store);
      expect(status.recentFailures.some((f) => f.email === 'gone@example.org')).toBe(true);
    });
  });
}
