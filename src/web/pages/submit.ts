import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { LIMITS } from '../../domain/community-rules.js';
import { InvalidInputError, UpstreamError } from '../../domain/errors.js';
import { submitPaper } from '../../ingest/submit-paper.js';
import { submissionLimitReached } from '../write-limits.js';
import { checkCsrf } from '../http/security.js';
import { SubmitPage } from '../views/submit-page.js';
import { formField, pageContext, sendPage, type WebDeps } from './page.js';

export function submitFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { id?: string } }>, reply: FastifyReply) => {
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return sendPage(reply, h(SubmitPage, { ctx: pageContext(req, reply, deps), value: req.query.id?.slice(0, 300) }));
  };
}

/** POST /submit: `id`. A paper already here redirects to its page; a new one is fetched from arXiv. */
export function submitHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    if (!req.user) return reply.redirect('/login?next=/submit', 303);
    const ctx = pageContext(req, reply, deps);
    const value = (formField(req, 'id') ?? '').trim();
    const fail = (error: string, status: number) => sendPage(reply, h(SubmitPage, { ctx, error, value: value.slice(0, 300) }), status);
    if (value === '') return fail('Paste an arXiv id or link first.', 400);
    const now = deps.now();
    if (await submissionLimitReached(deps.store, req.user.id, now)) {
      return fail(`You have submitted ${LIMITS.submissionsPerDay} papers in the last 24 hours, the daily limit. Thank you! Come back tomorrow.`, 429);
    }
    try {
      const outcome = await submitPaper(deps.store, deps.arxiv, deps.config.arxiv.apiUrl, value, req.user.id, now);
      deps.cache.clear();
      return reply.redirect(`/papers/${outcome.id}${outcome.status === 'exists' ? '?already=1' : ''}`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError) return fail(err.message, 400);
      if (err instanceof UpstreamError) {
        req.log.warn(`submission of ${value.slice(0, 100)}: ${err.message}`);
        return fail('arXiv did not answer in time. Try again in a minute.', 503);
      }
      throw err;
    }
  };
}
