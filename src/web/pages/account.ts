import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { deleteAccount } from '../../store/account-deletion.js';
import { signOut } from '../http/session.js';
import { AccountDeletePage } from '../views/account-delete-page.js';
import { MessagePage } from '../views/layout.js';
import { requireUser } from './comments.js';
import { formField, isSecure, pageContext, sendPage, type WebDeps } from './page.js';

/** GET /account/delete: the confirmation form; signed out, a sign-in prompt. Never cached. */
export function accountDeleteFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'private, no-store');
    const ctx = pageContext(req, reply, deps);
    if (!req.user) return sendPage(reply, h(MessagePage, { ctx, title: 'Delete your account' }, h('a', { href: '/login?next=%2Faccount%2Fdelete' }, 'Sign in'), ' to delete your account.'));
    return sendPage(reply, h(AccountDeletePage, { ctx, handle: req.user.name }));
  };
}

/**
 * POST /account/delete: `_csrf`, `confirm` (the handle or the e-mail address, any case).
 * A mismatch answers 400 and changes nothing; a match deletes the account (src/store/account-deletion.ts)
 * and signs the browser out. Sent again, the session is gone: 401 "sign in first", nothing changes.
 */
export function accountDeleteHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    reply.header('cache-control', 'private, no-store');
    const typed = (formField(req, 'confirm') ?? '').trim().toLowerCase().slice(0, 254);
    if (typed !== user.name.toLowerCase() && typed !== user.email.toLowerCase()) {
      const ctx = pageContext(req, reply, deps);
      return sendPage(reply, h(AccountDeletePage, { ctx, handle: user.name, typed, error: 'That is neither your handle nor your e-mail address: nothing was deleted.' }), 400);
    }
    await deleteAccount(deps.store, user.id, deps.now());
    await signOut(deps.store, req, reply, isSecure(deps));
    req.user = null;
    const ctx = pageContext(req, reply, deps);
    return sendPage(reply, h(MessagePage, { ctx, title: 'Account deleted' }, 'Your account is deleted and you are signed out. Your upvotes still count and your comments show as "[deleted user]".'));
  };
}
