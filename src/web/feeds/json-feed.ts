/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
import type { FeedDocument, FeedItem } from './item.js';
import { rfc3339 } from './item.js';

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export function renderJsonFeed(doc: FeedDocument): string {
  return JSON.stringify({
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homePageUrl,
    feed_url: doc.feedUrls.json,
    description: doc.description,
    language: 'en',
    authors: [{ name: 'Paperboy', url: doc.homePageUrl }],
    items: doc.items.map(jsonItem),
  });
}

function jsonItem(item: FeedItem) {
  const date = rfc3339(item.published);
  return {
    id: item.id,
    url: item.url,
    external_url: item.externalUrl,
    title: item.title,
    content_text: item.content,
    ...(item.summary ? { summary: item.summary } : {}),
    date_published: date,
    date_modified: date,
    ...(item.authors.length > 0 ? { authors: item.authors.map((name) => ({ name })) } : {}),
    ...(item.categories.length > 0 ? { tags: item.categories } : {}),
  };
}
