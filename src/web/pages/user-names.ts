import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { safeNextPath } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { cleanDisplayName, cleanHandle, handleRevealsEmail } from '../../domain/user-names.js';
import { setUserNames, type User } from '../../store/users.js';
import { NamesPage, type NamesFormState } from '../views/names-page.js';
import { requireUser } from './comments.js';
import { formField, pageContext, sendPage, type WebDeps } from './page.js';

/** Where sign-in sends a user who has not chosen their names yet; `next` is kept for after. */
export function welcomePath(next: string): string {
  const target = safeNextPath(next);
  return target === '/' ? '/welcome' : `/welcome?next=${encodeURIComponent(target)}`;
}

/** The form's starting values: what the user has now (a new user's random handle). */
export function namesFormState(user: User, extra: Partial<NamesFormState> = {}): NamesFormState {
  return { handle: user.name, displayName: user.displayName, revealing: handleRevealsEmail(user.name, user.email), ...extra };
}

/** GET /welcome?next=: the one step after the first sign-in. Signed out: sign in first. */
export function welcomeFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { next?: string } }>, reply: FastifyReply) => {
    const next = safeNextPath(req.query.next);
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(welcomePath(next))}`, 303);
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, h(NamesPage, { ctx: pageContext(req, reply, deps, { forms: true }), welcome: true, state: namesFormState(req.user, { next }) }));
  };
}

/** POST /welcome: `handle`, `display_name`, `next`; saved, on to `next`. */
export function welcomeHandler(deps: WebDeps) {
  return saveNamesHandler(deps, true);
}

/** POST /profile/names: the same change later, from one's profile; back to the (new) profile. */
export function profileNamesHandler(deps: WebDeps) {
  return saveNamesHandler(deps, false);
}

function saveNamesHandler(deps: WebDeps, welcome: boolean) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const next = welcome ? safeNextPath(formField(req, 'next')) : undefined;
    const typed = { handle: (formField(req, 'handle') ?? '').slice(0, 100), displayName: (formField(req, 'display_name') ?? '').slice(0, 200) };
    const refuse = (error: string) => {
      reply.header('cache-control', 'private, no-store');
      const state = namesFormState(user, { ...typed, error, ...(next !== undefined ? { next } : {}) });
      return sendPage(reply, h(NamesPage, { ctx: pageContext(req, reply, deps, { forms: true }), welcome, state }), 400);
    };
    let handle: string;
    let displayName: string | null;
    try {
      // Keeping one's current handle is always allowed (handles made before these rules may not pass them).
      handle = typed.handle.trim().toLowerCase() === user.name ? user.name : cleanHandle(typed.handle);
      displayName = cleanDisplayName(typed.displayName);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return refuse(err.message);
    }
    // The display name equal to the handle is no display name: it follows later handle changes.
    const saved = await setUserNames(deps.store, user.id, { handle, displayName: displayName === handle ? null : displayName }, deps.now());
    if (saved === 'taken') return refuse(`handle: "${handle}" is taken, choose another`);
    // Cached anonymous pages show names (cards, comments, profiles): drop them.
    deps.cache.clear();
    return reply.redirect(next ?? `/u/${encodeURIComponent(handle)}`, 303);
  };
}
