import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { cleanEmail } from '../../domain/community-rules.js';
import { cleanFrequency, cleanSize, cleanTopics, type Preferences } from '../../domain/digest-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { linkFor, requestDigest, subscriberFromLink } from '../../mail/subscriptions.js';
import { confirmSubscriber, unsubscribe, updatePreferences } from '../../store/subscribers.js';
import { findUserByEmail } from '../../store/users.js';
import { MessagePage } from '../views/layout.js';
import { ManagePage, SubscribePage, TokenActionPage } from '../views/subscribe-pages.js';
import { takeOrRefuse, USER_LIMITS } from '../http/user-limits.js';
import { formField, pageContext, sendPage, type WebDeps } from './page.js';

/**
 * Subscriptions need no account. The personal links are the authorization (signed tokens), so
 * their POSTs carry no CSRF token: a mail client's RFC 8058 one-click POST has no cookies. The
 * subscribe form itself is open too (the footer form sits on cached pages); it can only send a
 * confirmation mail, and is rate-limited per client and per address.
 */
export function subscribeFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => sendPage(reply, h(SubscribePage, { ctx: pageContext(req, reply, deps), email: req.user?.email }));
}

export function subscribeHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(req, reply, deps);
    let email: string;
    let prefs: Preferences;
    try {
      email = cleanEmail(formField(req, 'email'));
      prefs = readPreferences(req);
      // For you reads an account's signals: only that account, signed in, may send them to an address (its own).
      if (prefs.topics.forYou && req.user?.email.toLowerCase() !== email.toLowerCase()) {
        throw new InvalidInputError(req.user ? 'For you: only to your own account\'s address (' + req.user.email + ')' : 'For you needs an account: sign in first, then subscribe with your account\'s address', 'for_you_needs_account');
      }
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return sendPage(reply, h(SubscribePage, { ctx, error: err.message, email: formField(req, 'email')?.slice(0, 254) }), 400);
    }
    const tooMany = 'Too many subscription requests: try again in an hour.';
    await takeOrRefuse(deps.store, USER_LIMITS.subscribeMailsFromIp(req.ip), deps.now(), tooMany);
    await takeOrRefuse(deps.store, USER_LIMITS.subscribeMailsToAddress(email), deps.now(), tooMany);
    const result = await requestDigest(deps.store, deps.config, deps.mailer, email, prefs, deps.now());
    if (!result.ok) req.log.error(`subscription mail to ${email} failed: ${result.message}`);
    return sendPage(reply, h(MessagePage, { ctx, title: 'Check your inbox' }, `If ${email} can receive mail, a message with a link is on its way. Nothing is sent to this address until that link is used.`));
  };
}

/** GET /subscribe/confirm?t=: a button; POST confirms. */
export function confirmPageHandler(deps: WebDeps) {
  return tokenPage(deps, 'confirm', 'Confirm your digest', 'One click and the digest starts with the next period.', 'Confirm subscription', '/subscribe/confirm');
}

export function confirmHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { t?: string } }>, reply: FastifyReply) => {
    const subscriber = await subscriberFromLink(deps.store, req.query.t ?? formField(req, 't'), 'confirm');
    if (!subscriber) return invalidLink(req, reply, deps);
    await confirmSubscriber(deps.store, subscriber.id, deps.now());
    const manage = await linkFor(deps.store, deps.config, 'manage', subscriber);
    return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'You are subscribed' }, `The ${subscriber.frequency} digest goes to ${subscriber.email}. `, h('a', { href: manage.slice(deps.config.baseUrl.length) }, 'Change topics or frequency'), '.'));
  };
}

/** GET and POST /subscriptions/manage?t=: the subscriber's preferences, no sign-in needed. */
export function manageHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { t?: string } }>, reply: FastifyReply) => {
    const token = req.query.t ?? '';
    const subscriber = await subscriberFromLink(deps.store, token, 'manage');
    if (!subscriber) return invalidLink(req, reply, deps);
    const ctx = pageContext(req, reply, deps);
    const unsubscribeHref = (await linkFor(deps.store, deps.config, 'unsubscribe', subscriber)).slice(deps.config.baseUrl.length);
    const page = { ctx, token, unsubscribeHref, email: subscriber.email };
    if (req.method === 'GET') {
      return sendPage(reply, h(ManagePage, { ...page, prefs: { frequency: subscriber.frequency, topics: subscriber.topics, size: subscriber.size } }));
    }
    try {
      const prefs = readPreferences(req);
      if (prefs.topics.forYou && !subscriber.topics.forYou && !(await findUserByEmail(deps.store, subscriber.email))) {
        throw new InvalidInputError(`For you needs a Paperboy account with ${subscriber.email}: sign in once with it, then turn For you on`, 'for_you_needs_account');
      }
      await updatePreferences(deps.store, subscriber.id, prefs, deps.now());
      return sendPage(reply, h(ManagePage, { ...page, prefs, saved: true }));
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return sendPage(reply, h(ManagePage, { ...page, prefs: { frequency: subscriber.frequency, topics: subscriber.topics, size: subscriber.size }, error: err.message }), 400);
    }
  };
}

export function unsubscribePageHandler(deps: WebDeps) {
  return tokenPage(deps, 'unsubscribe', 'Unsubscribe', 'Stop the Paperboy digest for this address?', 'Unsubscribe', '/unsubscribe');
}

/** POST /unsubscribe?t=: the page's button and RFC 8058 one-click (body `List-Unsubscribe=One-Click`). */
export function unsubscribeHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { t?: string } }>, reply: FastifyReply) => {
    const subscriber = await subscriberFromLink(deps.store, req.query.t ?? formField(req, 't'), 'unsubscribe');
    if (!subscriber) return invalidLink(req, reply, deps);
    await unsubscribe(deps.store, subscriber.id, deps.now());
    return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'Unsubscribed' }, `No more digests go to ${subscriber.email}. You can subscribe again any time.`));
  };
}

function tokenPage(deps: WebDeps, purpose: 'confirm' | 'unsubscribe', title: string, text: string, button: string, action: string) {
  return async (req: FastifyRequest<{ Querystring: { t?: string } }>, reply: FastifyReply) => {
    const token = req.query.t ?? '';
    if (!(await subscriberFromLink(deps.store, token, purpose))) return invalidLink(req, reply, deps);
    reply.header('cache-control', 'no-store');
    return sendPage(reply, h(TokenActionPage, { ctx: pageContext(req, reply, deps), title, text, button, action: `${action}?t=${encodeURIComponent(token)}` }));
  };
}

function invalidLink(req: FastifyRequest, reply: FastifyReply, deps: WebDeps) {
  return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'This link is not valid', error: true }, 'It may be cut short by your mail program. Copy the whole link from the mail, or ', h('a', { href: '/subscribe' }, 'subscribe again'), '.'), 400);
}

function readPreferences(req: FastifyRequest): Preferences {
  return {
    frequency: cleanFrequency(formField(req, 'frequency')),
    topics: cleanTopics(formField(req, 'categories') ?? '', formField(req, 'queries') ?? '', formField(req, 'following'), formField(req, 'for_you')),
    size: cleanSize(formField(req, 'size')),
  };
}
