import type { FastifyReply, FastifyRequest } from 'fastify';
import { tryParseArxivId } from '../../../domain/arxiv-id.js';
import { isCalendarDate } from '../../../domain/dates.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { cardsByIds, type PaperCard } from '../../../store/feed.js';
import { type ListingCursor, paperIdsByFeedDay } from '../../../store/paper-listing.js';
import type { WebDeps } from '../../pages/page.js';
import { parseInput, setNextLink } from './http.js';
import { compatSources } from './load.js';
import { presentPaperDetail, presentPaperListItem } from './presenters.js';
import { paperListQuery } from './schemas.js';

/**
 * The visible paper behind any id form the public API accepts (`2602.08025`, `2602.08025v1`,
 * `hep-th/9901001`), or undefined: unknown, malformed and moderator-hidden ids all read as absent.
 */
export async function visibleCard(deps: WebDeps, raw: string): Promise<PaperCard | undefined> {
  const parsed = tryParseArxivId(raw);
  if (typeof parsed === 'string') return undefined;
  return (await cardsByIds(deps.store, [parsed.id]))[0];
}

/** GET /api/papers/{id}: the flat paper object; unknown → 404 `{"error": "Paper not found"}`. */
export function paperInfoHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const card = await visibleCard(deps, (req.params as { '*': string })['*']);
    if (!card) throw new InvalidInputError('Paper not found', 'not_found');
    const [src] = await compatSources(deps.store, [card], deps.config.baseUrl);
    return reply.send(presentPaperDetail(src!));
  };
}

/**
 * GET /api/papers?cursor=&limit=: every visible paper, newest first by feed day (the arXiv
 * announcement day, or the day it joined the daily feed), then by id; `Link` carries the next cursor.
 */
export function listPapersHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const query = parseInput(paperListQuery, req.query);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    // One more than asked: whether a next page exists, without a count over the whole table.
    const keys = await paperIdsByFeedDay(deps.store, { after, limit: query.limit + 1 });
    const shown = keys.slice(0, query.limit);
    if (keys.length > query.limit) setNextLink(reply, deps.config.baseUrl, req, { cursor: encodeCursor(shown.at(-1)!) });
    const cards = await cardsByIds(deps.store, shown.map((k) => k.id));
    return reply.send((await compatSources(deps.store, cards, deps.config.baseUrl)).map(presentPaperListItem));
  };
}

function encodeCursor(key: ListingCursor): string {
  return Buffer.from(`${key.feedDate} ${key.id}`).toString('base64url');
}

function decodeCursor(value: string): ListingCursor {
  const [feedDate = '', id = '', extra] = Buffer.from(value, 'base64url').toString('utf8').split(' ');
  const parsed = tryParseArxivId(id);
  if (extra !== undefined || !isCalendarDate(feedDate) || typeof parsed === 'string' || parsed.id !== id) {
    throw new InvalidInputError('cursor: not a cursor this API gave out (use the Link header of the previous page)', 'invalid_parameter');
  }
  return { feedDate, id };
}
