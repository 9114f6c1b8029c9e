import type { FastifyInstance } from 'fastify';
import { collectionsOfUser } from '../../store/collections.js';
import type { Store } from '../../store/database.js';

/** What an "Add to collection" form lists of the reader's collections. */
export interface CollectionChoice {
  id: number;
  title: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in reader's collections (newest first), loaded for pages; null for signed-out visitors and non-page requests. */
    collectionChoices: CollectionChoice[] | null;
  }
}

/** Answers that are not pages (thumbnails of a page's 50 cards, assets, feeds, JSON): no query for them. */
const NOT_PAGES = /^\/(?:api|assets|thumbs|media|feeds)\/|^\/(?:favicon|apple-touch-icon|healthz|readyz|metrics)/;

/**
 * Loads a signed-in reader's collections for the "Add to collection" form of every card (one
 * indexed query, GET pages only). Signed-out visitors get none and their cached pages carry no
 * form: per-user state never enters a cached page.
 */
export function registerCollectionChoices(app: FastifyInstance, store: Store): void {
  app.decorateRequest('collectionChoices', null);
  app.addHook('preHandler', async (req) => {
    if (!req.user || req.method !== 'GET' || NOT_PAGES.test(req.url)) return;
    req.collectionChoices = (await collectionsOfUser(store, req.user.id, { includePrivate: true })).map((c) => ({ id: c.id, title: c.title }));
  });
}
