import type { FastifyReply, FastifyRequest } from 'fastify';
import { tryParseArxivId } from '../../domain/arxiv-id.js';
import { InvalidInputError } from '../../domain/errors.js';
import { parseMediaFileName } from '../../media/media-key.js';
import { MediaError } from '../../media/limits.js';
import { prepareMedia, type PreparedMedia } from '../../media/prepare-media.js';
import { findMedia, paperSubmitterId, saveMedia, visibleMediaHash } from '../../store/media.js';
import { findPaper } from '../../store/papers.js';
import { byteRange } from '../http/byte-range.js';
import { ForbiddenError, checkCsrf } from '../http/security.js';
import { uploadedFile } from '../http/uploads.js';
import { BytesLru } from '../render/bytes-lru.js';
import { formField, type WebDeps } from './page.js';

/**
 * `/media/ID-HASH.webp|.mp4|.webm`: a paper's attached image or video (src/media/). The URL
 * names the content's hash: cached a year (`immutable`), with an ETag. Videos answer byte
 * ranges (206), which browsers need to seek a <video>. Each request asks the store for the
 * current hash (a replaced or hidden file stops being served at once, by every process); the
 * bytes of small files are kept in an in-process LRU.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Served {
  body: Buffer;
  contentType: string;
  etag: string;
}

export function mediaHandler(deps: WebDeps) {
  // Images are ~50-200 kB; a file over a 64th of the budget (1 MB: most videos) is read from the store each time.
  const files = new BytesLru<Served>(500, 64 * 1024 * 1024);
  return async (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const file = req.params.file;
    const name = parseMediaFileName(file);
    // A key that is not the stored media's (replaced since, hidden, or made up): not found.
    const current = name ? await visibleMediaHash(deps.store, name.paperId) : undefined;
    let served = current === name?.hash ? files.get(file) : undefined;
    if (!served) {
      const stored = name && current === name.hash ? await findMedia(deps.store, name.paperId) : undefined;
      if (!stored || stored.hash !== name!.hash || stored.contentType !== name!.contentType) {
        return reply.code(404).header('cache-control', 'public, max-age=60').type('text/plain; charset=utf-8').send('no such media');
      }
      served = { body: stored.bytes, contentType: stored.contentType, etag: `"${stored.hash}"` };
      files.set(file, served);
    }
    reply.headers({ 'content-type': served.contentType, etag: served.etag, 'cache-control': IMMUTABLE, 'accept-ranges': 'bytes', 'x-content-type-options': 'nosniff', 'content-disposition': 'inline' });
    if (req.headers['if-none-match'] === served.etag) return reply.code(304).send();
    const size = served.body.length;
    // If-Range with another validator: the whole file (it cannot differ here, but the rule is the rule).
    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== served.etag ? null : byteRange(req.headers.range, size);
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send();
    if (range) return reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).send(served.body.subarray(range.start, range.end + 1));
    return reply.send(served.body);
  };
}

/**
 * Stores checked media for a paper when `userId` is its submitter. Answers whether it was
 * stored: false when someone else submitted it (or nobody did).
 */
export async function attachMedia(deps: WebDeps, userId: number, paperId: string, media: PreparedMedia): Promise<boolean> {
  if ((await paperSubmitterId(deps.store, paperId)) !== userId) return false;
  await saveMedia(deps.store, { paperId, uploadedBy: userId, kind: media.kind, contentType: media.contentType, bytes: media.bytes, width: media.width, height: media.height, durationMs: media.durationMs, hash: media.hash }, deps.now());
  return true;
}

/** POST /media (multipart): `paper`, `media` (the file). The paper's submitter attaches, or replaces, its image or video. */
export function attachMediaHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    if (!req.user) throw new ForbiddenError('sign in to attach media', 'sign_in');
    const parsed = tryParseArxivId(formField(req, 'paper') ?? '');
    if (typeof parsed === 'string') throw new InvalidInputError(`paper: ${parsed}`);
    const paper = await findPaper(deps.store, parsed.id);
    if (!paper) throw new InvalidInputError(`no paper ${parsed.id}`, 'not_found');
    if ((await paperSubmitterId(deps.store, paper.id)) !== req.user.id) throw new ForbiddenError('only the paper\'s submitter can attach an image or video to it');
    const file = uploadedFile(req, 'media');
    if (!file) throw new MediaError('choose an image or video file first', 400);
    await attachMedia(deps, req.user.id, paper.id, await prepareMedia(file));
    return reply.redirect(`/papers/${paper.id}#media`, 303);
  };
}
