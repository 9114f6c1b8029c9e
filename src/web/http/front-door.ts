import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PageCache } from '../page-cache.js';
import { SESSION_COOKIE } from './session.js';
import { pageKey } from './view-preference.js';
import { acceptsGzip } from './accept-encoding.js';
import type { Metrics } from '../metrics.js';
import type { WindowLimiter } from './rate-limit.js';
import { clientAddress, type TrustProxy } from './client-address.js';

/**
 * The first thing a request meets: a signed-out GET of a page in the page cache is answered
 * here, with the headers it was first sent with, before the framework routes it and runs its
 * hooks (a micro-cache in front of the application, as nginx or Varnish would be, without a
 * second server to run). Everything else goes on to the application, which answers cache hits
 * too, so this only ever saves work: under `npm run bench:web` a cached paper page cost the
 * server ~39 µs of CPU through the application.
 *
 * Only entries cachedPage() marked as replayable are served: full HTML pages with their header
 * set, no cookie among them. A request that may differ from what was cached goes on: one with a
 * session cookie (the page shows that user's votes), one asking for Markdown or JSON (negotiated
 * variants), a HEAD. The read limit counts it as the application would.
 */
export function frontDoor(cache: PageCache, reads: WindowLimiter | null, metrics?: Pick<Metrics, 'frontDoorHit'>, trustProxy: TrustProxy | null = null): (req: IncomingMessage, res: ServerResponse) => boolean {
  const sessionCookie = `${SESSION_COOKIE}=`;
  return (req, res) => {
    if (req.method !== 'GET' || req.url === undefined) return false;
    const { cookie, accept } = req.headers;
    if (cookie !== undefined && cookie.includes(sessionCookie)) return false;
    if (accept !== undefined && (accept.includes('markdown') || accept.includes('json'))) return false;
    const hit = cache.replayable(pageKey(req.url, cookie));
    if (!hit) return false;
    // Over the limit: the application answers the 429 with its page and Retry-After.
    if (reads && !reads.hit(clientAddress(req, trustProxy))) return false;
    if (acceptsGzip(req.headers['accept-encoding'])) {
      const gzip = cache.gzipOf(hit);
      res.writeHead(hit.status, gzip.headers);
      res.end(gzip.body);
    } else {
      res.writeHead(hit.status, hit.headers);
      res.end(hit.html);
    }
    metrics?.frontDoorHit(hit.status);
    return true;
  };
}
