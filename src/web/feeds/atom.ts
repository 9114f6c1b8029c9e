/** Atom 1.0 (RFC 4287). Titles and abstracts are `type="text"`: plain text, never HTML. */
import type { FeedDocument, FeedItem } from './item.js';
import { rfc3339 } from './item.js';
import { element, empty } from './xml.js';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

export function renderAtom(doc: FeedDocument): string {
  const head = [
    element('id', doc.feedUrls.atom),
    element('title', doc.title, { type: 'text' }),
    element('subtitle', doc.description, { type: 'text' }),
    element('updated', rfc3339(doc.updated)),
    empty('link', { rel: 'self', type: 'application/atom+xml', href: doc.feedUrls.atom }),
    empty('link', { rel: 'alternate', type: 'text/html', href: doc.homePageUrl }),
    // RFC 4287 4.1.1: a feed needs an author unless every entry has one; papers can have none.
    `<author>${element('name', 'Paperboy')}${element('uri', doc.homePageUrl)}</author>`,
    element('generator', 'Paperboy'),
    ...doc.items.map(atomEntry),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">${head.join('\n')}</feed>\n`;
}

function atomEntry(item: FeedItem): string {
  const date = rfc3339(item.published);
  const parts = [
    element('id', item.id),
    element('title', item.title, { type: 'text' }),
    element('published', date),
    element('updated', date),
    empty('link', { rel: 'alternate', type: 'text/html', href: item.url }),
    empty('link', { rel: 'related', type: 'text/html', href: item.externalUrl, title: 'arXiv' }),
    ...item.authors.map((name) => `<author>${element('name', name)}</author>`),
    ...item.categories.map((c) => empty('category', { term: c })),
    ...(item.summary ? [element('summary', item.summary, { type: 'text' })] : []),
    element('content', item.content, { type: 'text' }),
  ];
  return `<entry>${parts.join('')}</entry>`;
}
