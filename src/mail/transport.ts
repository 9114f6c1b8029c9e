import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.js';
import { deliverToMaildir } from './maildir.js';
import { buildRawMessage, type MailMessage } from './message.js';

export type SendResult =
  | { ok: true; messageId: string; response?: string }
  /** permanent: the server refused this address for good (5xx); otherwise retry later. */
  | { ok: false; permanent: boolean; code?: number; message: string };

export interface Mailer {
  kind: 'smtp' | 'maildir';
  /** Never throws for delivery failures: they come back classified. */
  send(msg: MailMessage): Promise<SendResult>;
  close(): Promise<void>;
}

export type { MailMessage };

/**
 * SMTP through a nodemailer pool when SMTP_URL is set; otherwise every message lands in the
 * local maildir, so a fresh install can sign in and preview digests without a mail server.
 */
export function createMailer(config: MailConfig): Mailer {
  return config.smtpUrl ? smtpMailer(config, config.smtpUrl) : maildirMailer(config);
}

function maildirMailer(config: MailConfig): Mailer {
  return {
    kind: 'maildir',
    async send(msg) {
      const raw = await buildRawMessage(msg, config.from);
      try {
        deliverToMaildir(config.maildir, raw);
      } catch (err) {
        return { ok: false, permanent: false, message: `maildir ${config.maildir}: ${err instanceof Error ? err.message : String(err)}` };
      }
      return { ok: true, messageId: messageIdOf(raw) };
    },
    async close() {},
  };
}

function smtpMailer(config: MailConfig, url: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: config.concurrency,
    ...(config.ratePerSecond > 0 ? { rateDelta: 1000, rateLimit: config.ratePerSecond } : {}),
    // 10 s to connect and greet: a healthy server answers in milliseconds, a dead one should
    // fail the attempt fast (it is retried later); 30 s of socket silence ends a hung session.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: 'smtp',
    async send(msg) {
      const raw = await buildRawMessage(msg, config.from);
      try {
        const info = (await transport.sendMail({ envelope: { from: addressOf(config.from), to: [msg.to] }, raw })) as { response?: string };
        return { ok: true, messageId: messageIdOf(raw), ...(info.response ? { response: info.response } : {}) };
      } catch (err) {
        return classify(err);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** 5xx from the server is permanent for this address; 4xx, network and timeouts are temporary. */
export function classify(err: unknown): SendResult {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const message = e.message ?? String(err);
  return { ok: false, permanent: code !== undefined && code >= 500 && code < 600, ...(code !== undefined ? { code } : {}), message };
}

function messageIdOf(raw: Buffer): string {
  const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('utf8');
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';
}

/** `Paperboy <x@y>` -> `x@y` for the SMTP envelope. */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
