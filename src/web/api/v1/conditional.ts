import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** URLs whose Last-Modified is remembered: the hot ones of a busy day fit; the oldest are dropped first. */
const REMEMBERED_URLS = 10_000;

/**
 * `ETag` and `Last-Modified` on every successful API read, and 304 for conditional GETs.
 *
 * The ETag is the SHA-256 of the body, so it changes exactly when the answer does (an upvote,
 * a new paper, an edited comment), whatever the store. Votes and comments carry no modification
 * time a list could be dated by, so `Last-Modified` is the moment this process first served the
 * current body of the URL: it moves whenever the body changes. `If-None-Match` wins over
 * `If-Modified-Since` (RFC 9110 §13.2.2); a date is only a second precise, and several servers
 * behind one address each keep their own dates, so clients should prefer the ETag.
 */
export class Validators {
  private readonly seen = new Map<string, { etag: string; since: number }>();

  readonly onSend = async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    const since = this.since(req.url, etag);
    reply.header('etag', etag);
    // A body that changed twice within one second cannot be dated apart from the one before: no date until the next second.
    const dated = since <= Date.now();
    if (dated) reply.header('last-modified', new Date(since).toUTCString());
    if (notModified(req, etag, dated ? since : Number.POSITIVE_INFINITY)) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  };

  private since(url: string, etag: string): number {
    const known = this.seen.get(url);
    if (known && known.etag === etag) return known.since;
    // HTTP dates have whole seconds: a body first served at 12:00:00.700 is dated 12:00:00, or
    // 12:00:01 when the body before it was already dated 12:00:00 (If-Modified-Since 12:00:00 must not match it).
    const second = Math.floor(Date.now() / 1000) * 1000;
    const since = known && known.since >= second ? known.since + 1000 : second;
    this.seen.delete(url);
    this.seen.set(url, { etag, since });
    if (this.seen.size > REMEMBERED_URLS) this.seen.delete(this.seen.keys().next().value!);
    return since;
  }
}

function notModified(req: FastifyRequest, etag: string, since: number): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    // Weak comparison, as RFC 9110 asks for If-None-Match: `W/"x"` matches `"x"`.
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === etag);
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const date = Date.parse(ifModifiedSince);
  return Number.isFinite(date) && since <= date;
}
