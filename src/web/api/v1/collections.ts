import { z } from 'zod';
import { COLLECTION_LIMITS, collectionPath } from '../../../domain/collection-rules.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { type Collection, collectionItems, collectionsOfUser } from '../../../store/collections.js';
import { findUserByName } from '../../../store/users.js';
import { addPaperAs, createCollectionAs, deleteCollectionAs, editCollectionAs, movePaperAs, notePaperAs, ownedCollection, readableCollection, removePaperAs, reorderPapersAs } from '../../collection-writes.js';
import { MAX_ROW_ID } from '../../http/query-params.js';
import type { WebDeps } from '../../pages/page.js';
import { defineRoute } from './http.js';
import { presentPaper } from './presenters.js';
import { type CollectionDetailJson, type CollectionJson, collectionDetailSchema, collectionListSchema, collectionSchema, errorSchema } from './schemas.js';

/**
 * `/api/v1/collections`: read public collections (a private one is a 404 on every read, even
 * with its owner's token: reads carry no credential), and the owner's writes with a token.
 */

const collectionParams = z.object({
  collection_id: z.string().regex(/^[1-9]\d{0,9}$/, 'collection_id: a collection id (a whole number)').transform(Number).refine((n) => n <= MAX_ROW_ID, 'collection_id: not a collection id').meta({ description: 'The collection id (the number in `/c/{id}-{slug}`)' }),
});
const collectionPaperParams = collectionParams.extend({
  paper_id: z.string().max(300).meta({ description: 'The arXiv id as listed in the collection (an old-style id with its slash as `%2F`)' }),
});
const userParams = z.object({ name: z.string().max(60).meta({ description: 'A handle' }) });

/** The fields a collection is created and edited with; the rules (length, whitespace) are domain/collection-rules.ts's. */
const collectionFields = {
  title: z.string({ error: 'title: text' }).optional().meta({ description: 'The name' }),
  description: z.string({ error: 'description: text' }).optional().meta({ description: 'Plain text' }),
  visibility: z.enum(['public', 'private'], { error: 'visibility: "public" or "private"' }).optional(),
};

function presentCollection(c: Collection, baseUrl: string): CollectionJson {
  return {
    id: c.id, title: c.title, slug: c.slug, description: c.description, visibility: c.visibility, owner: c.ownerName, paper_count: c.paperCount,
    created_at: c.createdAt, updated_at: c.updatedAt, url: `${baseUrl}${collectionPath(c)}`, feed_url: c.visibility === 'public' ? `${baseUrl}/feeds/collection/${c.id}.rss` : null,
  };
}

async function presentDetail(deps: WebDeps, c: Collection): Promise<CollectionDetailJson> {
  const base = deps.config.baseUrl;
  const items = await collectionItems(deps.store, c.id);
  return { ...presentCollection(c, base), papers: items.map((i) => ({ ...presentPaper(i.card, base), position: i.position, note: i.note, collected_at: i.addedAt })) };
}

const notFound = { description: 'No such public collection', schema: errorSchema };
const writeErrors = {
  400: { description: 'Invalid input, or a limit reached (collections per user, papers per collection, text length)', schema: errorSchema },
  401: { description: 'No valid token', schema: errorSchema },
  403: { description: 'Not your collection', schema: errorSchema },
  404: { description: 'No such collection of yours, or no such paper', schema: errorSchema },
  429: { description: 'Write rate limit', schema: errorSchema },
};

export const collectionById = defineRoute({
  tag: 'Collections',
  summary: 'A collection',
  description: 'A public collection with its papers in order, each with its note. Private collections are not found.',
  params: collectionParams,
  responses: { 200: { description: 'The collection', schema: collectionDetailSchema }, 404: notFound },
  example: '/api/v1/collections/1',
  async handler(call) {
    const c = await readableCollection(call.deps, call.params.collection_id, null);
    return { body: await presentDetail(call.deps, c) };
  },
});

export const userCollections = defineRoute({
  tag: 'Collections',
  summary: "A user's collections",
  description: "The user's public collections, newest first (without their papers).",
  params: userParams,
  responses: { 200: { description: 'The collections', schema: collectionListSchema }, 404: { description: 'No such user', schema: errorSchema } },
  example: '/api/v1/users/ada/collections',
  async handler(call) {
    const user = await findUserByName(call.deps.store, call.params.name);
    if (!user) throw new InvalidInputError(`no user ${call.params.name.slice(0, 40)}`, 'not_found');
    const collections = await collectionsOfUser(call.deps.store, user.id, { includePrivate: false });
    return { body: { user: user.name, collections: collections.map((c) => presentCollection(c, call.deps.config.baseUrl)) } };
  },
});

export const createCollectionRoute = defineRoute({
  tag: 'Collections',
  summary: 'Create a collection',
  description: `Title 1-${COLLECTION_LIMITS.titleMaxChars} characters, description up to ${COLLECTION_LIMITS.descriptionMaxChars.toLocaleString('en-US')}, public unless \`visibility\` is \`private\`; at most ${COLLECTION_LIMITS.perUser} collections per user.`,
  auth: true,
  body: z.strictObject({ ...collectionFields, title: z.string({ error: 'title: required' }).meta({ description: 'The name' }) }),
  responses: { 201: { description: 'The new collection', schema: collectionSchema }, ...writeErrors },
  example: '/api/v1/collections',
  exampleBody: { title: 'Sparse attention reading list', visibility: 'public' },
  async handler(call) {
    const c = await createCollectionAs(call.deps, call.identity!.user, call.body);
    return { status: 201, body: presentCollection(c, call.deps.config.baseUrl) };
  },
});

export const addCollectionPaper = defineRoute({
  tag: 'Collections',
  summary: 'Add a paper to a collection',
  description: `Adds at the end; idempotent (a paper already there keeps its place). \`note\` (up to ${COLLECTION_LIMITS.noteMaxChars} characters) sets its note; at most ${COLLECTION_LIMITS.papers.toLocaleString('en-US')} papers per collection.`,
  auth: true,
  params: collectionParams,
  body: z.strictObject({
    paper_id: z.string({ error: 'paper_id: an arXiv id is required' }).max(300).meta({ description: 'An arXiv id in any form' }),
    note: z.string().optional().meta({ description: 'Plain text' }),
  }),
  responses: { 200: { description: 'The collection after the request (`added` false when the paper was there already)', schema: collectionDetailSchema }, ...writeErrors },
  example: '/api/v1/collections/1/papers',
  exampleBody: { paper_id: '2401.00001', note: 'Section 3 is the part to read.' },
  async handler(call) {
    const user = call.identity!.user;
    await addPaperAs(call.deps, user, call.params.collection_id, call.body.paper_id, call.body.note);
    return { body: await presentDetail(call.deps, await ownedCollection(call.deps, call.params.collection_id, user)) };
  },
});

export const updateCollectionPaper = defineRoute({
  tag: 'Collections',
  summary: 'Move a paper or change its note',
  description: '`position` moves the paper there (1 is first; beyond the end is last; the others shift), `move` one place `up` or `down`; `note` replaces its note (`""` clears it). PUT and PATCH are the same.',
  auth: true,
  params: collectionPaperParams,
  body: z.strictObject({
    position: z.number({ error: 'position: a whole number, 1 first' }).int().min(1).max(COLLECTION_LIMITS.papers).optional(),
    move: z.enum(['up', 'down']).optional(),
    note: z.string().optional(),
  }),
  responses: { 200: { description: 'The collection after the request', schema: collectionDetailSchema }, ...writeErrors },
  example: '/api/v1/collections/1/papers/2401.00001',
  exampleBody: { position: 1 },
  async handler(call) {
    const user = call.identity!.user;
    const { collection_id: id, paper_id: paperId } = call.params;
    const move = call.body.position ?? call.body.move;
    if (move === undefined && call.body.note === undefined) throw new InvalidInputError('give `position`, `move` or `note`', 'invalid_parameter');
    if (call.body.note !== undefined) await notePaperAs(call.deps, user, id, paperId, call.body.note);
    if (move !== undefined) await movePaperAs(call.deps, user, id, paperId, move);
    return { body: await presentDetail(call.deps, await ownedCollection(call.deps, id, user)) };
  },
});

export const removeCollectionPaper = defineRoute({
  tag: 'Collections',
  summary: 'Remove a paper from a collection',
  description: 'The papers after it move up one place.',
  auth: true,
  params: collectionPaperParams,
  responses: { 200: { description: 'The collection after the request', schema: collectionDetailSchema }, ...writeErrors },
  example: '/api/v1/collections/1/papers/2401.00001',
  async handler(call) {
    const user = call.identity!.user;
    await removePaperAs(call.deps, user, call.params.collection_id, call.params.paper_id);
    return { body: await presentDetail(call.deps, await ownedCollection(call.deps, call.params.collection_id, user)) };
  },
});

export const editCollectionRoute = defineRoute({
  tag: 'Collections',
  summary: 'Rename, describe, or change visibility',
  description: 'Changes the fields given (at least one); the others stay as they are. A collection made private disappears from every read, feed and follower\'s list.',
  auth: true,
  params: collectionParams,
  body: z.strictObject(collectionFields).refine((b) => Object.values(b).some((v) => v !== undefined), 'give `title`, `description` or `visibility`'),
  responses: { 200: { description: 'The collection after the request', schema: collectionSchema }, ...writeErrors },
  example: '/api/v1/collections/1',
  exampleBody: { title: 'Sparse attention, 2026', visibility: 'private' },
  async handler(call) {
    const c = await editCollectionAs(call.deps, call.identity!.user, call.params.collection_id, call.body);
    return { body: presentCollection(c, call.deps.config.baseUrl) };
  },
});

export const deleteCollectionRoute = defineRoute({
  tag: 'Collections',
  summary: 'Delete a collection',
  description: 'The collection and its list go for good (the papers stay on the site).',
  auth: true,
  params: collectionParams,
  responses: { 204: { description: 'Deleted' }, ...writeErrors },
  example: '/api/v1/collections/1',
  async handler(call) {
    await deleteCollectionAs(call.deps, call.identity!.user, call.params.collection_id);
    return { status: 204, body: '' };
  },
});

export const reorderCollectionRoute = defineRoute({
  tag: 'Collections',
  summary: 'Put the papers in a new order',
  description: 'The full list of the collection\'s paper ids in the new order, each exactly once (any arXiv id form); a list that misses, repeats or adds a paper is a 400 and nothing changes.',
  auth: true,
  params: collectionParams,
  body: z.strictObject({
    paper_ids: z.array(z.string().max(300), { error: 'paper_ids: a list of arXiv ids' }).max(COLLECTION_LIMITS.papers).meta({ description: 'Every paper of the collection, first to last' }),
  }),
  responses: { 200: { description: 'The collection after the request', schema: collectionDetailSchema }, ...writeErrors },
  example: '/api/v1/collections/1/order',
  exampleBody: { paper_ids: ['2401.00002', '2401.00001'] },
  async handler(call) {
    const user = call.identity!.user;
    await reorderPapersAs(call.deps, user, call.params.collection_id, call.body.paper_ids);
    return { body: await presentDetail(call.deps, await ownedCollection(call.deps, call.params.collection_id, user)) };
  },
});
