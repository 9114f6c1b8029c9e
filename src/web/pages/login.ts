import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { cleanEmail, LIMITS, safeNextPath } from '../../domain/community-rules.js';
import { randomHandle } from '../../domain/user-names.js';
import { InvalidInputError } from '../../domain/errors.js';
import { consumeLoginToken, loginTokenEmail, saveLoginToken } from '../../store/auth.js';
import { findOrCreateUser } from '../../store/users.js';
import { checkCsrf } from '../http/security.js';
import { signIn, signOut } from '../http/session.js';
import { hashToken, randomToken } from '../http/tokens.js';
import { takeOrRefuse, USER_LIMITS } from '../http/user-limits.js';
import { LoginConfirmPage, LoginPage, LoginSentPage } from '../views/login-pages.js';
import { MessagePage } from '../views/layout.js';
import { formField, isSecure, pageContext, sendPage, type WebDeps } from './page.js';
import { setNotice } from '../http/notice.js';
import { welcomePath } from './user-names.js';

export function loginFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { next?: string } }>, reply: FastifyReply) => {
    if (req.user) return reply.redirect(safeNextPath(req.query.next), 303);
    return sendPage(reply, h(LoginPage, { ctx: pageContext(req, reply, deps, { forms: true }), next: safeNextPath(req.query.next) }));
  };
}

/**
 * POST /login: mails a single-use link. The answer is the same whether or not the address has
 * an account (no enumeration). Limited per client address and per mailed address, both
 * counted in the store (src/web/http/user-limits.ts), so they hold across processes.
 */
export function loginRequestHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    const ctx = pageContext(req, reply, deps, { forms: true });
    const next = safeNextPath(formField(req, 'next'));
    let email: string;
    try {
      email = cleanEmail(formField(req, 'email'));
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return sendPage(reply, h(LoginPage, { ctx, next, error: err.message, email: formField(req, 'email')?.slice(0, 254) }), 400);
    }
    const now = deps.now();
    const tooMany = 'Too many sign-in mails were asked for: wait an hour, or use the last link you received.';
    await takeOrRefuse(deps.store, USER_LIMITS.loginMailsFromIp(req.ip), now, tooMany);
    await takeOrRefuse(deps.store, USER_LIMITS.loginMailsToAddress(email), now, tooMany);
    const token = randomToken();
    await saveLoginToken(deps.store, { tokenHash: hashToken(token), email, nextPath: next, now, expiresAt: new Date(now.getTime() + LIMITS.loginTokenMinutes * 60_000) });
    const link = `${deps.config.baseUrl}/login/verify?token=${token}`;
    const result = await deps.mailer.send({
      to: email,
      subject: 'Your Paperboy sign-in link',
      text: `Sign in to Paperboy:\n\n${link}\n\nThe link works once, for ${LIMITS.loginTokenMinutes} minutes. If you did not ask for it, ignore this mail.\n`,
    });
    if (deps.mailer.kind === 'maildir') {
      // Without SMTP the person at the console is the one signing in: the link gets a line of its own, not a JSON field.
      req.log.info(`sign-in link for ${email} printed on stderr (no SMTP_URL set; the mail is in the maildir)`);
      process.stderr.write(`\nSign-in link for ${email} (no SMTP_URL set, so it is not mailed):\n\n  ${link}\n\n`);
    }
    if (!result.ok) req.log.error(`sign-in mail to ${email} failed: ${result.message}`);
    return sendPage(reply, h(LoginSentPage, { ctx, email, minutes: LIMITS.loginTokenMinutes }));
  };
}

/** GET /login/verify?token=: a page with one button; the token is used by its POST. */
export function loginConfirmHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { token?: string } }>, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const token = (req.query.token ?? '').slice(0, 100);
    const email = token ? await loginTokenEmail(deps.store, hashToken(token), deps.now()) : undefined;
    return sendPage(reply, h(LoginConfirmPage, { ctx: pageContext(req, reply, deps, { forms: true }), token, email }), email ? 200 : 400);
  };
}

export function loginVerifyHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    const now = deps.now();
    const used = await consumeLoginToken(deps.store, hashToken(formField(req, 'token') ?? ''), now);
    if (!used) {
      const ctx = pageContext(req, reply, deps, { forms: true });
      return sendPage(reply, h(MessagePage, { ctx, title: 'This link no longer works', error: true }, 'Sign-in links work once and for ', String(LIMITS.loginTokenMinutes), ' minutes. ', h('a', { href: '/login' }, 'Ask for a new one'), '.'), 400);
    }
    // A new user's handle says nothing about the address; the welcome step lets them choose.
    const user = await findOrCreateUser(deps.store, used.email, randomHandle, now);
    if (user.bannedAt) {
      return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'Account suspended', error: true }, 'This account was banned; see the moderation log.'), 403);
    }
    await signIn(deps.store, reply, user.id, isSecure(deps), now);
    setNotice(reply, 'signed-in', isSecure(deps));
    return reply.redirect(user.namedAt ? safeNextPath(used.nextPath) : welcomePath(used.nextPath), 303);
  };
}

export function logoutHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    await signOut(deps.store, req, reply, isSecure(deps));
    return reply.redirect('/', 303);
  };
}
