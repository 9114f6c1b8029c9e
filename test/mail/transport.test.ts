import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type MailConfig } from '../../src/config.js';
import { createMailer } from '../../src/mail/transport.js';
import { startTestServer, type TestServer } from '../support/smtp-test-server.js';

function mailConfig(env: Record<string, string>): MailConfig {
  return loadConfig({ MAIL_FROM: 'Paperboy <digest@paperboy.test>', MAIL_RATE_PER_SECOND: '0', ...env }).mail;
}

describe('SMTP transport', () => {
  let smtp: TestServer;
  beforeAll(async () => {
    smtp = await startTestServer();
  });
  afterAll(() => smtp.close());

  it('delivers multipart mail whose subject, parts, headers and Message-ID read back the same', async () => {
    const mailer = createMailer(mailConfig({ SMTP_URL: smtp.url }));
    expect(mailer.kind).toBe('smtp');
    const date = new Date('2025-03-04T06:00:00Z');
    const result = await mailer.send({
      to: 'Ada Lovelace <ada@example.org>',
      subject: 'Top papers: O(n²) — α, β and ∑ᵢ xᵢ',
      text: 'Plain part: O(n²) — α\n.\nA line that is only a dot, above.',
      html: '<p>HTML part: O(n²) — α</p>',
      headers: { 'List-Unsubscribe': '<https://p.test/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      messageId: '<digest-1@paperboy.test>',
      date,
    });
    await mailer.close();
    expect(result).toMatchObject({ ok: true, messageId: '<digest-1@paperboy.test>' });
    if (result.ok) expect(result.response).toMatch(/^250/);

    const delivery = smtp.received.at(-1)!;
    expect(delivery.from).toBe('digest@paperboy.test');
    expect(delivery.to).toEqual(['ada@example.org']);
    const mail = await simpleParser(delivery.raw);
    expect(mail.subject).toBe('Top papers: O(n²) — α, β and ∑ᵢ xᵢ');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Paperboy', address: 'digest@paperboy.test' });
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value[0]).toMatchObject({ name: 'Ada Lovelace', address: 'ada@example.org' });
    expect(mail.text?.trim()).toBe('Plain part: O(n²) — α\n.\nA line that is only a dot, above.');
    expect(mail.html).toContain('<p>HTML part: O(n²) — α</p>');
    expect(mail.messageId).toBe('<digest-1@paperboy.test>');
    expect(mail.date?.toISOString()).toBe(date.toISOString());
    // mailparser folds List-* headers into one structured `list` header; the lines stay as sent.
    const lines = Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line]));
    expect(lines['list-unsubscribe']).toBe('List-Unsubscribe: <https://p.test/u/abc>');
    expect(lines['list-unsubscribe-post']).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const raw = delivery.raw.toString();
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
  });

  it('generates a Message-ID when none is given and reports the one that was sent', async () => {
    const mailer = createMailer(mailConfig({ SMTP_URL: smtp.url }));
    const result = await mailer.send({ to: 'ada@example.org', subject: 'Sign in', text: 'https://p.test/login/verify?token=x' });
    await mailer.close();
    expect(result.ok).toBe(true);
    const mail = await simpleParser(smtp.received.at(-1)!.raw);
    expect(result.ok && result.messageId).toBe(mail.messageId);
    expect(mail.messageId).toMatch(/^<[^<>\s]+@paperboy\.test>$/);
  });

  it('uses the credentials in SMTP_URL, %-encoded characters included', async () => {
    const authed = await startTestServer({ auth: { user: 'paperboy', pass: 'p@ss:w/rd' } });
    try {
      const mailer = createMailer(mailConfig({ SMTP_URL: `smtp://paperboy:${encodeURIComponent('p@ss:w/rd')}@127.0.0.1:${authed.port}` }));
      const result = await mailer.send({ to: 'ada@example.org', subject: 'authed', text: 't' });
      await mailer.close();
      expect(result).toMatchObject({ ok: true });
      expect(authed.received).toHaveLength(1);
    } finally {
      await authed.close();
    }
  });

  it('sends 50 messages at once through at most MAIL_CONCURRENCY connections, each exactly once', async () => {
    const pool = await startTestServer();
    try {
      const mailer = createMailer(mailConfig({ SMTP_URL: pool.url, MAIL_CONCURRENCY: '4' }));
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => mailer.send({ to: `r${i}@example.org`, subject: `n${i}`, text: 't' })));
      await mailer.close();
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(pool.received.map((d) => d.to.join()).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}@example.org`).sort());
      const subjects = await Promise.all(pool.received.map(async (d) => (await simpleParser(d.raw)).subject));
      expect(new Set(subjects).size).toBe(50);
      expect(pool.maxSessions).toBeGreaterThan(1);
      expect(pool.maxSessions).toBeLessThanOrEqual(4);
    } finally {
      await pool.close();
    }
  });

  it('keeps to MAIL_RATE_PER_SECOND across the whole pool', async () => {
    const mailer = createMailer(mailConfig({ SMTP_URL: smtp.url, MAIL_CONCURRENCY: '4', MAIL_RATE_PER_SECOND: '20' }));
    const started = Date.now();
    // 45 at 20 per second: 20 in the first second, 20 in the second, 5 in the third.
    const results = await Promise.all(Array.from({ length: 45 }, (_, i) => mailer.send({ to: `rate${i}@example.org`, subject: 's', text: 't' })));
    const elapsed = Date.now() - started;
    await mailer.close();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
  });

  it('close() lets sends in flight finish, and a send after close() is a programmer error', async () => {
    const before = smtp.received.length;
    const mailer = createMailer(mailConfig({ SMTP_URL: smtp.url, MAIL_CONCURRENCY: '2' }));
    const sends = Array.from({ length: 6 }, (_, i) => mailer.send({ to: `late${i}@example.org`, subject: 's', text: 't' }));
    await Promise.all([mailer.close(), mailer.close()]);
    expect((await Promise.all(sends)).every((r) => r.ok)).toBe(true);
    expect(smtp.received.length - before).toBe(6);
    await expect(mailer.send({ to: 'ada@example.org', subject: 's', text: 't' })).rejects.toThrow(/after close/);
    await mailer.close(); // twice is harmless
  });
});
