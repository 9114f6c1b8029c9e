import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type MailConfig } from '../../src/config.js';
import { createMailer } from '../../src/mail/transport.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

function mailConfig(env: Record<string, string>): MailConfig {
  return loadConfig({ MAIL_FROM: 'Paperboy <digest@paperboy.test>', MAIL_RATE_PER_SECOND: '0', ...env }).mail;
}

describe('SMTP transport', () => {
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtpSink({ refuse: { 'gone@example.org': 550, 'busy@example.org': 451 } });
  });
  afterAll(() => smtp.close());

  it('delivers multipart mail with headers that read back the same', async () => {
    const mailer = createMailer(mailConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }));
    const result = await mailer.send({
      to: 'ada@example.org',
      subject: 'Top papers: O(n²) — α',
      text: 'Plain part',
      html: '<p>HTML part</p>',
      headers: { 'List-Unsubscribe': '<https://p.test/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      messageId: '<digest-1@paperboy.test>',
    });
    await mailer.close();
    expect(result).toMatchObject({ ok: true, messageId: '<digest-1@paperboy.test>' });
    const mail = await simpleParser(smtp.received.at(-1)!);
    expect(mail.subject).toBe('Top papers: O(n²) — α');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Paperboy', address: 'digest@paperboy.test' });
    expect(mail.text?.trim()).toBe('Plain part');
    expect(mail.html).toContain('<p>HTML part</p>');
    expect(mail.messageId).toBe('<digest-1@paperboy.test>');
    const raw = smtp.received.at(-1)!.toString();
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(raw).toMatch(/^List-Unsubscribe: <https:\/\/p.test\/u\/abc>$/m);
  });

  it('classifies refusals: 5xx permanent, 4xx temporary', async () => {
    const mailer = createMailer(mailConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }));
    const gone = await mailer.send({ to: 'gone@example.org', subject: 's', text: 't' });
    const busy = await mailer.send({ to: 'busy@example.org', subject: 's', text: 't' });
    await mailer.close();
    expect(gone).toMatchObject({ ok: false, permanent: true, code: 550 });
    expect(busy).toMatchObject({ ok: false, permanent: false, code: 451 });
  });

  it('reports a dead server as a temporary failure, quickly', async () => {
    const dead = await startSmtpSink();
    await dead.close();
    const mailer = createMailer(mailConfig({ SMTP_URL: `smtp://127.0.0.1:${dead.port}` }));
    const started = Date.now();
    const result = await mailer.send({ to: 'ada@example.org', subject: 's', text: 't' });
    await mailer.close();
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('sends 50 messages through the pool, each exactly once', async () => {
    const before = smtp.received.length;
    const mailer = createMailer(mailConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_CONCURRENCY: '4' }));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => mailer.send({ to: `r${i}@example.org`, subject: `n${i}`, text: 't' })));
    await mailer.close();
    expect(results.every((r) => r.ok)).toBe(true);
    const subjects = await Promise.all(smtp.received.slice(before).map(async (raw) => (await simpleParser(raw)).subject));
    expect(subjects.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`).sort());
  });
});

describe('maildir transport', () => {
  it('writes each message into new/ through tmp/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-maildir-'));
    try {
      const mailer = createMailer(mailConfig({ MAILDIR: dir }));
      expect(mailer.kind).toBe('maildir');
      const result = await mailer.send({ to: 'ada@example.org', subject: 'Sign in', text: 'https://p.test/login/verify?token=x' });
      expect(result.ok).toBe(true);
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      const [file] = readdirSync(join(dir, 'new'));
      const mail = await simpleParser(readFileSync(join(dir, 'new', file!)));
      expect(mail.subject).toBe('Sign in');
      expect(mail.text).toContain('token=x');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL: must be smtp:\/\//);
  });
});
