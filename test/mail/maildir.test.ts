import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deliverToMaildir, listMaildir, maildirName, readMaildirMessage } from '../../src/mail/maildir.js';
import { createMailer } from '../../src/mail/transport.js';

describe('maildir transport', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'paperboy-maildir-')), 'mail');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('writes each message into new/ through tmp/, readable by mailparser and by the owner only', async () => {
    const mailer = createMailer(loadConfig({ MAILDIR: dir, MAIL_FROM: 'Paperboy <p@paperboy.test>' }).mail);
    expect(mailer.kind).toBe('maildir');
    const result = await mailer.send({
      to: 'ada@example.org',
      subject: 'Sign in — O(n²)',
      text: 'https://p.test/login/verify?token=x',
      html: '<p>α</p>',
      headers: { 'List-Unsubscribe': '<https://p.test/u/abc>' },
      messageId: '<m1@paperboy.test>',
    });
    await mailer.close();
    expect(result).toMatchObject({ ok: true, messageId: '<m1@paperboy.test>' });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    expect(readdirSync(join(dir, 'cur'))).toEqual([]);
    const [file] = readdirSync(join(dir, 'new'));
    expect(result.ok && result.response).toBe(join(dir, 'new', file!));
    expect(file).not.toMatch(/\.eml$|:/);
    expect(statSync(join(dir, 'new', file!)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'new')).mode & 0o777).toBe(0o700);
    const mail = await simpleParser(await readMaildirMessage(join(dir, 'new', file!)));
    expect(mail.subject).toBe('Sign in — O(n²)');
    expect(mail.text).toContain('token=x');
    expect(mail.html).toContain('<p>α</p>');
    expect(mail.messageId).toBe('<m1@paperboy.test>');
  });

  it('refuses a bad recipient the same way SMTP does, and a broken maildir is a temporary failure', async () => {
    const mailer = createMailer(loadConfig({ MAILDIR: dir }).mail);
    expect(await mailer.send({ to: 'nobody', subject: 's', text: 't' })).toMatchObject({ ok: false, permanent: true });
    mkdirSync(join(dir, '..'), { recursive: true });
    writeFileSync(join(dir, '..', 'file'), 'not a folder');
    const broken = createMailer(loadConfig({ MAILDIR: join(dir, '..', 'file') }).mail);
    const result = await broken.send({ to: 'ada@example.org', subject: 's', text: 't' });
    expect(result).toMatchObject({ ok: false, permanent: false, message: expect.stringMatching(/^maildir /) });
  });

  it('gives 500 concurrent deliveries 500 distinct files', async () => {
    const raw = Buffer.from('Subject: x\n\nbody\n');
    const paths = await Promise.all(Array.from({ length: 500 }, () => deliverToMaildir(dir, raw)));
    expect(new Set(paths).size).toBe(500);
    expect(readdirSync(join(dir, 'new'))).toHaveLength(500);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });
});

describe('listMaildir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-maildir-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is empty for a maildir that does not exist yet', async () => {
    expect(await listMaildir(join(dir, 'absent'))).toEqual([]);
  });

  it('lists new/ and cur/ newest first, to the microsecond, in delivery order within one', async () => {
    const at = (iso: string) => new Date(iso);
    const old = await deliverToMaildir(dir, Buffer.from('Subject: old\n\n'), at('2025-01-01T00:00:00.001Z'));
    const a = await deliverToMaildir(dir, Buffer.from('Subject: a\n\n'), at('2025-01-02T00:00:00.500Z'));
    const b = await deliverToMaildir(dir, Buffer.from('Subject: b\n\n'), at('2025-01-02T00:00:00.500Z'));
    // A mail reader moved one to cur/ and flagged it seen; another program left a foreign name.
    mkdirSync(join(dir, 'cur'), { recursive: true });
    const seen = join(dir, 'cur', `${old.split('/').pop()}:2,S`);
    writeFileSync(seen, 'Subject: old\n\n');
    rmSync(old);
    writeFileSync(join(dir, 'new', 'foreign-writer-name'), 'Subject: foreign\n\n');
    writeFileSync(join(dir, 'new', '.hidden-partial'), '');

    const entries = await listMaildir(dir);
    expect(entries.map((e) => e.path)).toEqual([join(dir, 'new', 'foreign-writer-name'), b, a, seen]);
    expect(entries.map((e) => e.folder)).toEqual(['new', 'new', 'new', 'cur']);
    expect(entries[1]!.time.toISOString()).toBe('2025-01-02T00:00:00.500Z');
    expect((await readMaildirMessage(entries[1]!.path)).toString()).toBe('Subject: b\n\n');
  });

  it('names files in the Maildir form: seconds, microseconds, pid, counter, random, host', () => {
    const name = maildirName(new Date('2025-01-02T03:04:05.678Z'));
    expect(name).toMatch(new RegExp(`^1735787045\\.M678000P${process.pid}Q\\d{6}R[0-9a-f]{16}\\.[^/:]+$`));
    expect(maildirName()).not.toBe(maildirName());
  });
});
