import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { InvalidInputError } from '../../domain/errors.js';
import { cleanOrgName, cleanOrgSlug, cleanWebsite } from '../../domain/org-names.js';
import { pageNumber } from '../../domain/paging.js';
import { cardsByIds } from '../../store/feed.js';
import { createOrg, findOrgBySlug, listMembers, memberRole, orgPaperIds, updateOrg, type Org } from '../../store/orgs.js';
import { ForbiddenError } from '../http/security.js';
import { MessagePage } from '../views/layout.js';
import { orgPath } from '../views/org-badge.js';
import { OrgNewPage } from '../views/org-new-page.js';
import { OrgPage } from '../views/org-page.js';
import { requireUser } from './comments.js';
import { votedSet } from './feed.js';
import { followState } from './follow-state.js';
import { cachedPage, formField, pageContext, sendPage, type WebDeps } from './page.js';

/** Papers an org page lists at a time. */
const ORG_PAGE_SIZE = 30;

/** What `?done=` on an org page says: fixed sentences, never text from the URL. */
const DONE: Record<string, string> = {
  created: 'Your organization is ready: invite its members below.',
  saved: 'Saved.',
  avatar: 'The new avatar is up.',
  invited: 'Invitation sent: the link in the mail works once, for 7 days.',
  joined: 'Welcome: you are a member now, and can submit papers under this organization.',
  role: 'Role changed.',
  removed: 'Member removed.',
  left: 'You left the organization.',
};

export function newOrgFormHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user) return reply.redirect('/login?next=/orgs/new', 303);
    return sendPage(reply, h(OrgNewPage, { ctx: pageContext(req, reply, deps) }));
  };
}

/** POST /orgs/new: `name`, `slug`, `website`; the creator is the org's first admin. */
export function createOrgHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const values = { name: formField(req, 'name')?.slice(0, 200), slug: formField(req, 'slug')?.slice(0, 60), website: formField(req, 'website')?.slice(0, 400) };
    const refuse = (error: string) => sendPage(reply, h(OrgNewPage, { ctx: pageContext(req, reply, deps), error, values }), 400);
    try {
      const name = cleanOrgName(values.name);
      const slug = cleanOrgSlug(values.slug);
      const website = cleanWebsite(values.website);
      const org = await createOrg(deps.store, { slug, name, website, userId: user.id, now: deps.now() });
      if (org === 'taken') return refuse(`slug: /orgs/${slug} is taken, choose another`);
      return reply.redirect(`${orgPath(org.slug)}?done=created`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError) return refuse(err.message);
      throw err;
    }
  };
}

/** GET /orgs/:slug: the org page (cached for anonymous readers; a hidden org is for moderators only). */
export function orgHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string }; Querystring: { page?: string; done?: string } }>, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      const org = await findOrgBySlug(deps.store, req.params.slug.toLowerCase());
      if (!org || (org.hiddenAt && !req.user?.isAdmin)) {
        return { status: 404, page: h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'No such organization', error: true }, `Paperboy has no organization "${req.params.slug.slice(0, 40)}".`) };
      }
      return { page: await orgPage(deps, req, reply, org, { notice: DONE[req.query.done ?? ''] }) };
    });
}

/** The org page as `req`'s reader sees it, with a notice or an error. */
export async function orgPage(deps: WebDeps, req: FastifyRequest, reply: FastifyReply, org: Org, message: { notice?: string | undefined; error?: string }) {
  const page = pageNumber((req.query as { page?: string }).page);
  const { ids, total } = await orgPaperIds(deps.store, org.id, { limit: ORG_PAGE_SIZE, offset: (page - 1) * ORG_PAGE_SIZE });
  const cards = await cardsByIds(deps.store, ids);
  const members = await listMembers(deps.store, org.id);
  const role = req.user ? await memberRole(deps.store, org.id, req.user.id) : null;
  const view = { org, members, cards, voted: await votedSet(deps, req, cards), page, pages: Math.max(1, Math.ceil(total / ORG_PAGE_SIZE)), start: (page - 1) * ORG_PAGE_SIZE + 1, role, following: await followState(deps, req, 'org', String(org.id)), ...(message.notice ? { notice: message.notice } : {}), ...(message.error ? { error: message.error } : {}) };
  return h(OrgPage, { ctx: pageContext(req, reply, deps), view });
}

/** The visible org of a form's path and the signed-in user's role in it; only admins pass `admin`. */
export async function orgForWrite(deps: WebDeps, req: FastifyRequest, slug: string, need: 'admin' | 'member') {
  const user = requireUser(req);
  const org = await findOrgBySlug(deps.store, slug.toLowerCase());
  if (!org || org.hiddenAt) throw new InvalidInputError(`no organization ${slug.slice(0, 40)}`, 'not_found');
  const role = await memberRole(deps.store, org.id, user.id);
  if (!role || (need === 'admin' && role !== 'admin')) throw new ForbiddenError(need === 'admin' ? 'only the organization\'s admins can do this' : 'you are not a member of this organization');
  return { user, org, role };
}

/** POST /orgs/:slug/edit: `name`, `website` (admins). */
export function editOrgHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) => {
    const { org } = await orgForWrite(deps, req, req.params.slug, 'admin');
    try {
      await updateOrg(deps.store, org.id, { name: cleanOrgName(formField(req, 'name')), website: cleanWebsite(formField(req, 'website')) });
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      reply.header('cache-control', 'private, no-store');
      return sendPage(reply, await orgPage(deps, req, reply, org, { error: err.message }), 400);
    }
    return reply.redirect(`${orgPath(org.slug)}?done=saved`, 303);
  };
}
