/** RSS 2.0 (https://www.rssboard.org/rss-specification) with an Atom self link and Dublin Core creators. */
import type { FeedDocument, FeedItem } from './item.js';
import { rfc822 } from './item.js';
import { element, empty, htmlEscape } from './xml.js';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';

export function renderRss(doc: FeedDocument): string {
  const channel = [
    element('title', doc.title),
    element('link', doc.homePageUrl),
    element('description', doc.description),
    empty('atom:link', { href: doc.feedUrls.rss, rel: 'self', type: 'application/rss+xml' }),
    element('language', 'en'),
    element('lastBuildDate', rfc822(doc.updated)),
    element('generator', 'Paperboy'),
    element('docs', 'https://www.rssboard.org/rss-specification'),
    ...doc.items.map(rssItem),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>${channel.join('\n')}</channel></rss>\n`;
}

function rssItem(item: FeedItem): string {
  // `<author>` must be an e-mail address in RSS 2.0: names go in `dc:creator`, one per author.
  const parts = [
    element('title', item.title),
    element('link', item.url),
    element('guid', item.id, { isPermaLink: 'true' }),
    element('pubDate', rfc822(item.published)),
    element('description', htmlEscape(item.content)),
    ...item.authors.map((name) => element('dc:creator', name)),
    ...item.categories.map((c) => element('category', c)),
  ];
  return `<item>${parts.join('')}</item>`;
}
