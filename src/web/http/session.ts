import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LIMITS } from '../../domain/community-rules.js';
import { createSession, deleteSession, sessionUser } from '../../store/auth.js';
import type { Store } from '../../store/database.js';
import type { User } from '../../store/users.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { hashToken, randomToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    cookies: Record<string, string>;
    /** The signed-in user, or null. */
    user: User | null;
  }
}

export const SESSION_COOKIE = 'pb_session';
export const CSRF_COOKIE = 'pb_csrf';

/** Reads cookies and the session of every request (one indexed lookup when a session cookie is sent). */
export function registerSessions(app: FastifyInstance, store: Store): void {
  app.decorateRequest('cookies', null as unknown as Record<string, string>);
  app.decorateRequest('user', null);
  // Callback-style: an anonymous request (no session cookie) passes without a promise.
  app.addHook('onRequest', (req, _reply, done) => {
    req.cookies = parseCookies(req.headers.cookie);
    const token = req.cookies[SESSION_COOKIE];
    if (!token) {
      req.user = null;
      return done();
    }
    sessionUser(store, hashToken(token), new Date()).then((user) => {
      req.user = user ?? null;
      done();
    }, done);
  });
}

/** Starts a session for the user and sets its cookie. */
export async function signIn(store: Store, reply: FastifyReply, userId: number, secure: boolean, now = new Date()): Promise<void> {
  const token = randomToken();
  const maxAge = LIMITS.sessionDays * 86_400;
  await createSession(store, { tokenHash: hashToken(token), userId, now, expiresAt: new Date(now.getTime() + maxAge * 1000) });
  reply.header('set-cookie', serializeCookie(SESSION_COOKIE, token, { secure, maxAgeSeconds: maxAge }));
}

export async function signOut(store: Store, req: FastifyRequest, reply: FastifyReply, secure: boolean): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (token) await deleteSession(store, hashToken(token));
  reply.header('set-cookie', serializeCookie(SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 }));
}

/** The CSRF token for forms on this page, set as a cookie on first use. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = req.cookies[CSRF_COOKIE];
  if (existing && existing.length >= 32) return existing;
  const token = randomToken();
  req.cookies[CSRF_COOKIE] = token;
  reply.header('set-cookie', serializeCookie(CSRF_COOKIE, token, { secure }));
  return token;
}
