import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectionPath } from '../../domain/collection-rules.js';
import { safeNextPath } from '../../domain/community-rules.js';
import { InvalidInputError } from '../../domain/errors.js';
import { rowIdParam } from '../http/query-params.js';
import { addPaperAs, createCollectionAs, deleteCollectionAs, editCollectionAs, movePaperAs, notePaperAs, ownedCollection, parseMove, removePaperAs } from '../collection-writes.js';
import { requireUser } from './comments.js';
import { formField, wantsJson, type WebDeps } from './page.js';

/** The site's collection forms: plain POSTs with the CSRF token, each redirecting (303) to the page that shows the result. */

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** POST /collections: `title`, `description`, `visibility` (public unless `private`). */
export function createCollectionHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const c = await createCollectionAs(deps, user, { title: formField(req, 'title'), description: formField(req, 'description'), visibility: formField(req, 'visibility') });
    return reply.redirect(collectionPath(c), 303);
  };
}

/**
 * POST /collections/add: `paper`, `collection` (an id of the reader's, or `new` with
 * `new_title`), `back`. Adding a paper already there changes nothing. JSON for the page script
 * (`Accept: application/json`), else a redirect to `back` (a local path; anything else goes home).
 */
export function addToCollectionHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const which = formField(req, 'collection');
    const created = which === 'new';
    const collection = created ? await createCollectionAs(deps, user, { title: formField(req, 'new_title') }) : await ownedCollection(deps, rowIdParam('collection', which), user);
    const { paperId, added } = await addPaperAs(deps, user, collection.id, formField(req, 'paper'));
    if (wantsJson(req)) {
      const message = added ? `Added to ${collection.title}` : `Already in ${collection.title}`;
      return reply.send({ paper: paperId, added, created, message, collection: { id: collection.id, title: collection.title, url: collectionPath(collection) } });
    }
    return reply.redirect(safeNextPath(formField(req, 'back')), 303);
  };
}

/** POST /collections/:id/edit: `title`, `description`, `visibility`. */
export function editCollectionHandler(deps: WebDeps) {
  return async (req: IdRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const c = await editCollectionAs(deps, user, rowIdParam('collection', req.params.id), {
      title: formField(req, 'title'), description: formField(req, 'description') ?? '', visibility: formField(req, 'visibility'),
    });
    return reply.redirect(collectionPath(c), 303);
  };
}

/** POST /collections/:id/delete: needs `confirm=yes` (the form's checkbox). */
export function deleteCollectionHandler(deps: WebDeps) {
  return async (req: IdRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    if (formField(req, 'confirm') !== 'yes') throw new InvalidInputError('tick "Yes, delete" to delete the collection', 'confirm');
    await deleteCollectionAs(deps, user, rowIdParam('collection', req.params.id));
    return reply.redirect(`/u/${encodeURIComponent(user.name)}#collections`, 303);
  };
}

/** POST /collections/:id/note: `paper`, `note` ('' clears it). */
export function noteHandler(deps: WebDeps) {
  return paperAction(deps, async (user, id, paper, req) => notePaperAs(deps, user, id, paper, formField(req, 'note') ?? ''));
}

/** POST /collections/:id/move: `paper`, `move` (`up`, `down`, or a place). */
export function moveHandler(deps: WebDeps) {
  return paperAction(deps, async (user, id, paper, req) => movePaperAs(deps, user, id, paper, parseMove(formField(req, 'move'))));
}

/** POST /collections/:id/remove: `paper`. */
export function removeHandler(deps: WebDeps) {
  return paperAction(deps, async (user, id, paper) => removePaperAs(deps, user, id, paper));
}

function paperAction(deps: WebDeps, act: (user: ReturnType<typeof requireUser>, id: number, paper: string, req: FastifyRequest) => Promise<void>) {
  return async (req: IdRequest, reply: FastifyReply) => {
    const user = requireUser(req);
    const id = rowIdParam('collection', req.params.id);
    const paper = formField(req, 'paper') ?? '';
    await act(user, id, paper, req);
    const c = await ownedCollection(deps, id, user);
    return reply.redirect(`${collectionPath(c)}#p-${encodeURIComponent(paper)}`, 303);
  };
}
