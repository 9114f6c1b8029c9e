import { hasControlCharacter } from './control-characters.js';
import { InvalidInputError } from './errors.js';

/** Limits of the community features; each one is a reason, not a guess to tune later. */
export const LIMITS = {
  /** Sign-in links live 15 minutes: long enough to switch to the mail client, short enough to be useless when found later. */
  loginTokenMinutes: 15,
  /** Sign-in mails per address per hour: a mistyped address cannot be flooded. */
  loginMailsPerHour: 5,
  /** Sessions last 30 days of no sign-in; a shared computer can log out. */
  sessionDays: 30,
  /** Submissions per user per day: a day on arXiv cs has ~1,000 papers; 10 picks is a curator, 100 is a bot. */
  submissionsPerDay: 10,
  /** Comments per user per 10 minutes: room for a conversation, not for a flood. */
  commentsPer10Minutes: 10,
  /**
   * Votes (and unvotes) per user per minute: upvoting every paper of a busy day's list (~50) in
   * one minute still fits; a script toggling a vote 190 times a second does not.
   */
  votesPerMinute: 60,
  /** 10,000 characters: longer than any real comment on a paper (HF caps at about the same). */
  commentMaxChars: 10_000,
  /** Edits within an hour of posting; after that a comment is part of the record. */
  commentEditMinutes: 60,
  /** Moderation reasons are public and must say something. */
  reasonMinChars: 3,
  reasonMaxChars: 500,
} as const;

/** A comment body as stored: CRLF to LF, trailing whitespace trimmed; empty or oversized is an error. */
export function cleanCommentBody(body: unknown): string {
  if (typeof body !== 'string') throw new InvalidInputError('comment: text is required', 'invalid_comment');
  const text = body.replace(/\r\n?/g, '\n').replace(/\u0000/g, '').trim();
  if (text === '') throw new InvalidInputError('comment: write something first', 'invalid_comment');
  if (text.length > LIMITS.commentMaxChars) {
    throw new InvalidInputError(`comment: ${text.length.toLocaleString('en-US')} characters is over the limit of ${LIMITS.commentMaxChars.toLocaleString('en-US')}`, 'comment_too_long');
  }
  return text;
}

export function cleanReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.replace(/\s+/g, ' ').trim() : '';
  if (text.length < LIMITS.reasonMinChars) throw new InvalidInputError('reason: say why (it is shown in the public moderation log)', 'invalid_reason');
  return text.slice(0, LIMITS.reasonMaxChars);
}

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by the
// sign-in mail itself; RFC 5322's full grammar would accept addresses no mail server routes.
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** A lower-cased e-mail address, or a clear error. Control characters (NUL, DEL) are refused: `a\0b@example.org` was mailed to. */
export function cleanEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (email.length > 254 || hasControlCharacter(email) || !EMAIL.test(email)) throw new InvalidInputError(`"${String(value ?? '').slice(0, 80)}" is not an e-mail address`, 'invalid_email');
  return email;
}

/**
 * The one check of a redirect target taken from a request (`next` after sign-in, `back` after a
 * form): a local path, or `fallback`. `//evil.example`, `https://...` and `/\evil.example` leave
 * the site, and browsers drop tabs and line breaks inside URLs, so `/\t/evil.example` is
 * `//evil.example` to them. Hence printable ASCII only (the paths our pages put in forms are
 * percent-encoded already; whitespace, control characters and non-ASCII, which a Location header
 * cannot carry raw, are refused), no backslash anywhere, and no `//` at the start.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 500 || !LOCAL_PATH.test(value) || value.includes('\\') || value.startsWith('//')) return fallback;
  return value;
}

const LOCAL_PATH = /^\/[\x21-\x7e]*$/;
