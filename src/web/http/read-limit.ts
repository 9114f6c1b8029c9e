import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimitedError, WindowLimiter } from './rate-limit.js';

/**
 * One read limit for every public read: pages, search, feeds, /api/v1 and the compatible API
 * all draw from one budget per client address, READ_LIMIT_PER_MINUTE (1,200 by default: 20 a
 * second, far above a person browsing, even a lab behind one NAT; a script paging through
 * every paper at 100 a page still reads 120,000 papers a minute). Static assets, thumbnails and
 * submitters' media (fingerprinted, cached a year; a feed page shows 50 thumbnails; a video
 * is read in many ranges), /healthz and /readyz are never counted.
 *
 * Counted in memory, per process: this is flood protection, not a quota, and a store write on
 * every page view would cost more than the cached page (~5,000 pages/s). With N processes
 * behind a balancer an address gets up to N times the budget.
 */
export function registerReadLimit(app: FastifyInstance, perMinute: number, reads: WindowLimiter | null): void {
  if (perMinute <= 0 || !reads) return;
  // onRequest, before the session hook: a refused flood costs no store query.
  app.addHook('onRequest', async (req, reply) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || unmetered(req)) return;
    const key = req.ip;
    if (reads.hit(key)) return;
    // The API routes' own CORS hooks run after this one: a script on another origin must still
    // be able to read the refusal and its Retry-After.
    if (req.url.startsWith('/api/')) reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Retry-After');
    throw new RateLimitedError(`more than ${perMinute.toLocaleString('en-US')} reads a minute from this address: wait for Retry-After seconds`, reads.retryAfterMs(key) / 1000);
  });
}

/** The per-address read counter, or null when READ_LIMIT_PER_MINUTE is 0 (off). */
export function readLimiter(perMinute: number): WindowLimiter | null {
  return perMinute > 0 ? new WindowLimiter(perMinute, 60_000) : null;
}

/** Health checks are never counted: exactly these paths, with or without a query. */
const HEALTH_CHECKS = new Set(['/healthz', '/readyz']);

function unmetered(req: FastifyRequest): boolean {
  const path = req.url;
  return path.startsWith('/assets/') || path.startsWith('/thumbs/') || path.startsWith('/media/') || HEALTH_CHECKS.has(path.split('?')[0]!) || path === '/favicon.ico' || path === '/apple-touch-icon.png' || path === '/robots.txt';
}
