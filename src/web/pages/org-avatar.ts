import type { FastifyReply, FastifyRequest } from 'fastify';
import { MediaError } from '../../media/limits.js';
import { prepareAvatar } from '../../media/prepare-avatar.js';
import { orgAvatar, setOrgAvatar } from '../../store/orgs.js';
import { uploadedFile } from '../http/uploads.js';
import { orgPath } from '../views/org-badge.js';
import { orgForWrite } from './orgs.js';
import type { WebDeps } from './page.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const AVATAR_FILE = /^avatar-([0-9a-f]{16})\.webp$/;

/** GET /orgs/:slug/avatar-HASH.webp: the current avatar of a visible org, cached a year (a new avatar has a new URL). */
export function orgAvatarHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string; file: string } }>, reply: FastifyReply) => {
    const hash = AVATAR_FILE.exec(req.params.file)?.[1];
    const avatar = hash ? await orgAvatar(deps.store, req.params.slug.toLowerCase(), hash) : undefined;
    if (!avatar) return reply.code(404).header('cache-control', 'public, max-age=60').type('text/plain; charset=utf-8').send('no such avatar');
    const etag = `"${hash}"`;
    reply.headers({ 'content-type': avatar.contentType, etag, 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff', 'content-disposition': 'inline' });
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(avatar.bytes);
  };
}

/** POST /orgs/:slug/avatar (multipart): `avatar`, re-encoded to a square WebP (admins; src/media/prepare-avatar.ts). */
export function uploadAvatarHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) => {
    const { org } = await orgForWrite(deps, req, req.params.slug, 'admin');
    const file = uploadedFile(req, 'avatar');
    if (!file) throw new MediaError('choose an image file first', 400);
    await setOrgAvatar(deps.store, org.id, await prepareAvatar(file));
    return reply.redirect(`${orgPath(org.slug)}?done=avatar`, 303);
  };
}
