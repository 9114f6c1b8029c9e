import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseCookies, serializeCookie } from './cookies.js';

/**
 * One-time notices across a redirect ("You are signed in"): a short-lived cookie the next page
 * reads and clears. Only for signed-in pages, which are never cached.
 */
export type NoticeKind = 'signed-in';

const NOTICE_COOKIE = 'pb_notice';
const KINDS: readonly NoticeKind[] = ['signed-in'];

export function setNotice(reply: FastifyReply, kind: NoticeKind, secure: boolean): void {
  reply.header('set-cookie', serializeCookie(NOTICE_COOKIE, kind, { secure, maxAgeSeconds: 120 }));
}

/** The notice waiting for this request, cleared so it shows once. */
export function takeNotice(req: FastifyRequest, reply: FastifyReply, secure: boolean): NoticeKind | null {
  const header = req.headers.cookie;
  if (header === undefined || !header.includes(NOTICE_COOKIE)) return null;
  const value = parseCookies(header)[NOTICE_COOKIE];
  reply.header('set-cookie', serializeCookie(NOTICE_COOKIE, '', { secure, maxAgeSeconds: 0 }));
  return KINDS.find((k) => k === value) ?? null;
}
