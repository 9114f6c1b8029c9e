import { z } from 'zod';
import { InvalidInputError } from '../../../domain/errors.js';
import { cardsByIds } from '../../../store/feed.js';
import { findOrgBySlug, listMembers, type Org, orgPaperIds } from '../../../store/orgs.js';
import type { WebDeps } from '../../pages/page.js';
import { defineRoute } from './http.js';
import { offsetPage } from './paging.js';
import { presentOrg } from './presenters.js';
import { cursorParam, errorSchema, limitParam, orgSchema, paperListSchema } from './schemas.js';

/** `/api/v1/orgs/{slug}`: an organization, its members and the papers submitted under it. A hidden org is not found. */

const orgParams = z.object({ slug: z.string().max(60).meta({ description: 'The org\'s slug (the name in `/orgs/{slug}`)' }) });
const notFound = { description: 'No such organization', schema: errorSchema };

async function visibleOrg(deps: WebDeps, slug: string): Promise<Org> {
  const org = await findOrgBySlug(deps.store, slug.toLowerCase());
  if (!org || org.hiddenAt !== null) throw new InvalidInputError(`no organization ${slug.slice(0, 40)}`, 'not_found');
  return org;
}

export const orgBySlug = defineRoute({
  tag: 'People',
  summary: 'An organization',
  description: 'Name, website, avatar and members with their roles (handles only).',
  params: orgParams,
  responses: { 200: { description: 'The organization', schema: orgSchema }, 404: notFound },
  example: '/api/v1/orgs/deepmind',
  async handler(call) {
    const org = await visibleOrg(call.deps, call.params.slug);
    return { body: presentOrg(org, await listMembers(call.deps.store, org.id), call.deps.config.baseUrl) };
  },
});

export const orgPapers = defineRoute({
  tag: 'People',
  summary: "An organization's papers",
  description: 'Visible papers submitted under it, newest first, paged by cursor.',
  params: orgParams,
  query: z.strictObject({ limit: limitParam(100, 50), cursor: cursorParam }),
  responses: { 200: { description: 'One page of papers', schema: paperListSchema }, 400: { description: 'Bad parameter or cursor', schema: errorSchema }, 404: notFound },
  example: '/api/v1/orgs/deepmind/papers?limit=20',
  async handler(call) {
    const org = await visibleOrg(call.deps, call.params.slug);
    return { body: await offsetPage(call, async (page) => cardsByIds(call.deps.store, (await orgPaperIds(call.deps.store, org.id, page)).ids)) };
  },
});
