import type { OutgoingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Config } from '../../config.js';
import type { ArxivHttpClient } from '../../ingest/arxiv-http.js';
import type { Mailer } from '../../mail/transport.js';
import type { SearchService } from '../../search/search-service.js';
import type { Store } from '../../store/database.js';
import { servesHttps } from '../http/security.js';
import { csrfToken } from '../http/session.js';
import { pageKey, wantsListView } from '../http/view-preference.js';
import { takeNotice } from '../http/notice.js';
import { acceptsGzip, withVaryOnEncoding } from '../http/accept-encoding.js';
import type { PageCache } from '../page-cache.js';
import type { AssetUrls } from '../static-assets.js';
import type { PageContext } from '../views/layout.js';
import { renderDocument } from '../views/render.js';

/** A rendered page element; preact types `h(Component, props)` by its props, which a page handler does not care about. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Page = VNode<any>;

/** Everything the page handlers use, passed in explicitly (no globals). */
export interface WebDeps {
  store: Store;
  config: Config;
  assets: AssetUrls;
  cache: PageCache;
  mailer: Mailer;
  arxiv: ArxivHttpClient;
  search: SearchService;
  now: () => Date;
}

export function isSecure(deps: WebDeps): boolean {
  return servesHttps(deps.config.baseUrl);
}

/** The request's page context; forms get a CSRF token only for signed-in users or when asked. */
export function pageContext(req: FastifyRequest, reply: FastifyReply, deps: WebDeps, opts: { forms?: boolean } = {}): PageContext {
  const withForms = Boolean(req.user) || opts.forms === true;
  return {
    user: req.user,
    csrf: withForms ? csrfToken(req, reply, isSecure(deps)) : null,
    assets: deps.assets,
    baseUrl: deps.config.baseUrl,
    path: req.url.split('#')[0] ?? '/',
    now: deps.now(),
    listView: wantsListView(req.headers.cookie),
    notice: req.user ? takeNotice(req, reply, isSecure(deps)) : null,
    ...(req.user && req.collectionChoices ? { collections: req.collectionChoices } : {}),
  };
}

export function sendHtml(reply: FastifyReply, html: string | Buffer, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

export function sendPage(reply: FastifyReply, page: Page, status = 200): FastifyReply {
  return sendHtml(reply, renderDocument(page), status);
}

/** Headers of a cached page, set in one call: the hit path is the hot path of the site. */
const CACHED_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=0, must-revalidate' };

/**
 * Serves an anonymous visitor from the page cache, or renders and caches. Signed-in visitors
 * always get a fresh render. `render` returns the page and its status; `paperId` names the paper
 * a page is about, so a change to another paper keeps it cached (src/web/page-cache.ts).
 */
export async function cachedPage(req: FastifyRequest, reply: FastifyReply, deps: WebDeps, render: () => Promise<{ page: Page; status?: number }>, paperId?: string): Promise<FastifyReply> {
  if (req.user) {
    const { page, status } = await render();
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, page, status);
  }
  const key = pageKey(req.url, req.headers.cookie);
  const hit = deps.cache.get(key);
  const gzip = acceptsGzip(req.headers['accept-encoding']);
  if (hit) {
    reply.code(hit.status).headers(CACHED_HEADERS).header('vary', withVaryOnEncoding(reply.getHeader('vary')));
    return gzip ? reply.header('content-encoding', 'gzip').send(deps.cache.gzipOf(hit).body) : reply.send(hit.html);
  }
  reply.header('cache-control', CACHED_HEADERS['cache-control']);
  reply.header('vary', withVaryOnEncoding(reply.getHeader('vary')));
  const ticket = deps.cache.renderTicket();
  const { page, status = 200 } = await render();
  const html = Buffer.from(renderDocument(page));
  if (status >= 500) return sendHtml(reply, html, status);
  const stored = deps.cache.set(key, { html, status, paperId, headers: replayableHeaders(reply, html) }, ticket);
  if (!gzip) return sendHtml(reply, html, status);
  return sendHtml(reply.header('content-encoding', 'gzip'), stored ? deps.cache.gzipOf(stored).body : gzipSync(html), status);
}

/** The headers a cached page is sent with, for the front door to replay; none when it sets a cookie (that belongs to one visitor). */
function replayableHeaders(reply: FastifyReply, html: Buffer): OutgoingHttpHeaders | undefined {
  const headers = reply.getHeaders();
  if (headers['set-cookie'] !== undefined) return undefined;
  return { ...(headers as OutgoingHttpHeaders), 'content-type': CACHED_HEADERS['content-type'], 'content-length': html.length };
}

export function formField(req: FastifyRequest, name: string): string | undefined {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
}

export function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

export function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}
