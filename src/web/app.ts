import { createServer } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { h } from 'preact';
import type { Config } from '../config.js';
import { InvalidInputError, PaperboyError, UpstreamError } from '../domain/errors.js';
import { MediaError } from '../media/limits.js';
import type { ArxivHttpClient } from '../ingest/arxiv-http.js';
import type { Mailer } from '../mail/transport.js';
import type { SearchService } from '../search/search-service.js';
import { isStoreUnreachable, type Store } from '../store/database.js';
import { isCompatPath } from './api/compat/http.js';
import { refuseControlCharacters } from './http/control-characters.js';
import { ForbiddenError, securityHeaders } from './http/security.js';
import { registerSessions } from './http/session.js';
import { registerCollectionChoices } from './http/collection-choices.js';
import { PageCache } from './page-cache.js';
import { followPageChanges } from './page-cache-follower.js';
import { RateLimitedError } from './http/rate-limit.js';
import { readLimiter, registerReadLimit } from './http/read-limit.js';
import { frontDoor } from './http/front-door.js';
import { trustProxyFrom } from './http/client-address.js';
import { createMetrics, registerMetrics } from './metrics.js';
import { pageContext, sendPage, type WebDeps } from './pages/page.js';
import { registerRoutes } from './routes.js';
import { registerAssets } from './static-assets.js';
import { MessagePage } from './views/layout.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The anonymous page cache, for its counters. */
    pageCache: PageCache;
  }
}

export interface AppOptions {
  store: Store;
  config: Config;
  mailer: Mailer;
  arxiv: ArxivHttpClient;
  search: SearchService;
  logLevel?: string;
  now?: () => Date;
  /** Sees every route as it is registered (the route fuzz test enumerates the site this way). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/** 256 kB: a 10,000-character comment, URL-encoded, is at most ~90 kB. */
const FORM_BODY_LIMIT = 256 * 1024;
/** Idle keep-alive connections are kept this long (Fastify's default for the servers it makes itself). */
const KEEP_ALIVE_MS = 72_000;

/** The HTTP application: routes plus the one place errors become responses. */
export function buildApp(options: AppOptions): FastifyInstance {
  const logLevel = options.logLevel ?? 'info';
  const cache = new PageCache();
  const reads = readLimiter(options.config.readLimitPerMinute);
  const metrics = createMetrics(options.store, options.search, cache);
  const trustProxy = trustProxyFrom(options.config.trustProxy);
  const cachedPages = frontDoor(cache, reads, metrics, trustProxy);
  const app = Fastify({
    // Signed-out GETs of cached pages are answered before routing (src/web/http/front-door.ts).
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (!cachedPages(req, res)) handler(req, res);
      });
      // Fastify sets this (72 s) only on servers it creates; Node's own 5 s races clients and
      // proxies that keep idle connections ~4-60 s: a request sent as the server closes the
      // socket fails with ECONNRESET. Longer than the usual proxy idle timeout (60 s).
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      return server;
    },
    logger: logLevel === 'silent' ? false : { level: logLevel },
    bodyLimit: FORM_BODY_LIMIT,
    // req.ip is the client behind the proxies TRUST_PROXY names, as the front door counts it.
    ...(trustProxy ? { trustProxy: (address: string) => trustProxy(address) } : {}),
    // One line per request only when debugging: a daily-papers site serves many cheap requests.
    logController: new LogController({ disableRequestLogging: logLevel !== 'debug' && logLevel !== 'trace' }),
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // RFC 8058 one-click unsubscribe may arrive as multipart/form-data; its token is in the URL.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (_req, _body, done) => done(null, {}));
  // The config is read per request: BASE_URL is the one truth for http or https.
  // Hooks that run on every request are callback-style where they need not wait: an async hook
  // costs each request a promise and a trip through the microtask queue, on the cached-page path too.
  app.addHook('onRequest', (_req, reply, done) => {
    securityHeaders(reply, options.config.baseUrl);
    done();
  });
  registerReadLimit(app, options.config.readLimitPerMinute, reads);
  app.addHook('preValidation', refuseControlCharacters);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  registerSessions(app, options.store);
  registerCollectionChoices(app, options.store);
  app.decorate('pageCache', cache);
  const follower = followPageChanges(options.store, cache, (err) => app.log.warn({ err }, 'page cache: following page changes failed; trying again'));
  app.addHook('onClose', async () => follower.stop());
  const deps: WebDeps = {
    store: options.store,
    config: options.config,
    assets: registerAssets(app),
    cache,
    mailer: options.mailer,
    arxiv: options.arxiv,
    search: options.search,
    now: options.now ?? (() => new Date()),
  };
  registerMetrics(app, metrics, options.config.metricsToken);
  registerRoutes(app, deps);
  app.setNotFoundHandler((req, reply) => {
    if (wantsJsonError(req)) return reply.code(404).send(jsonError(req, 'not_found', `no route for ${req.method} ${req.url.split('?')[0]}`));
    return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title: 'Page not found', error: true }, 'There is no page at this address. ', h('a', { href: '/' }, "See today's papers"), '.'), 404);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, code, message } = describeError(err);
    if (status === 503 && code === 'store_unavailable') req.log.warn({ err: err.message }, 'store unreachable: answered 503');
    else if (status >= 500) req.log.error({ err }, 'request failed');
    if (code === 'store_unavailable') reply.header('retry-after', '2');
    if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
    if (wantsJsonError(req)) return reply.code(status).send(jsonError(req, code, message));
    const title = err instanceof MediaError ? 'File not accepted' : status === 403 || status === 401 ? 'Not allowed' : status === 429 ? 'Slow down' : status >= 500 ? 'Something went wrong' : 'Bad request';
    return sendPage(reply, h(MessagePage, { ctx: pageContext(req, reply, deps), title, error: true }, message), status);
  });
  return app;
}

function describeError(err: FastifyError): { status: number; code: string; message: string } {
  if (err instanceof RateLimitedError) return { status: 429, code: err.code, message: err.message };
  // `sign_in`: no credential; `invalid_token`: an API token that is malformed, unknown or revoked (src/web/http/bearer.ts).
  if (err instanceof ForbiddenError) return { status: err.code === 'sign_in' || err.code === 'invalid_token' ? 401 : 403, code: err.code, message: err.message };
  if (err instanceof InvalidInputError && err.code === 'not_found') return { status: 404, code: err.code, message: err.message };
  // A service we depend on (arXiv, the search index while it builds) cannot answer now: try again later.
  if (err instanceof UpstreamError) return { status: 503, code: err.code, message: err.message };
  // PostgreSQL down or cut off: a moment's outage, not a bug; the proxy's /readyz check agrees.
  if (isStoreUnreachable(err)) return { status: 503, code: 'store_unavailable', message: 'the database cannot be reached right now: try again in a moment' };
  // An uploaded file refused: too large (413), not a type we take (415), or not within the limits (400).
  if (err instanceof MediaError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof PaperboyError) return { status: 400, code: err.code, message: err.message };
  const status = err.statusCode;
  if (status && status >= 400 && status < 500) {
    const message = status === 413 ? 'that is more text than a form here accepts' : err.message;
    return { status, code: err.code ?? 'bad_request', message };
  }
  return { status: 500, code: 'internal', message: 'internal error: the server logged it' };
}

/** The compatible API answers errors as the public API does, `{"error": "..."}`; our own API adds a stable code. */
function jsonError(req: FastifyRequest, code: string, message: string): object {
  return isCompatPath(req.url.split('?')[0] ?? '') ? { error: message } : { error: { code, message } };
}

function wantsJsonError(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0] ?? '';
  return path.startsWith('/api/') || path === '/healthz' || path === '/readyz' || (req.headers.accept ?? '').startsWith('application/json');
}

