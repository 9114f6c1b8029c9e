import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { cleanEmail } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { acceptInvite, changeMember, openInvite, saveInvite } from '../../store/orgs.js';
import { findUserByName } from '../../store/users.js';
import { checkCsrf } from '../http/security.js';
import { hashToken, randomToken } from '../http/tokens.js';
import { takeOrRefuse } from '../http/user-limits.js';
import { MessagePage } from '../views/layout.js';
import { orgPath } from '../views/org-badge.js';
import { OrgInvitePage } from '../views/org-page.js';
import { orgForWrite, orgPage } from './orgs.js';
import { formField, pageContext, sendPage, type WebDeps } from './page.js';

/** How long an invitation link works. */
export const INVITE_DAYS = 7;
/** Invitations an org's admin may send an hour (counted in the store): a lab's worth, not a mail cannon. */
const INVITES_PER_HOUR = 20;

/**
 * POST /orgs/:slug/invite: `email` (admins). Mails a signed single-use link, as sign-in links are
 * made: a random token, only its hash kept (src/web/pages/login.ts); whoever signs in with that
 * address and follows it joins as a member.
 */
export function inviteHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) => {
    const { user, org } = await orgForWrite(deps, req, req.params.slug, 'admin');
    let email: string;
    try {
      email = cleanEmail(formField(req, 'email'));
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      reply.header('cache-control', 'private, no-store');
      return sendPage(reply, await orgPage(deps, req, reply, org, { error: err.message }), 400);
    }
    const now = deps.now();
    await takeOrRefuse(deps.store, { key: `org-invites:user:${user.id}`, limit: INVITES_PER_HOUR, windowMs: 3_600_000 }, now, 'Too many invitations this hour: wait a while before sending more.');
    const token = randomToken();
    await saveInvite(deps.store, { tokenHash: hashToken(token), orgId: org.id, email, invitedBy: user.id, now, expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000) });
    const link = `${deps.config.baseUrl}/orgs/invite?token=${token}`;
    const result = await deps.mailer.send({
      to: email,
      subject: `Join ${org.name} on Paperboy`,
      text: `${user.displayName} invites you to join ${org.name} on Paperboy (${deps.config.baseUrl}${orgPath(org.slug)}).\n\nSign in with this address and accept:\n\n${link}\n\nThe link works once, for ${INVITE_DAYS} days. If you did not expect it, ignore this mail.\n`,
    });
    if (!result.ok) req.log.error(`invitation mail to ${email} failed: ${result.message}`);
    return reply.redirect(`${orgPath(org.slug)}?done=invited#members`, 303);
  };
}

/** GET /orgs/invite?token=: signed out, sign in first (back here after); signed in, one button to join. */
export function invitePageHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { token?: string } }>, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const token = (req.query.token ?? '').slice(0, 100);
    if (!/^[\w-]+$/.test(token)) return expired(deps, req, reply);
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(`/orgs/invite?token=${token}`)}`, 303);
    const invite = await openInvite(deps.store, hashToken(token), deps.now());
    if (!invite) return expired(deps, req, reply);
    return sendPage(reply, h(OrgInvitePage, { ctx: pageContext(req, reply, deps), token, org: invite.org }));
  };
}

/** POST /orgs/invite: `token`. Only the user signed in with the invited address joins; the link works once. */
export function acceptInviteHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    const token = (formField(req, 'token') ?? '').slice(0, 100);
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(`/orgs/invite?token=${token}`)}`, 303);
    const answer = await acceptInvite(deps.store, hashToken(token), req.user, deps.now());
    if (answer.status === 'joined') return reply.redirect(`${orgPath(answer.org.slug)}?done=joined`, 303);
    if (answer.status === 'other-address') {
      return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'This invitation is for someone else', error: true }, 'It was sent to another e-mail address: sign in with that address to accept it.'), 403);
    }
    return expired(deps, req, reply);
  };
}

function expired(deps: WebDeps, req: FastifyRequest, reply: FastifyReply) {
  return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'This invitation no longer works', error: true }, `Invitations work once and for ${INVITE_DAYS} days: ask the organization's admin for a new one.`), 400);
}

/** POST /orgs/:slug/members/role: `user` (handle), `role` (admins). The last admin cannot be demoted. */
export function memberRoleHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) => {
    const { org } = await orgForWrite(deps, req, req.params.slug, 'admin');
    const role = formField(req, 'role');
    if (role !== 'admin' && role !== 'member') throw new InvalidInputError('role: admin or member');
    const target = await findUserByName(deps.store, formField(req, 'user') ?? '');
    const result = target ? await changeMember(deps.store, org.id, target.id, role) : 'not-member';
    return answer(deps, req, reply, org, result, 'role');
  };
}

/** POST /orgs/:slug/members/remove: `user` (handle). Admins remove anyone, a member removes themself (leaves); never the last admin. */
export function removeMemberHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) => {
    const { user, org, role } = await orgForWrite(deps, req, req.params.slug, 'member');
    const target = await findUserByName(deps.store, formField(req, 'user') ?? '');
    const self = target?.id === user.id;
    if (!self && role !== 'admin') throw new InvalidInputError('only the organization\'s admins can remove other members');
    const result = target ? await changeMember(deps.store, org.id, target.id, null) : 'not-member';
    return answer(deps, req, reply, org, result, self ? 'left' : 'removed');
  };
}

async function answer(deps: WebDeps, req: FastifyRequest, reply: FastifyReply, org: Parameters<typeof orgPage>[3], result: 'done' | 'not-member' | 'last-admin', done: string) {
  if (result === 'done') return reply.redirect(`${orgPath(org.slug)}?done=${done}#members`, 303);
  reply.header('cache-control', 'private, no-store');
  const error = result === 'last-admin' ? 'An organization needs an admin: make another member admin first.' : 'No such member.';
  return sendPage(reply, await orgPage(deps, req, reply, org, { error }), result === 'last-admin' ? 409 : 400);
}
