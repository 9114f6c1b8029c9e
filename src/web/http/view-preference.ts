import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeNextPath } from '../../domain/community-rules.js';
import { serializeCookie } from './cookies.js';

/**
 * The reader's choice between the grid of cards and the compact list, remembered in a cookie
 * so it holds without an account and without JavaScript. Cached pages are kept per choice: the
 * page cache's key is the URL plus the choice (pageKey), here and in the front door.
 */
export const VIEW_COOKIE = 'pb_view';
const LIST = `${VIEW_COOKIE}=list`;
const YEAR_SECONDS = 365 * 24 * 3600;

/** Did the reader pick the compact list? A plain substring test: this runs on every cached hit. */
export function wantsListView(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && cookieHeader.includes(LIST);
}

/** The page cache key of a URL for this reader's view choice. */
export function pageKey(url: string, cookieHeader: string | undefined): string {
  return wantsListView(cookieHeader) ? `${url}\u0000list` : url;
}

/** GET /view?as=list|grid&next=/path: remember the choice and go back to the page. */
export function viewPreferenceHandler(secure: boolean) {
  return async (req: FastifyRequest<{ Querystring: { as?: string; next?: string } }>, reply: FastifyReply) => {
    const as = req.query.as === 'list' ? 'list' : 'grid';
    reply.header('set-cookie', serializeCookie(VIEW_COOKIE, as, { secure, httpOnly: false, maxAgeSeconds: YEAR_SECONDS }));
    reply.header('cache-control', 'no-store');
    return reply.redirect(safeNextPath(req.query.next), 303);
  };
}
