import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool';
import type { MailConfig } from '../config.js';
import { deliverToMaildir } from './maildir.js';
import { type ComposedMessage, composeMessage, type MailMessage } from './message.js';

export type SendResult =
  /** response: the server's final reply (`250 ...`), or the file written in the maildir. */
  | { ok: true; messageId: string; response?: string }
  /** permanent: this address refused this mail for good (do not retry); otherwise retry later. */
  | { ok: false; permanent: boolean; code?: number; message: string };

export type SendFailure = Extract<SendResult, { ok: false }>;

export interface Mailer {
  kind: 'smtp' | 'maildir';
  /** Never throws for delivery failures: they come back classified. Throws after close(). */
  send(msg: MailMessage): Promise<SendResult>;
  /** Waits for sends in flight, then closes the SMTP connections. */
  close(): Promise<void>;
}

export type { MailMessage };

/**
 * SMTP through a nodemailer pool when SMTP_URL is set; otherwise every message lands in the
 * local maildir, so a fresh install can sign in and preview digests without a mail server.
 *
 * @example
 * const mailer = createMailer(config.mail);
 * const r = await mailer.send({ to: 'ada@example.org', subject: 'Sign in', text: link });
 * if (!r.ok && r.permanent) markBounced(...); else if (!r.ok) retryLater(...);
 * await mailer.close();
 */
export function createMailer(config: MailConfig): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(smtpTransportOptions(config, config.smtpUrl));
    return tracked('smtp', config.from, (m) => sendSmtp(transport, m), async () => transport.close());
  }
  return tracked('maildir', config.from, (m) => sendMaildir(config.maildir, m), async () => {});
}

/** Common to both kinds: render once, refuse what is not one address, count what is in flight. */
function tracked(kind: Mailer['kind'], from: string, deliver: (m: ComposedMessage) => Promise<SendResult>, closeTransport: () => Promise<void>): Mailer {
  const inFlight = new Set<Promise<SendResult>>();
  let closing: Promise<void> | undefined;
  return {
    kind,
    send(msg) {
      if (closing) return Promise.reject(new Error(`mail: send() after close() (to ${msg.to})`));
      const sending = (async (): Promise<SendResult> => {
        const composed = await composeMessage(msg, from);
        const bad = checkRecipient(composed.envelope.to, msg.to);
        return bad ?? deliver(composed);
      })();
      inFlight.add(sending);
      const done = () => void inFlight.delete(sending);
      sending.then(done, done);
      return sending;
    },
    close() {
      // Every caller, the second one included, resolves once the connections are closed.
      closing ??= Promise.allSettled([...inFlight]).then(closeTransport);
      return closing;
    },
  };
}

/**
 * One mailbox per message: the outbox records one result per address, so `a@x, b@y` or a
 * string with no address in it is refused here, permanently, before any connection.
 */
function checkRecipient(parsed: string[], given: string): SendFailure | undefined {
  if (parsed.length === 1 && /^[^\s@]+@[^\s@]+$/.test(parsed[0]!)) return undefined;
  return { ok: false, permanent: true, message: `not exactly one valid recipient address: ${JSON.stringify(given.slice(0, 200))}` };
}

async function sendMaildir(dir: string, m: ComposedMessage): Promise<SendResult> {
  try {
    const path = await deliverToMaildir(dir, m.raw);
    return { ok: true, messageId: m.messageId, response: path };
  } catch (err) {
    // Disk full or permissions: the operator fixes the folder, the same mail goes out later.
    return { ok: false, permanent: false, message: `maildir ${dir}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

/** What nodemailer's pool reads of a queued mail (its transport API: `send(mail, callback)`). */
interface PoolMail {
  data: Record<string, never>;
  message: { getEnvelope(): { from: string; to: string[] }; messageId(): string; getHeader(key: string): string | undefined; createReadStream(): Readable };
}
type PoolTransporter = { send(mail: PoolMail, callback: (err: Error | null, info?: { response?: string }) => void): void };

/**
 * Hands the composed bytes straight to nodemailer's SMTP pool (its transporter's `send`, the API
 * every nodemailer transport implements) instead of `sendMail({ raw })`: for a raw message
 * sendMail still builds a MIME tree, draws a random boundary and Message-ID and runs its plugin
 * chain, ~0.15 ms of CPU per digest (bench:digest, --cpu-prof). The pool, its connections,
 * queueing, reconnects, timeouts and errors are nodemailer's as before.
 */
function sendSmtp(transport: Transport, m: ComposedMessage): Promise<SendResult> {
  const pool = transport.transporter as unknown as PoolTransporter;
  const bytes = m.wire();
  const mail: PoolMail = {
    data: {},
    message: {
      // A fresh envelope per call: the connection adds its recipient bookkeeping to it.
      getEnvelope: () => ({ from: m.envelope.from, to: [...m.envelope.to] }),
      messageId: () => m.messageId,
      getHeader: (key) => (key.toLowerCase() === 'message-id' ? m.messageId : undefined),
      // Already CRLF (ComposedMessage.wire): the DATA stream only dot-stuffs it.
      createReadStream: () => new Readable({ read() { this.push(bytes); this.push(null); } }),
    },
  };
  return new Promise((resolve) => {
    pool.send(mail, (err, info) => resolve(err ? classifySendError(err) : { ok: true, messageId: m.messageId, ...(info?.response ? { response: info.response } : {}) }));
  });
}

/**
 * Options of the nodemailer pool. Query parameters of SMTP_URL override every one of them
 * (nodemailer merges the URL last), e.g. `?socketTimeout=120000` or `?tls.rejectUnauthorized=false`.
 */
export function smtpTransportOptions(config: MailConfig, url: string): SMTPPoolOptions & { pool: true } {
  const parsed = new URL(url);
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(parsed.hostname);
  return {
    url,
    pool: true as const,
    // Digests go out MAIL_CONCURRENCY at a time (src/mail/digests.ts), one connection each.
    maxConnections: config.concurrency,
    // Per second across the whole pool (nodemailer counts per pool, not per connection).
    ...(config.ratePerSecond > 0 ? { rateDelta: 1000, rateLimit: config.ratePerSecond } : {}),
    // nodemailer's defaults are 2 min to connect, 30 s for the greeting and 10 min of socket
    // silence: one dead relay would hold a digest worker for minutes per message. A healthy
    // server connects and greets in milliseconds, so 10 s each fails a dead one fast (the mail
    // is retried later). 30 s of silence ends a hung session; RFC 5321 4.5.3.2 lets a server
    // take up to 10 min after the final ".", and giving up earlier risks a duplicate, which the
    // kept Message-ID lets receivers drop; the relays we target answer in under 1 s.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // A password must not cross the network in clear: with credentials on smtp:// (port 587),
    // STARTTLS becomes required rather than opportunistic, so a stripped STARTTLS fails the
    // send instead. Loopback relays are exempt; `?requireTLS=false` allows a LAN relay without TLS.
    ...(parsed.protocol === 'smtp:' && parsed.username && !loopback ? { requireTLS: true } : {}),
  };
}

/** Enhanced status classes (RFC 3463 "5.X.y") that blame the sending side, not the address. */
const SENDER_SIDE_CLASSES = new Set(['3', '5', '6', '7']);

/**
 * Turns a nodemailer error into a SendResult. Permanent means "this address refused this mail
 * for good", and the digest sender then stops all mail to the address, so the rule is narrow:
 * - a 5xx reply to RCPT TO, or to DATA (with one recipient per transaction, the message is
 *   refused for that recipient), is permanent,
 * - except 503 (bad sequence of commands: a session problem, fine on a new connection), and
 *   except when the enhanced status code names a sending-side cause: 5.7.x security/policy
 *   ("Relay access denied" from a relay we failed to authenticate with, Gmail's 5.7.26 for
 *   missing DMARC alignment), 5.3.x mail system (message too big), 5.5.x protocol, 5.6.x
 *   content. Those would refuse every recipient alike: bouncing each address would wipe out
 *   the list over one configuration mistake, so they are temporary and fixed by the operator.
 * - a 5xx to AUTH, MAIL FROM or the greeting is ours to fix too: temporary.
 * - 4xx, refused or reset connections, timeouts, DNS and TLS failures: temporary.
 */
export function classifySendError(err: unknown): SendFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; responseCode?: unknown; command?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : undefined;
  const text = typeof e.message === 'string' ? e.message : String(err);
  const enhanced = typeof e.response === 'string' ? /^\d{3}[ -]5\.(\d{1,3})\.\d{1,3}\b/.exec(e.response)?.[1] : undefined;
  const permanent =
    code !== undefined &&
    code >= 500 &&
    code < 600 &&
    code !== 503 &&
    (command === 'RCPT TO' || command === 'DATA') &&
    !(enhanced !== undefined && SENDER_SIDE_CLASSES.has(enhanced));
  // Say which step failed: the SMTP command, or nodemailer's code (ETIMEDOUT, EDNS...) before one.
  const step = command && command !== 'CONN' && command !== 'API' ? command : typeof e.code === 'string' ? e.code : undefined;
  const message = step && !text.startsWith(step) ? `${step}: ${text}` : text;
  return { ok: false, permanent, ...(code !== undefined ? { code } : {}), message };
}
