import { tryParseArxivId } from '../domain/arxiv-id.js';
import { cleanCollectionDescription, cleanCollectionNote, cleanCollectionTitle, cleanVisibility } from '../domain/collection-rules.js';
import { InvalidInputError } from '../domain/errors.js';
import {
  addPaperToCollection,
  type Collection,
  type CollectionMove,
  createCollection,
  deleteCollection,
  findCollection,
  movePaperInCollection,
  removePaperFromCollection,
  reorderCollection,
  setCollectionNote,
  updateCollection,
} from '../store/collections.js';
import { cardsByIds } from '../store/feed.js';
import type { User } from '../store/users.js';
import { ForbiddenError } from './http/security.js';
import { COLLECTION_WRITES_PER_MINUTE, takeOrRefuse, USER_LIMITS } from './http/user-limits.js';
import type { WebDeps } from './pages/page.js';

/**
 * The one writer of collections behind the site's forms and /api/v1: who may write (the owner
 * only), clean text (domain/collection-rules.ts), a visible paper, and the per-user write limit
 * counted in the store. The page cache follows the triggers' page changes; this process's own
 * cache is dropped at once as well, so the writer sees the change on its next anonymous read.
 */

/** A collection the reader may see: public, or their own. Anything else is "not found", never "private". */
export async function readableCollection(deps: WebDeps, id: number, reader: User | null): Promise<Collection> {
  const c = await findCollection(deps.store, id);
  if (!c || (c.visibility === 'private' && c.ownerId !== reader?.id)) throw new InvalidInputError(`no collection ${id}`, 'not_found');
  return c;
}

/** A collection `user` owns; others' public collections are refused (403), private ones do not exist for them (404). */
export async function ownedCollection(deps: WebDeps, id: number, user: User): Promise<Collection> {
  const c = await readableCollection(deps, id, user);
  if (c.ownerId !== user.id) throw new ForbiddenError('only its owner can change a collection', 'not_owner');
  return c;
}

async function countWrite(deps: WebDeps, user: User): Promise<void> {
  await takeOrRefuse(deps.store, USER_LIMITS.collectionWrites(user.id), deps.now(), `you have made ${COLLECTION_WRITES_PER_MINUTE} changes to collections in a minute: wait a little`);
}

function changed(deps: WebDeps, paperId?: string): void {
  if (paperId) deps.cache.invalidatePaper(paperId);
  else deps.cache.clear();
}

export async function createCollectionAs(deps: WebDeps, user: User, input: { title: unknown; description?: unknown; visibility?: unknown }): Promise<Collection> {
  const fields = { title: cleanCollectionTitle(input.title), description: cleanCollectionDescription(input.description), visibility: cleanVisibility(input.visibility) };
  await countWrite(deps, user);
  const c = await createCollection(deps.store, user.id, fields, deps.now());
  changed(deps);
  return c;
}

/** Changes the fields given (undefined: left as it is). */
export async function editCollectionAs(deps: WebDeps, user: User, id: number, input: { title?: unknown; description?: unknown; visibility?: unknown }): Promise<Collection> {
  await ownedCollection(deps, id, user);
  const fields = {
    ...(input.title !== undefined ? { title: cleanCollectionTitle(input.title) } : {}),
    ...(input.description !== undefined ? { description: cleanCollectionDescription(input.description) } : {}),
    ...(input.visibility !== undefined ? { visibility: cleanVisibility(input.visibility) } : {}),
  };
  await countWrite(deps, user);
  const c = await updateCollection(deps.store, id, fields, deps.now());
  changed(deps);
  return c!;
}

export async function deleteCollectionAs(deps: WebDeps, user: User, id: number): Promise<void> {
  await ownedCollection(deps, id, user);
  await countWrite(deps, user);
  await deleteCollection(deps.store, id);
  changed(deps);
}

/** The canonical id of a visible paper, or a 400/404 with the reason. */
async function visiblePaperId(deps: WebDeps, raw: unknown): Promise<string> {
  const parsed = tryParseArxivId(typeof raw === 'string' ? raw : '');
  if (typeof parsed === 'string') throw new InvalidInputError(`paper: ${parsed}`, 'invalid_id');
  const [card] = await cardsByIds(deps.store, [parsed.id]);
  if (!card) throw new InvalidInputError(`no paper ${parsed.id} here`, 'not_found');
  return card.id;
}

/** Adds a paper (idempotent; a note given replaces the note). */
export async function addPaperAs(deps: WebDeps, user: User, id: number, paper: unknown, note?: unknown): Promise<{ paperId: string; added: boolean }> {
  await ownedCollection(deps, id, user);
  const paperId = await visiblePaperId(deps, paper);
  const cleanNote = note === undefined ? undefined : cleanCollectionNote(note);
  await countWrite(deps, user);
  const { added } = await addPaperToCollection(deps.store, id, paperId, { ...(cleanNote !== undefined ? { note: cleanNote } : {}), now: deps.now() });
  if (added || cleanNote !== undefined) changed(deps, paperId);
  return { paperId, added };
}

/** A paper id as collections store it: the canonical form of any arXiv id form given (else as given, to be not found). */
function storedPaperId(raw: string): string {
  const parsed = tryParseArxivId(raw);
  return typeof parsed === 'string' ? raw : parsed.id;
}

/** The paper's id as stored in this collection, or a 404. */
function notInCollection(paperId: string): InvalidInputError {
  return new InvalidInputError(`paper ${paperId.slice(0, 40)} is not in this collection`, 'not_found');
}

export async function removePaperAs(deps: WebDeps, user: User, id: number, rawPaperId: string): Promise<void> {
  await ownedCollection(deps, id, user);
  const paperId = storedPaperId(rawPaperId);
  await countWrite(deps, user);
  if (!(await removePaperFromCollection(deps.store, id, paperId, deps.now()))) throw notInCollection(paperId);
  changed(deps, paperId);
}

export async function notePaperAs(deps: WebDeps, user: User, id: number, rawPaperId: string, note: unknown): Promise<void> {
  await ownedCollection(deps, id, user);
  const paperId = storedPaperId(rawPaperId);
  const clean = cleanCollectionNote(note);
  await countWrite(deps, user);
  if (!(await setCollectionNote(deps.store, id, paperId, clean, deps.now()))) throw notInCollection(paperId);
  changed(deps, paperId);
}

/** `up`, `down`, or a place (1 is first). */
export function parseMove(value: unknown): CollectionMove {
  if (value === 'up' || value === 'down') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  if (typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value)) return Number(value);
  throw new InvalidInputError('move: "up", "down" or a place (1 is first)', 'invalid_move');
}

export async function movePaperAs(deps: WebDeps, user: User, id: number, rawPaperId: string, move: CollectionMove): Promise<void> {
  await ownedCollection(deps, id, user);
  const paperId = storedPaperId(rawPaperId);
  await countWrite(deps, user);
  if (!(await movePaperInCollection(deps.store, id, paperId, move, deps.now()))) throw notInCollection(paperId);
  changed(deps, paperId);
}

/** Puts the papers in the order given: every paper of the collection once (any arXiv id form), else a 400 and nothing changes. */
export async function reorderPapersAs(deps: WebDeps, user: User, id: number, rawPaperIds: readonly string[]): Promise<void> {
  await ownedCollection(deps, id, user);
  const paperIds = rawPaperIds.map(storedPaperId);
  await countWrite(deps, user);
  const done = await reorderCollection(deps.store, id, paperIds, deps.now());
  if (done === 'gone') throw new InvalidInputError(`no collection ${id}`, 'not_found');
  if (done === 'not-permutation') throw new InvalidInputError('order: list every paper of the collection exactly once', 'invalid_order');
  changed(deps);
}
