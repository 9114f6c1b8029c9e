import { z } from 'zod';
import { InvalidInputError } from '../../../domain/errors.js';
import { verifiedClaimants } from '../../../store/author-claims.js';
import { type Author, authorCategories, authorPaperIds, authorTotals, coAuthors, resolveAuthorSlug } from '../../../store/authors.js';
import { cardsByIds } from '../../../store/feed.js';
import { claimAuthorAs } from '../../claim-author.js';
import type { WebDeps } from '../../pages/page.js';
import { absoluteUrl } from '../../render/absolute-url.js';
import { authorPath } from '../../views/paper-card.js';
import { defineRoute } from './http.js';
import { offsetPage } from './paging.js';
import { presentClaim } from './presenters.js';
import { authorSchema, claimSchema, cursorParam, errorSchema, limitParam, paperListSchema } from './schemas.js';

/** `/api/v1/authors/{slug}`: an author as the author page shows them (the same store reads), their papers, and claims. */

/** As many co-authors and categories as the author page lists. */
const CO_AUTHORS = 12;
const CATEGORIES = 10;

const authorParams = z.object({ slug: z.string().max(200).meta({ description: "The author's slug (the name in `/authors/{slug}`); a merged author's slug answers the author it became" }) });
const pageQuery = z.strictObject({ limit: limitParam(100, 50), cursor: cursorParam });
const notFound = { description: 'No such author', schema: errorSchema };

async function authorOf(deps: WebDeps, slug: string): Promise<Author> {
  const author = await resolveAuthorSlug(deps.store, slug);
  if (!author) throw new InvalidInputError(`no author ${slug.slice(0, 60)}`, 'not_found');
  return author;
}

export const authorBySlug = defineRoute({
  tag: 'People',
  summary: 'An author',
  description: `Name, counts, users verified as this author, the ${CO_AUTHORS} most frequent co-authors and the ${CATEGORIES} main categories.`,
  params: authorParams,
  responses: { 200: { description: 'The author', schema: authorSchema }, 404: notFound },
  example: '/api/v1/authors/ada-lovelace',
  async handler(call) {
    const store = call.deps.store;
    const a = await authorOf(call.deps, call.params.slug);
    const totals = await authorTotals(store, a.id);
    return {
      body: {
        id: a.id, slug: a.slug, name: a.name, url: absoluteUrl(call.deps.config.baseUrl, authorPath(a.slug)), papers: totals.papers, upvotes: totals.upvotes,
        verified_users: (await verifiedClaimants(store, a.id)).map((u) => u.name),
        co_authors: await coAuthors(store, a.id, CO_AUTHORS),
        categories: await authorCategories(store, a.id, CATEGORIES),
      },
    };
  },
});

export const authorPapers = defineRoute({
  tag: 'People',
  summary: "An author's papers",
  description: 'Their visible papers, newest feed day first, paged by cursor.',
  params: authorParams,
  query: pageQuery,
  responses: { 200: { description: 'One page of papers', schema: paperListSchema }, 400: { description: 'Bad parameter or cursor', schema: errorSchema }, 404: notFound },
  example: '/api/v1/authors/ada-lovelace/papers?limit=20',
  async handler(call) {
    const a = await authorOf(call.deps, call.params.slug);
    return { body: await offsetPage(call, async (page) => cardsByIds(call.deps.store, await authorPaperIds(call.deps.store, a.id, page))) };
  },
});

export const claimAuthor = defineRoute({
  tag: 'People',
  summary: 'Claim an author as yourself',
  description: 'Verified at once when your e-mail domain appears in the author\'s papers (an institution\'s, not a public mail provider\'s), else pending for a moderator. Claiming again changes nothing: the answer is the claim as it stands.',
  auth: true,
  params: authorParams,
  responses: {
    200: { description: 'Your claim', schema: claimSchema },
    401: { description: 'No valid token', schema: errorSchema },
    404: notFound,
    429: { description: 'Write rate limit', schema: errorSchema },
  },
  example: '/api/v1/authors/ada-lovelace/claims',
  async handler(call) {
    const a = await authorOf(call.deps, call.params.slug);
    const claim = await claimAuthorAs(call.deps, call.identity!.user, a);
    return { body: presentClaim({ ...claim, authorSlug: a.slug, authorName: a.name }, call.deps.config.baseUrl) };
  },
});
