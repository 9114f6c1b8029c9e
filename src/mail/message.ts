import nodemailer from 'nodemailer';

/** One outgoing message. `html` is optional: sign-in mails are plain text. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** `<id@host>`; generated when absent. Digests set it so a resend is recognisably the same message. */
  messageId?: string;
  date?: Date;
}

// A transport that only renders: the same bytes go to the maildir, to previews and over SMTP.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/** The exact RFC 5322 bytes of a message (headers, multipart/alternative body). */
export async function buildRawMessage(msg: MailMessage, from: string): Promise<Buffer> {
  const info = await composer.sendMail({
    from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    ...(msg.html ? { html: msg.html } : {}),
    ...(msg.headers ? { headers: msg.headers } : {}),
    ...(msg.messageId ? { messageId: msg.messageId } : {}),
    date: msg.date ?? new Date(),
    // Digests (HTML) in base64: Node encodes it natively, where quoted-printable runs in JS;
    // bench:digest went from 264 to 353 messages/s. Plain sign-in mails stay readable as files.
    ...(msg.html ? { textEncoding: 'base64' as const } : {}),
  });
  return info.message as Buffer;
}
