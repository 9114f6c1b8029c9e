import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildRawMessage, composeMessage } from '../../src/mail/message.js';

const FROM = 'Paperboy <digest@paperboy.test>';

describe('composeMessage', () => {
  it('renders multipart/alternative with the envelope and Message-ID the transports need', async () => {
    const m = await composeMessage({ to: 'Ada Lovelace <ada@example.org>', subject: 'O(n²) — α', text: 'plain', html: '<p>rich</p>', messageId: '<x@paperboy.test>', date: new Date(0) }, FROM);
    expect(m.envelope).toEqual({ from: 'digest@paperboy.test', to: ['ada@example.org'] });
    expect(m.messageId).toBe('<x@paperboy.test>');
    const raw = m.raw.toString();
    // LF line ends: Maildir files are Unix text; SMTP turns them into CRLF on the wire.
    expect(raw).not.toContain('\r');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).toMatch(/^Date: Thu, 01 Jan 1970 00:00:00 \+0000$/m);
    const mail = await simpleParser(m.raw);
    expect(mail.subject).toBe('O(n²) — α');
    expect(mail.text?.trim()).toBe('plain');
    expect(mail.html).toContain('<p>rich</p>');
  });

  it('keeps plain sign-in mails as one readable text part', async () => {
    const raw = (await buildRawMessage({ to: 'ada@example.org', subject: 'Sign in', text: 'https://p.test/login/verify?token=abc' }, FROM)).toString();
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
    expect(raw).toContain('https://p.test/login/verify?token=abc');
  });

  it('generates a Message-ID in the sender domain when none is given', async () => {
    const m = await composeMessage({ to: 'ada@example.org', subject: 's', text: 't' }, FROM);
    expect(m.messageId).toMatch(/^<[^<>\s@]+@paperboy\.test>$/);
    expect(m.raw.toString()).toContain(`Message-ID: ${m.messageId}`);
  });

  it('cannot be made to add header lines through a header value or the subject', async () => {
    const m = await composeMessage({ to: 'ada@example.org', subject: 'hi\r\nBcc: evil@example.org', text: 't', headers: { 'X-Note': 'a\nBcc: evil@example.org' } }, FROM);
    const mail = await simpleParser(m.raw);
    expect(mail.bcc).toBeUndefined();
    expect(m.raw.toString()).not.toMatch(/^Bcc:/im);
    expect(m.envelope.to).toEqual(['ada@example.org']);
  });

  it('writes UTF-8 bytes as it writes the same text given as a string, base64 lines of 76 at most', async () => {
    const text = `Top papers ▲ 12\n${'Équations d’état, α → β. '.repeat(40)}\n`;
    const html = `<p>${'Résumé — ∑ ✓ '.repeat(300)}</p>`;
    const base = { to: 'ada@example.org', subject: 's', messageId: '<b@paperboy.test>', date: new Date(0) };
    const fromStrings = await composeMessage({ ...base, text, html }, FROM);
    const fromBytes = await composeMessage({ ...base, text: Buffer.from(text), html: Buffer.from(html) }, FROM);
    const sameBoundary = (b: Buffer) => b.toString().replace(/boundary="([^"]+)"/, 'boundary="B"').replaceAll(/--=_paperboy-[^\s"]+/g, 'B');
    expect(sameBoundary(fromBytes.raw)).toBe(sameBoundary(fromStrings.raw));
    expect(fromBytes.wire().toString()).toBe(fromBytes.raw.toString().replaceAll('\n', '\r\n'));
    const base64Lines = fromBytes.raw.toString().split('\n').filter((l) => /^[A-Za-z0-9+/=]+$/.test(l));
    expect(base64Lines.length).toBeGreaterThan(50);
    expect(Math.max(...base64Lines.map((l) => l.length))).toBe(76);
    const mail = await simpleParser(fromBytes.wire());
    expect(mail.text).toBe(text);
    expect(mail.html).toBe(html);
  });
});
