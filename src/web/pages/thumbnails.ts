import type { FastifyReply, FastifyRequest } from 'fastify';
import { findThumbnailImage, placeholderFacts } from '../../store/thumbnails.js';
import { placeholderHash, placeholderSvg } from '../../thumbnails/placeholder.js';
import { BytesLru } from '../render/bytes-lru.js';
import { keyToId } from '../views/thumbnail.js';
import type { WebDeps } from './page.js';

/**
 * The thumbnails' routes. `/thumbs/ID-HASH.webp` serves a stored image (src/store/thumbnails.ts)
 * and `/thumbs/placeholder/ID-HASH.svg` the cover of a paper without one; ids with a slash have
 * it as `_` (src/web/views/thumbnail.tsx makes both URLs). Both URLs name their content's hash,
 * so both are cached by browsers for a year (`immutable`). Served images are kept in a small
 * in-process LRU: a hit costs no store query.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A placeholder whose title changed since the page linking it was made: the current one, briefly cached. */
const SHORT = 'public, max-age=300';

interface Served {
  body: Buffer;
  /** Set in one call. */
  headers: { 'content-type': string; etag: string; 'cache-control': string };
}

function headersOf(type: string, etag: string, cacheControl: string): Served['headers'] {
  return { 'content-type': type, etag, 'cache-control': cacheControl };
}

const IMAGE_FILE = /^([A-Za-z0-9._-]{1,64})-([0-9a-f]{16})\.webp$/;
const PLACEHOLDER_FILE = /^([A-Za-z0-9._-]{1,64})-([0-9a-f]{12})\.svg$/;

export function thumbnailHandler(deps: WebDeps) {
  // ~40 kB an image: 2,000 images in at most 64 MB.
  const images = new BytesLru<Served>(2_000, 64 * 1024 * 1024);
  const load = async (file: string): Promise<Served | undefined> => {
    const m = IMAGE_FILE.exec(file);
    const stored = m ? await findThumbnailImage(deps.store, keyToId(m[1]!)) : undefined;
    // A key that is not the stored image's (an older image, a made-up one): not found.
    if (!stored || stored.hash !== m![2]) return undefined;
    const served = { body: stored.image, headers: headersOf(stored.contentType, `"${stored.hash}"`, IMMUTABLE) };
    images.set(file, served);
    return served;
  };
  // Not async: a cache hit is answered without a promise (the hot path: ~2x the requests a second).
  return (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const hit = images.get(req.params.file);
    if (hit) return send(req, reply, hit);
    return load(req.params.file).then((served) => (served ? send(req, reply, served) : notFound(reply)));
  };
}

export function placeholderHandler(deps: WebDeps) {
  const placeholders = new BytesLru<Served>(5_000, 16 * 1024 * 1024);
  return async (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const file = req.params.file;
    let served = placeholders.get(file);
    if (!served) {
      const m = PLACEHOLDER_FILE.exec(file);
      const paper = m ? await placeholderFacts(deps.store, keyToId(m[1]!)) : undefined;
      if (!paper) return notFound(reply);
      const hash = placeholderHash(paper);
      served = { body: Buffer.from(placeholderSvg(paper)), headers: headersOf('image/svg+xml; charset=utf-8', `"${hash}"`, hash === m![2] ? IMMUTABLE : SHORT) };
      // Only the current cover is kept: a stale URL is answered from the store each time (rare).
      if (hash === m![2]) placeholders.set(file, served);
    }
    return send(req, reply, served);
  };
}

function send(req: FastifyRequest, reply: FastifyReply, s: Served): FastifyReply {
  reply.headers(s.headers);
  if (req.headers['if-none-match'] === s.headers.etag) return reply.code(304).send();
  return reply.send(s.body);
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('cache-control', 'public, max-age=60').type('text/plain; charset=utf-8').send('no such thumbnail');
}
