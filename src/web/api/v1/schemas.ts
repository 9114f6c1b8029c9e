import { z } from 'zod';
import { textParamOf, wholeNumberParam } from '../../http/query-params.js';

/**
 * Schemas shared by the /api/v1 routes: query-string helpers for the requests, and the public
 * shapes of the responses, registered under the names the OpenAPI document gives them
 * (`#/components/schemas/Paper`). Presenters return these types, so the document describes
 * what the code sends. Route-specific request schemas live beside their handlers.
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

/** A whole number from a query string in [min, max]; documented as an integer. */
export function intParam(min: number, max: number, fallback: number, description: string) {
  return wholeNumberParam(min, max, fallback).meta({ description, type: 'integer', minimum: min, maximum: max, default: fallback } as Record<string, unknown>);
}

/** A text parameter given once (a repeated one arrives as an array and is refused). */
export function textParam(max: number, description: string) {
  return textParamOf(max).meta({ description });
}

export const cursorParam = textParam(400, 'Where the next page starts: `next_cursor` of the previous page (opaque).').optional();
export const limitParam = (max: number, fallback: number) => intParam(1, max, fallback, `Papers per page, 1-${max}.`);

/** `{id}`: any form of an arXiv id. */
export const idParams = z.object({
  id: z.string().max(300).meta({ description: 'An arXiv id in any form: `2401.00001`, `2401.00001v2`, `arXiv:2401.00001`, `hep-th/9901001` (the slash as is or as `%2F`), or a percent-encoded arxiv.org URL.' }),
});

const nullableString = z.string().nullable();

export const paperSchema = z
  .object({
    id: z.string().meta({ description: 'arXiv id without version' }),
    version: z.number().int().nullable().meta({ description: 'Latest version known' }),
    title: z.string(),
    authors: z.array(z.string()),
    primary_category: nullableString,
    categories: z.array(z.string()),
    upvotes: z.number().int().meta({ description: 'Imported upvotes plus votes on this site' }),
    comments: z.number().int().meta({ description: 'Visible comments' }),
    submitted_by: nullableString.meta({ description: 'User who submitted it here, if anyone' }),
    feed_date: nullableString.meta({ description: 'Day (YYYY-MM-DD) the paper belongs to in the daily feed' }),
    published_at: nullableString.meta({ description: "arXiv submission of the first version (ISO 8601)" }),
    added_at: nullableString.meta({ description: 'When it joined a daily feed (submission or import), if it did' }),
    github_url: nullableString,
    project_url: nullableString,
    url: z.string().meta({ description: "The paper's page on this site" }),
    arxiv_url: z.string(),
    pdf_url: z.string(),
    summary: nullableString.meta({ description: 'One-sentence summary (made offline from the abstract, or by a chat model), null until made' }),
    keywords: z.array(z.string()).meta({ description: '3-8 keyphrases of the title and abstract, empty until made' }),
  })
  .register(apiSchemas, { id: 'Paper', description: 'A paper as lists show it.' });

export const paperDetailSchema = paperSchema
  .extend({
    abstract: nullableString,
    updated_at: nullableString.meta({ description: "arXiv submission of the latest version" }),
    announced_on: nullableString,
    doi: nullableString,
    journal_ref: nullableString,
    report_no: nullableString.meta({ description: 'Institutional report number(s) on arXiv, e.g. `CERN-TH-2024-001`' }),
    msc_class: nullableString.meta({ description: 'Mathematics Subject Classification on arXiv, e.g. `05A15, 05A16`' }),
    arxiv_submitter: nullableString.meta({ description: 'Who submitted the paper to arXiv (not a user of this site: see submitted_by)' }),
    license: nullableString,
    arxiv_comments: nullableString.meta({ description: "The authors' comments field on arXiv (pages, venue)" }),
    versions: z.array(z.object({ version: z.number().int(), submitted_at: z.string(), size: nullableString })),
    bibtex_url: z.string(),
  })
  .register(apiSchemas, { id: 'PaperDetail', description: 'One paper with everything the site knows of it.' });

export const scoredPaperSchema = paperSchema.extend({ score: z.number().meta({ description: 'Relevance; only the order means something' }) }).register(apiSchemas, { id: 'ScoredPaper', description: 'A search or similarity hit.' });

const periodSchema = z.object({
  kind: z.enum(['date', 'week', 'month']),
  key: z.string().meta({ description: '`2026-11-27`, `2026-W48` or `2026-11`' }),
  from: z.string(),
  to: z.string(),
  label: z.string(),
  prev: z.string(),
  next: z.string(),
});

export const paperPageSchema = z
  .object({ period: periodSchema, sort: z.enum(['upvotes', 'date']), papers: z.array(paperSchema), next_cursor: nullableString.meta({ description: 'Pass as `cursor` for the next page; null on the last' }) })
  .register(apiSchemas, { id: 'PaperPage', description: 'A page of a day, week or month.' });

export const trendingSchema = z
  .object({ until: z.string().meta({ description: 'The latest day with papers: the window is the 7 days up to it' }), papers: z.array(paperSchema) })
  .register(apiSchemas, { id: 'Trending', description: 'Papers of the week up to the latest day with papers, ranked by upvotes and comments against age.' });

export const searchResultsSchema = z
  .object({
    mode: z.enum(['keyword', 'semantic', 'hybrid']).meta({ description: 'The mode that answered (meaning search falls back to keywords when it cannot help)' }),
    message: nullableString.meta({ description: 'Why results came from another mode, if they did' }),
    papers: z.array(scoredPaperSchema),
    next_cursor: nullableString,
  })
  .register(apiSchemas, { id: 'SearchResults', description: 'Search hits, best first.' });

export const similarSchema = z.object({ id: z.string(), papers: z.array(scoredPaperSchema) }).register(apiSchemas, { id: 'SimilarPapers', description: 'Papers like this one, most similar first.' });

export const commentSchema = z
  .object({
    id: z.number().int(),
    parent_id: z.number().int().nullable().meta({ description: 'The top-level comment this replies to (replies are one level deep)' }),
    author: nullableString.meta({ description: 'The author\'s handle (/u/{handle}); null once deleted' }),
    body: nullableString.meta({ description: 'Markdown with $math$; null when deleted or hidden by a moderator' }),
    state: z.enum(['visible', 'deleted', 'hidden']),
    created_at: z.string(),
    edited_at: nullableString,
  })
  .register(apiSchemas, { id: 'Comment', description: 'A comment; removed ones keep their place so replies stay in their thread.' });

export const commentListSchema = z.object({ paper_id: z.string(), comments: z.array(commentSchema) }).register(apiSchemas, { id: 'CommentList', description: 'A paper\'s comments in thread order.' });

export const voteStateSchema = z.object({ paper_id: z.string(), voted: z.boolean(), upvotes: z.number().int() }).register(apiSchemas, { id: 'VoteState', description: 'Your vote on a paper after the request.' });

export const submitResultSchema = z
  .object({
    status: z.enum(['added', 'exists']),
    paper: paperDetailSchema,
    upvoted: z.boolean().optional().meta({ description: 'With `exists`: your upvote was added (a hidden paper gets none)' }),
    message: z.string().optional().meta({ description: 'With `exists`: what happened, in words' }),
  })
  .register(apiSchemas, { id: 'SubmitResult', description: '`added`: fetched from arXiv, in today\'s feed, credited to you; `exists`: it was here already, and your submission became your upvote.' });

export const submitQueuedSchema = z
  .object({
    status: z.literal('queued'),
    paper_id: z.string(),
    message: z.string(),
    attempts: z.number().int().meta({ description: 'Tries of arXiv so far' }),
    error: z.string().nullable().meta({ description: "arXiv's last failure" }),
  })
  .register(apiSchemas, { id: 'SubmitQueued', description: 'arXiv did not answer in time: the submission is finished in the background, credited to you.' });

export const collectionSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    slug: z.string(),
    description: z.string().meta({ description: 'Plain text (web addresses are linked on the page)' }),
    visibility: z.enum(['public', 'private']).meta({ description: 'Reads only ever show public collections; a write answers its own private ones' }),
    owner: z.string().meta({ description: "The owner's handle (/u/{handle})" }),
    paper_count: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
    url: z.string().meta({ description: "The collection's page" }),
    feed_url: z.string().nullable().meta({ description: 'Its RSS feed (`.atom` and `.json` too); null when private' }),
  })
  .register(apiSchemas, { id: 'Collection', description: "A user's named, ordered list of papers." });

export const collectionPaperSchema = paperSchema
  .extend({ position: z.number().int().meta({ description: 'Place in the list, 1 first' }), note: z.string().meta({ description: "The owner's note, plain text" }), collected_at: z.string() })
  .register(apiSchemas, { id: 'CollectionPaper', description: 'A paper in a collection, with its place and note.' });

export const collectionDetailSchema = collectionSchema
  .extend({ papers: z.array(collectionPaperSchema) })
  .register(apiSchemas, { id: 'CollectionDetail', description: 'A collection with its papers in order.' });

export const collectionListSchema = z.object({ user: z.string(), collections: z.array(collectionSchema) }).register(apiSchemas, { id: 'CollectionList', description: "A user's public collections, newest first." });

export const paperListSchema = z
  .object({ papers: z.array(paperSchema), next_cursor: nullableString.meta({ description: 'Pass as `cursor` for the next page; null on the last' }) })
  .register(apiSchemas, { id: 'PaperList', description: "A page of an author's or an organization's papers, newest first." });

export const authorSchema = z
  .object({
    id: z.number().int().meta({ description: 'The id to follow (`PUT /api/v1/me/follows`)' }),
    slug: z.string(),
    name: z.string(),
    url: z.string().meta({ description: "The author's page" }),
    papers: z.number().int().meta({ description: 'Visible papers' }),
    upvotes: z.number().int().meta({ description: 'Upvotes those papers received (imported plus votes here)' }),
    verified_users: z.array(z.string()).meta({ description: 'Handles of users verified as this author (/u/{handle}); empty when none' }),
    co_authors: z.array(z.object({ slug: z.string(), name: z.string(), papers: z.number().int() })).meta({ description: 'The authors seen most often on these papers' }),
    categories: z.array(z.object({ category: z.string(), papers: z.number().int() })).meta({ description: 'Categories of these papers (cross-lists count), most first' }),
  })
  .register(apiSchemas, { id: 'Author', description: 'An author of papers here. A merged author\'s slug answers the author it became.' });

export const orgSchema = z
  .object({
    id: z.number().int().meta({ description: 'The id to follow (`PUT /api/v1/me/follows`)' }),
    slug: z.string(),
    name: z.string(),
    website: nullableString,
    avatar_url: nullableString,
    url: z.string().meta({ description: "The organization's page" }),
    members: z.array(z.object({ handle: z.string().meta({ description: '/u/{handle}' }), role: z.enum(['admin', 'member']), joined_at: z.string() })),
  })
  .register(apiSchemas, { id: 'Org', description: 'An organization and its members (handles only).' });

export const followSchema = z
  .object({
    kind: z.enum(['author', 'org', 'category', 'collection']),
    target: z.string().meta({ description: "The author's, org's or collection's id, or the category" }),
    label: z.string().meta({ description: 'Its name (a collection that is gone or private to someone else is not named)' }),
    url: nullableString.meta({ description: 'Its page; null when gone or private to someone else' }),
    created_at: z.string(),
  })
  .register(apiSchemas, { id: 'Follow', description: 'Something you follow: its papers are in your Following feed.' });

export const followListSchema = z.object({ follows: z.array(followSchema) }).register(apiSchemas, { id: 'FollowList', description: 'What you follow, newest first.' });

export const claimSchema = z
  .object({
    id: z.number().int(),
    author: z.object({ slug: z.string(), name: z.string(), url: z.string() }),
    status: z.enum(['pending', 'verified', 'rejected']),
    verified_by: nullableString.meta({ description: '`e-mail domain` (your address\'s domain is in the papers) or `moderator`' }),
    reason: nullableString.meta({ description: "A moderator's reason, once decided" }),
    created_at: z.string(),
    decided_at: nullableString,
  })
  .register(apiSchemas, { id: 'Claim', description: '"This author is me": verified at once by e-mail domain, else pending for a moderator.' });

export const claimListSchema = z.object({ claims: z.array(claimSchema) }).register(apiSchemas, { id: 'ClaimList', description: 'Your claims, newest first.' });

export const errorSchema = z
  .object({ error: z.object({ code: z.string().meta({ description: 'Stable, e.g. invalid_parameter, not_found, rate_limited, invalid_token' }), message: z.string() }) })
  .register(apiSchemas, { id: 'Error', description: 'Every error, with its HTTP status.' });

export type PaperJson = z.infer<typeof paperSchema>;
export type PaperDetailJson = z.infer<typeof paperDetailSchema>;
export type CommentJson = z.infer<typeof commentSchema>;
export type CollectionJson = z.infer<typeof collectionSchema>;
export type CollectionDetailJson = z.infer<typeof collectionDetailSchema>;
export type AuthorJson = z.infer<typeof authorSchema>;
export type OrgJson = z.infer<typeof orgSchema>;
export type FollowJson = z.infer<typeof followSchema>;
export type ClaimJson = z.infer<typeof claimSchema>;
