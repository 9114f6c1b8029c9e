import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type MailConfig } from '../../src/config.js';
import { classifySendError, createMailer, type SendResult, smtpTransportOptions } from '../../src/mail/transport.js';
import { closedPort, startSilentServer, startTestServer, type TestServer } from '../support/smtp-test-server.js';

function mailConfig(env: Record<string, string>): MailConfig {
  return loadConfig({ MAIL_FROM: 'Paperboy <digest@paperboy.test>', MAIL_RATE_PER_SECOND: '0', ...env }).mail;
}

async function sendOnce(url: string, to = 'ada@example.org'): Promise<SendResult> {
  const mailer = createMailer(mailConfig({ SMTP_URL: url }));
  try {
    return await mailer.send({ to, subject: 's', text: 't' });
  } finally {
    await mailer.close();
  }
}

describe('SMTP refusals, classified', () => {
  let smtp: TestServer;
  beforeAll(async () => {
    smtp = await startTestServer({
      refuseRcpt: {
        'gone@example.org': [550, '5.1.1 no such user'],
        'plain550@example.org': [550, 'refused'],
        'busy@example.org': [451, '4.3.0 try again later'],
        'relay@example.org': [554, '5.7.1 Relay access denied'],
        'sequence@example.org': [503, '5.5.1 bad sequence of commands'],
      },
      refuseData: { 'full@example.org': [552, '5.2.2 mailbox full'], 'spam@example.org': [554, '5.7.1 message looks like spam'] },
    });
  });
  afterAll(() => smtp.close());

  it.each([
    ['gone@example.org', true, 550],
    ['plain550@example.org', true, 550],
    ['busy@example.org', false, 451],
    // Sending-side causes refuse every recipient alike: not the address's fault.
    ['relay@example.org', false, 554],
    ['sequence@example.org', false, 503],
    ['full@example.org', true, 552],
    ['spam@example.org', false, 554],
  ])('%s -> permanent %s, code %i', async (to, permanent, code) => {
    const result = await sendOnce(smtp.url, to);
    expect(result).toMatchObject({ ok: false, permanent, code });
    if (!result.ok) expect(result.message).toContain(String(code));
  });

  it('one refused recipient leaves the pool usable for the next', async () => {
    const mailer = createMailer(mailConfig({ SMTP_URL: smtp.url, MAIL_CONCURRENCY: '1' }));
    const gone = await mailer.send({ to: 'gone@example.org', subject: 's', text: 't' });
    const fine = await mailer.send({ to: 'ada@example.org', subject: 's', text: 't' });
    await mailer.close();
    expect(gone).toMatchObject({ ok: false, permanent: true });
    expect(fine).toMatchObject({ ok: true });
  });

  it('a refused sender (MAIL FROM 5xx) is ours to fix: temporary for every recipient', async () => {
    const strict = await startTestServer({ refuseFrom: [550, '5.7.1 sender not allowed'] });
    try {
      expect(await sendOnce(strict.url)).toMatchObject({ ok: false, permanent: false, code: 550, message: expect.stringMatching(/^MAIL FROM: /) });
    } finally {
      await strict.close();
    }
  });

  it('wrong credentials (535) are temporary, not a bounce of the recipient', async () => {
    const authed = await startTestServer({ auth: { user: 'paperboy', pass: 'right' } });
    try {
      const result = await sendOnce(`smtp://paperboy:wrong@127.0.0.1:${authed.port}`);
      expect(result).toMatchObject({ ok: false, permanent: false, code: 535 });
      expect(result.ok || result.message).not.toContain('wrong');
      expect(authed.received).toHaveLength(0);
    } finally {
      await authed.close();
    }
  });

  it('a recipient that is not one address is refused before any connection', async () => {
    const before = smtp.received.length;
    for (const to of ['not an address', 'a@example.org, b@example.org', '']) {
      expect(await sendOnce(smtp.url, to)).toMatchObject({ ok: false, permanent: true });
    }
    expect(smtp.received.length).toBe(before);
  });
});

describe('SMTP server unreachable', () => {
  it('connection refused: temporary, and fast', async () => {
    const started = Date.now();
    const result = await sendOnce(`smtp://127.0.0.1:${await closedPort()}`);
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(result).not.toHaveProperty('code');
    expect(result.ok || result.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a relay that accepts and never greets: temporary after the greeting timeout', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      // The URL's query overrides the 10 s default, so the test does not wait 10 s.
      const result = await sendOnce(`smtp://127.0.0.1:${silent.port}?greetingTimeout=300`);
      expect(result).toMatchObject({ ok: false, permanent: false, message: expect.stringMatching(/^ETIMEDOUT: /) });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });
});

describe('classifySendError', () => {
  it.each([
    [{ code: 'EDNS', command: 'CONN', message: 'getaddrinfo ENOTFOUND mail.invalid' }, false],
    [{ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }, false],
    [{ code: 'ESOCKET', command: 'CONN', message: 'read ECONNRESET' }, false],
    [{ code: 'ETLS', command: 'CONN', message: 'self-signed certificate' }, false],
    [{ code: 'EPROTOCOL', responseCode: 554, response: '554 no SMTP service here', command: 'CONN' }, false],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 user unknown', command: 'RCPT TO' }, true],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550-5.7.26 unauthenticated email', command: 'RCPT TO' }, false],
    [{ code: 'EMESSAGE', responseCode: 552, response: '552 5.3.4 message too big', command: 'DATA' }, false],
    [{ code: 'EMESSAGE', responseCode: 550, response: '550 5.4.1 recipient address rejected', command: 'DATA' }, true],
    [{ code: 'EENVELOPE', responseCode: 421, response: '421 shutting down', command: 'RCPT TO' }, false],
    [new Error('something odd'), false],
    ['a string', false],
  ])('%o -> permanent %s', (err, permanent) => {
    expect(classifySendError(err)).toMatchObject({ ok: false, permanent });
  });
});

describe('smtpTransportOptions', () => {
  const config = mailConfig({ MAIL_CONCURRENCY: '3', MAIL_RATE_PER_SECOND: '7' });

  it('pools MAIL_CONCURRENCY connections at MAIL_RATE_PER_SECOND with short timeouts', () => {
    expect(smtpTransportOptions(config, 'smtps://u:p@mail.example.org:465')).toMatchObject({
      pool: true,
      maxConnections: 3,
      rateDelta: 1000,
      rateLimit: 7,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    expect(smtpTransportOptions({ ...config, ratePerSecond: 0 }, 'smtp://127.0.0.1:25')).not.toHaveProperty('rateLimit');
  });

  it('requires STARTTLS when a password would cross the network on smtp://', () => {
    expect(smtpTransportOptions(config, 'smtp://u:p@mail.example.org:587')).toMatchObject({ requireTLS: true });
    expect(smtpTransportOptions(config, 'smtp://mail.example.org:25')).not.toHaveProperty('requireTLS');
    expect(smtpTransportOptions(config, 'smtps://u:p@mail.example.org:465')).not.toHaveProperty('requireTLS');
    expect(smtpTransportOptions(config, 'smtp://u:p@127.0.0.1:1025')).not.toHaveProperty('requireTLS');
    expect(smtpTransportOptions(config, 'smtp://u:p@localhost:1025')).not.toHaveProperty('requireTLS');
  });
});
