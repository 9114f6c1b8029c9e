import { isAscii } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';

/** One outgoing message. `html` is optional: sign-in mails are plain text. */
export interface MailMessage {
  /** One recipient, `ada@example.org` or `Ada <ada@example.org>`. */
  to: string;
  subject: string;
  /** A string, or its UTF-8 bytes (digests are rendered as bytes: src/mail/digest-render.ts). */
  text: string | Buffer;
  /** With `html` the message is multipart/alternative: the text part first, the HTML part preferred. */
  html?: string | Buffer;
  /** Extra headers (List-Unsubscribe, List-Id...). Line breaks in values are flattened to spaces. */
  headers?: Record<string, string>;
  /** `<id@host>`; generated when absent. Digests set it so a resend is recognisably the same message. */
  messageId?: string;
  date?: Date;
}

/** A rendered message: its bytes and what the SMTP envelope needs. */
export interface ComposedMessage {
  /** RFC 5322 bytes with LF line ends (Maildir's form); written on first use, like wire(). */
  readonly raw: Buffer;
  /**
   * The same bytes with CRLF line ends, as SMTP carries them. nodemailer's DATA stream turns bare
   * LFs into CRLF itself, but with one JS slice and copy per line (~400 per digest); given CRLF
   * it passes the buffer through untouched.
   */
  wire(): Buffer;
  /** The Message-ID header, `<...>`: the one given, or the one generated. */
  messageId: string;
  /** Bare addresses for MAIL FROM / RCPT TO, parsed from the From and To headers. */
  envelope: { from: string; to: string[] };
}

/**
 * Renders a message once; maildir, SMTP and `digest preview` all send what this returns.
 *
 * Built here rather than by nodemailer's composer: a digest run renders one 20-60 kB message per
 * subscriber, and the composer's stream pipeline (JS base64 line wrapping, JS LF conversion, a
 * random boundary from crypto per part) cost ~1 ms of CPU per digest, more than the SMTP send
 * itself (bench:digest, profiled with --cpu-prof). This builds the same shape with Node's native
 * base64: headers, then one text/plain part, or multipart/alternative (text, then HTML) with both
 * parts in base64. The bytes are written once, into one buffer of the final size, for the line
 * ends asked for (`raw` or `wire()`, each made on first use): building the base64 lines as
 * strings, joining them and encoding the result again cost ~0.2 ms per 60 kB digest.
 */
export async function composeMessage(msg: MailMessage, from: string): Promise<ComposedMessage> {
  const sender = parseSender(from);
  const recipients = parseAddresses(msg.to);
  const envelopeFrom = sender?.address ?? '';
  const messageId = msg.messageId ? oneLine(msg.messageId) : `<${randomBytes(12).toString('hex')}.${Date.now().toString(36)}@${envelopeFrom.split('@')[1] || 'paperboy'}>`;
  const lines = [
    `From: ${sender ? formatAddress(sender) : encodeWords(oneLine(from))}`,
    `To: ${recipients.map(formatAddress).join(', ') || encodeWords(oneLine(msg.to))}`,
    `Subject: ${encodeWords(oneLine(msg.subject))}`,
    `Message-ID: ${messageId}`,
    `Date: ${(msg.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000')}`,
    ...Object.entries(msg.headers ?? {}).map(([k, v]) => `${k.replace(/[^\x21-\x39\x3b-\x7e]/g, '')}: ${encodeWords(oneLine(v))}`),
    'MIME-Version: 1.0',
  ];
  const segments: Segment[] = [];
  if (msg.html === undefined) {
    segments.push(lines, ...part('text/plain', msg.text));
  } else {
    const boundary = nextBoundary();
    lines.push(`Content-Type: multipart/alternative; boundary="${boundary}"`, '', `--${boundary}`);
    segments.push(lines, ...part('text/plain', msg.text), [`--${boundary}`], ...part('text/html', msg.html), [`--${boundary}--`]);
  }
  let raw: Buffer | undefined;
  let wire: Buffer | undefined;
  return {
    get raw() {
      return (raw ??= render(segments, '\n'));
    },
    wire: () => (wire ??= render(segments, '\r\n')),
    messageId,
    envelope: { from: envelopeFrom, to: recipients.map((r) => r.address) },
  };
}

/** The exact RFC 5322 bytes of a message (headers, body). */
export async function buildRawMessage(msg: MailMessage, from: string): Promise<Buffer> {
  return (await composeMessage(msg, from)).raw;
}

/** Lines of a message (each ends with the line end when rendered), or a body that goes out in base64 lines of 76. */
type Segment = string[] | { base64: Buffer };

const BASE64_LINE = 76;

/** The message's bytes with `eol` after every line, written into one buffer of the final size. */
function render(segments: readonly Segment[], eol: '\n' | '\r\n'): Buffer {
  const texts = segments.map((s) => (Array.isArray(s) ? (s.length ? s.join(eol) + eol : '') : undefined));
  let size = 0;
  segments.forEach((s, i) => {
    if (Array.isArray(s)) size += Buffer.byteLength(texts[i]!);
    else size += base64Size(s.base64.length, eol.length);
  });
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  segments.forEach((s, i) => {
    if (Array.isArray(s)) at += out.write(texts[i]!, at);
    else at = writeBase64Lines(out, at, s.base64, eol);
  });
  return out;
}

function base64Size(bytes: number, eolLength: number): number {
  const chars = Math.ceil(bytes / 3) * 4;
  return chars + Math.ceil(chars / BASE64_LINE) * eolLength;
}

/**
 * Writes `body` in base64 at `at`, `eol` after every 76 characters and after the last line:
 * natively encoded into the end of its slot, then each line moved down to its place (copyWithin
 * stays inside the buffer; a line never moves past one that is still to be moved).
 */
function writeBase64Lines(out: Buffer, at: number, body: Buffer, eol: string): number {
  const end = at + base64Size(body.length, eol.length);
  if (body.length === 0) return end;
  const chars = Math.ceil(body.length / 3) * 4;
  const from = end - chars;
  out.write(body.toString('base64'), from, 'latin1');
  const cr = eol.length === 2;
  let to = at;
  for (let i = 0; i < chars; i += BASE64_LINE) {
    const n = Math.min(BASE64_LINE, chars - i);
    out.copyWithin(to, from + i, from + i + n);
    to += n;
    if (cr) out[to++] = 0x0d;
    out[to++] = 0x0a;
  }
  return end;
}

/**
 * One body part: ASCII text with short lines as it is (a sign-in mail stays readable as a file),
 * anything else in base64 (no line of it can start with a dot or contain a boundary, which has
 * characters base64 lacks).
 */
function part(type: 'text/plain' | 'text/html', body: string | Buffer): Segment[] {
  if (typeof body !== 'string') {
    // Bytes go to base64 as they are unless the string rules below could apply (digests have
    // non-ASCII text and no CR, so they never take the string path).
    if (body.includes(0x0d) || (type === 'text/plain' && isAscii(body))) return part(type, body.toString());
    return [[`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', ''], { base64: body }];
  }
  const text = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
  if (type === 'text/plain' && /^[\x20-\x7e\t\n]*$/.test(text) && !/[^\n]{999}/.test(text)) {
    return [[`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 7bit', '', ...(text.endsWith('\n') ? text.slice(0, -1) : text).split('\n')]];
  }
  return [[`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', ''], { base64: Buffer.from(text) }];
}

/** Boundaries: a random prefix per process and a counter (`=_` and `-` never occur in base64). */
const BOUNDARY_PREFIX = `--=_paperboy-${randomBytes(8).toString('hex')}-`;
let boundaries = 0;
function nextBoundary(): string {
  return BOUNDARY_PREFIX + (boundaries++).toString(36);
}

interface Address {
  name: string;
  address: string;
}

/** The sender is the same From for a whole run: parsed once. */
let lastSender: { from: string; address: Address | undefined } | undefined;
function parseSender(from: string): Address | undefined {
  if (lastSender?.from !== from) lastSender = { from, address: parseAddresses(from)[0] };
  return lastSender.address;
}

/** A bare address of these characters is what addressparser would return as it is (subscribers' addresses). */
const PLAIN_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;

function parseAddresses(value: string): Address[] {
  if (PLAIN_ADDRESS.test(value)) return [{ name: '', address: value }];
  return addressparser(oneLine(value), { flatten: true }).filter((a) => a.address).map((a) => ({ name: a.name ?? '', address: a.address }));
}

function formatAddress(a: Address): string {
  if (!a.name) return a.address;
  const name = /^[\x20-\x7e]*$/.test(a.name) ? (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*$/.test(a.name) ? a.name : `"${a.name.replace(/["\\]/g, '\\$&')}"`) : encodeWords(a.name);
  return `${name} <${a.address}>`;
}

/** Header values cannot start a new header line: every line break becomes a space. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/**
 * RFC 2047 encoded words for non-ASCII header text (UTF-8, base64), each at most 75 characters
 * and on its own folded line; ASCII text is left as it is.
 */
function encodeWords(value: string): string {
  if (/^[\x20-\x7e\t]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    // 45 bytes of UTF-8 make 60 base64 characters: with "=?UTF-8?B?" and "?=", 72.
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\n ');
}
