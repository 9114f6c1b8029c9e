import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { InvalidInputError } from '../../domain/errors.js';
import { QUEUED, SUBMISSION_LIMIT_MESSAGE, SUBMISSION_RETRY_SECONDS, submitAs } from '../write-limits.js';
import { MediaError } from '../../media/limits.js';
import { prepareMedia, type PreparedMedia } from '../../media/prepare-media.js';
import { checkCsrf } from '../http/security.js';
import { uploadedFile } from '../http/uploads.js';
import { attachMedia } from './media.js';
import { orgsOfUser } from '../../store/orgs.js';
import { SubmitPage } from '../views/submit-page.js';
import { formField, pageContext, sendPage, type WebDeps } from './page.js';

export function submitFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Querystring: { id?: string } }>, reply: FastifyReply) => {
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return sendPage(reply, h(SubmitPage, { ctx: pageContext(req, reply, deps), value: req.query.id?.slice(0, 300), orgs: await orgsOfUser(deps.store, req.user.id) }));
  };
}

/**
 * POST /submit: `id`, and optionally `media`, an image or short video (multipart; checked before
 * anything else happens, src/media/). A new paper is fetched from arXiv and its page shown,
 * with the media attached; one already here gets the user's upvote and its page says so
 * (`?already=1`; the media is attached only when the user is its submitter, else the page says
 * so: `&media=not-yours`); past the wait for arXiv the submission is queued (202) and finished in
 * the background, and the media is not kept (the paper page takes it once the paper is here).
 */
export function submitHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    if (!req.user) return reply.redirect('/login?next=/submit', 303);
    const ctx = pageContext(req, reply, deps);
    const value = (formField(req, 'id') ?? '').trim();
    const orgs = await orgsOfUser(deps.store, req.user.id);
    // The org chosen from the form's list: one the user belongs to, else none.
    const org = orgs.find((o) => String(o.id) === formField(req, 'org'))?.id ?? null;
    const show = (status: number, message: { error?: string; queued?: string }, retryAfter?: number) => sendPage(retryAfter ? reply.header('retry-after', String(retryAfter)) : reply, h(SubmitPage, { ctx, ...message, value: value.slice(0, 300), orgs, org }), status);
    if (value === '') return show(400, { error: 'Paste an arXiv id or link first.' });
    try {
      const file = uploadedFile(req, 'media');
      const media: PreparedMedia | null = file ? await prepareMedia(file) : null;
      const outcome = await submitAs(deps, req.user.id, value, 'submit', org);
      // The form again with the reason (not the generic 429 page), and the Retry-After every 429 carries.
      if (outcome.status === 'limited') return show(429, { error: `${capitalized(SUBMISSION_LIMIT_MESSAGE)}. Thank you! Come back tomorrow.` }, SUBMISSION_RETRY_SECONDS);
      if (outcome.status === 'queued') return show(202, { queued: `${outcome.id}: ${QUEUED}${media ? ' Your file was not kept: attach it from the paper\'s page once the paper is here.' : ''}` });
      const attached = media ? await attachMedia(deps, req.user.id, outcome.id, media) : true;
      const query = [outcome.status === 'exists' ? 'already=1' : '', attached ? '' : 'media=not-yours'].filter(Boolean).join('&');
      return reply.redirect(`/papers/${outcome.id}${query ? `?${query}` : ''}`, 303);
    } catch (err) {
      // A refused file: the form again with why (413: too large, 415: not a type we take).
      if (err instanceof MediaError) return show(err.status, { error: err.message });
      if (err instanceof InvalidInputError) return show(400, { error: err.message });
      throw err;
    }
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
