import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { InvalidInputError } from '../../domain/errors.js';
import { QUEUED, SUBMISSION_LIMIT_MESSAGE, SUBMISSION_RETRY_SECONDS, submitAs } from '../write-limits.js';
import { checkCsrf } from '../http/security.js';
import { SubmitPage } from '../views/submit-page.js';
import { formField, pageContext, sendPage, type WebDeps } from './page.js';

export function submitFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { id?: string } }>, reply: FastifyReply) => {
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return sendPage(reply, h(SubmitPage, { ctx: pageContext(req, reply, deps), value: req.query.id?.slice(0, 300) }));
  };
}

/**
 * POST /submit: `id`. A new paper is fetched from arXiv and its page shown; one already here
 * gets the user's upvote and its page says so (`?already=1`); past the wait for arXiv the
 * submission is queued (202) and finished in the background.
 */
export function submitHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    if (!req.user) return reply.redirect('/login?next=/submit', 303);
    const ctx = pageContext(req, reply, deps);
    const value = (formField(req, 'id') ?? '').trim();
    const show = (status: number, message: { error?: string; queued?: string }, retryAfter?: number) => sendPage(retryAfter ? reply.header('retry-after', String(retryAfter)) : reply, h(SubmitPage, { ctx, ...message, value: value.slice(0, 300) }), status);
    if (value === '') return show(400, { error: 'Paste an arXiv id or link first.' });
    try {
      const outcome = await submitAs(deps, req.user.id, value, 'submit');
      // The form again with the reason (not the generic 429 page), and the Retry-After every 429 carries.
      if (outcome.status === 'limited') return show(429, { error: `${capitalized(SUBMISSION_LIMIT_MESSAGE)}. Thank you! Come back tomorrow.` }, SUBMISSION_RETRY_SECONDS);
      if (outcome.status === 'queued') return show(202, { queued: `${outcome.id}: ${QUEUED}` });
      return reply.redirect(`/papers/${outcome.id}${outcome.status === 'exists' ? '?already=1' : ''}`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError) return show(400, { error: err.message });
      throw err;
    }
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
