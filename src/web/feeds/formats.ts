/**
 * The three feed formats by file extension, and the `<link rel="alternate">` lines that
 * advertise a feed in a page's `<head>`.
 */
import type { FeedLink } from '../views/layout.js';
import { ATOM_CONTENT_TYPE, renderAtom } from './atom.js';
import { feedUrls, type FeedDocument, type FeedFormat } from './item.js';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed.js';
import { RSS_CONTENT_TYPE, renderRss } from './rss.js';

export const FORMATS: Record<FeedFormat, { contentType: string; linkType: string; name: string; render: (doc: FeedDocument) => string }> = {
  rss: { contentType: RSS_CONTENT_TYPE, linkType: 'application/rss+xml', name: 'RSS', render: renderRss },
  atom: { contentType: ATOM_CONTENT_TYPE, linkType: 'application/atom+xml', name: 'Atom', render: renderAtom },
  json: { contentType: JSON_FEED_CONTENT_TYPE, linkType: 'application/feed+json', name: 'JSON Feed', render: renderJsonFeed },
};

/**
 * The alternate links of a page whose feed lives at `path` (without extension), e.g.
 * `feedLinks(baseUrl, '/feeds/trending', 'Trending papers')`; `search` is a query string with `?`.
 */
export function feedLinks(baseUrl: string, path: string, title: string, search = ''): FeedLink[] {
  const urls = feedUrls(baseUrl, path, search);
  return (Object.keys(FORMATS) as FeedFormat[]).map((f) => ({ type: FORMATS[f].linkType, title: `${title} (${FORMATS[f].name})`, href: urls[f] }));
}
