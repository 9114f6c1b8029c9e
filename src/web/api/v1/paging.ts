import type { PaperCard } from '../../../store/feed.js';
import { decodeCursor, encodeCursor, offsetCursor } from './cursor.js';
import { type ApiCall, nextLink } from './http.js';
import { presentPaper } from './presenters.js';

/**
 * A page of a list the store reads by position (an author's or an org's papers, newest first):
 * the cursor carries the offset, one row more than the page says whether there is a next.
 *
 *   return { body: await offsetPage(call, (page) => authorPaperIds(store, id, page).then(…)) };
 */
export async function offsetPage(
  call: Pick<ApiCall<undefined, undefined, undefined>, 'deps' | 'req' | 'reply'> & { query: { limit: number; cursor?: string | undefined } },
  read: (page: { limit: number; offset: number }) => Promise<PaperCard[]>,
) {
  const offset = call.query.cursor === undefined ? 0 : decodeCursor(call.query.cursor, offsetCursor)[1];
  const cards = await read({ limit: call.query.limit + 1, offset });
  const next = cards.length > call.query.limit ? encodeCursor(['p', offset + call.query.limit]) : null;
  nextLink(call, next);
  return { papers: cards.slice(0, call.query.limit).map((c) => presentPaper(c, call.deps.config.baseUrl)), next_cursor: next };
}
