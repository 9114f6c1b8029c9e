import { describe, expect, it } from 'vitest';
import { CONFIG_DOC, loadConfig } from '../../src/config.js';

describe('mail configuration', () => {
  it('defaults to the maildir, 4 connections, 10 messages a second', () => {
    expect(loadConfig({}).mail).toEqual({
      smtpUrl: null,
      from: 'Paperboy <paperboy@localhost>',
      maildir: './data/mail',
      concurrency: 4,
      ratePerSecond: 10,
      postalAddress: '',
    });
    expect(loadConfig({ SMTP_URL: '' }).mail.smtpUrl).toBeNull();
  });

  it('reads every mail variable', () => {
    const mail = loadConfig({
      SMTP_URL: 'smtps://user:p%40ss@mail.example.org:465',
      MAIL_FROM: 'papers@example.org',
      MAILDIR: '/var/mail/paperboy',
      MAIL_CONCURRENCY: '8',
      MAIL_RATE_PER_SECOND: '0',
      MAIL_POSTAL_ADDRESS: 'Paperboy, 1 Main St, Springfield',
    }).mail;
    expect(mail).toEqual({
      smtpUrl: 'smtps://user:p%40ss@mail.example.org:465',
      from: 'papers@example.org',
      maildir: '/var/mail/paperboy',
      concurrency: 8,
      ratePerSecond: 0,
      postalAddress: 'Paperboy, 1 Main St, Springfield',
    });
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.org', /SMTP_URL: must be smtp:\/\//],
    ['SMTP_URL', 'mail.example.org:587', /SMTP_URL: must be smtp:\/\//],
    ['SMTP_URL', 'smtp://', /SMTP_URL: must be smtp:\/\//],
    ['SMTP_URL', 'smtp://user:pa/ss@mail.example.org', /SMTP_URL: .*%-encoded/],
    ['MAIL_FROM', 'Paperboy', /MAIL_FROM: must be an address/],
    ['MAIL_FROM', 'a@example.org, b@example.org', /MAIL_FROM: must be an address/],
    ['MAIL_CONCURRENCY', '0', /MAIL_CONCURRENCY/],
    ['MAIL_CONCURRENCY', 'four', /MAIL_CONCURRENCY/],
    ['MAIL_RATE_PER_SECOND', '-1', /MAIL_RATE_PER_SECOND/],
  ])('%s=%s is a configuration error naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_config' });
      // The value itself is not echoed: SMTP_URL carries a password.
      expect((err as Error).message).not.toContain('pa/ss');
    }
  });

  it('documents every mail variable', () => {
    for (const name of ['SMTP_URL', 'MAIL_FROM', 'MAILDIR', 'MAIL_CONCURRENCY', 'MAIL_RATE_PER_SECOND', 'MAIL_POSTAL_ADDRESS'] as const) {
      expect(CONFIG_DOC[name].doc.length).toBeGreaterThan(10);
    }
  });
});
