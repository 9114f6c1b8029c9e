import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { collectionPath } from '../../domain/collection-rules.js';
import { collectionItems, findCollection } from '../../store/collections.js';
import { feedLinks } from '../feeds/formats.js';
import { MessagePage } from '../views/layout.js';
import { CollectionPage } from '../views/collection-page.js';
import { votedSet } from './feed.js';
import { followState } from './follow-state.js';
import { cachedPage, pageContext, sendPage, type WebDeps } from './page.js';

/** `/c/{id}-{slug}`: the id finds it; a collection is known by its id, the slug only reads well. */
const REF = /^([1-9]\d{0,9})(?:-.*)?$/;

/**
 * GET /c/{id}-{slug}: a collection. A wrong or missing slug redirects (301) to the right one; a
 * private collection is "not found" for everyone but its owner (the same page as an id that
 * never existed, so its existence is not given away). Cached for signed-out visitors like
 * every list (the page-change triggers of collections drop it).
 */
export function collectionPageHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { ref: string } }>, reply: FastifyReply) => {
    const id = REF.exec(req.params.ref)?.[1];
    const found = id ? await findCollection(deps.store, Number(id)) : undefined;
    const readable = found && (found.visibility === 'public' || found.ownerId === req.user?.id) ? found : undefined;
    if (!readable) {
      const ctx = pageContext(req, reply, deps);
      return sendPage(reply, h(MessagePage, { ctx, title: 'Collection not found', error: true }, 'There is no collection at this address (or it is private).'), 404);
    }
    const canonical = collectionPath(readable);
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    if (req.url.split('?')[0] !== canonical) return reply.redirect(`${canonical}${query}`, 301);
    return cachedPage(req, reply, deps, async () => {
      const c = (await findCollection(deps.store, readable.id)) ?? readable;
      const items = await collectionItems(deps.store, c.id);
      const base = pageContext(req, reply, deps);
      const ctx = c.visibility === 'public' ? { ...base, feeds: feedLinks(deps.config.baseUrl, `/feeds/collection/${c.id}`, `Paperboy: ${c.title}`) } : base;
      const voted = await votedSet(deps, req, items.map((i) => i.card));
      return { page: h(CollectionPage, { ctx, view: { collection: c, items, voted, own: req.user?.id === c.ownerId, following: await followState(deps, req, 'collection', String(c.id)) } }) };
    });
  };
}
