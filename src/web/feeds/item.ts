/**
 * The format-neutral model every feed is written from (RSS 2.0, Atom 1.0, JSON Feed 1.1): one
 * document, its items built from a PaperCard and the paper's abstract. Text is cleaned here
 * once, so the three formats carry the same characters.
 */
import { enteredFeedAt } from '../../domain/ranking.js';
import { foldWhitespace } from '../../domain/text.js';
import type { PaperCard } from '../../store/feed.js';
import { paperPath } from '../views/paper-card.js';

export interface FeedItem {
  /** The paper's absolute URL on this site: also the GUID / id, stable across builds and formats. */
  id: string;
  url: string;
  /** The paper on arXiv. */
  externalUrl: string;
  title: string;
  /** The abstract, plain text, math as written. */
  content: string;
  /** The one-sentence summary when one was made (Atom summary, JSON Feed summary). */
  summary?: string;
  authors: string[];
  categories: string[];
  /** When the paper joined the daily feed (src/domain/ranking.ts enteredFeedAt). */
  published: Date;
}

export interface FeedDocument {
  title: string;
  description: string;
  /** The HTML page this feed mirrors (absolute). */
  homePageUrl: string;
  /** This feed's own URL in each format (absolute), for self links and `feed_url`. */
  feedUrls: Record<FeedFormat, string>;
  /** The newest item's date; an empty feed gives its caller's fallback. */
  updated: Date;
  items: FeedItem[];
}

export const FEED_FORMATS = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export function isFeedFormat(s: string): s is FeedFormat {
  return (FEED_FORMATS as readonly string[]).includes(s);
}

// XML 1.0 (section 2.2) allows tab, LF, CR and U+0020 upward except the surrogates and U+FFFE/U+FFFF:
// imported text can carry the rest (a stray U+0000 or a form feed in an abstract) and one such
// character makes a whole feed unreadable to a strict parser. Lone surrogates cannot be encoded
// in UTF-8 at all.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text a feed may carry: characters XML 1.0 forbids removed, whitespace folded to single spaces. */
export function feedText(s: string | null | undefined): string {
  return foldWhitespace((s ?? '').replace(NOT_XML_CHAR, ''));
}

/** One item from a card and its abstract; links are absolute from `baseUrl` (BASE_URL). */
export function feedItem(card: PaperCard, abstract: string | null | undefined, baseUrl: string): FeedItem {
  const url = `${baseUrl}${paperPath(card.id)}`;
  return {
    id: url,
    url,
    externalUrl: `https://arxiv.org/abs/${card.id}`,
    title: feedText(card.title),
    content: feedText(abstract),
    ...(card.summary ? { summary: feedText(card.summary) } : {}),
    authors: card.authors.map(feedText).filter((a) => a !== ''),
    categories: card.categories.map(feedText).filter((c) => c !== ''),
    published: enteredFeedAt(card),
  };
}

/** The feed's own URLs in every format: `path` without extension, `search` the query string (with `?`) or ''. */
export function feedUrls(baseUrl: string, path: string, search = ''): Record<FeedFormat, string> {
  return { rss: `${baseUrl}${path}.rss${search}`, atom: `${baseUrl}${path}.atom${search}`, json: `${baseUrl}${path}.json${search}` };
}

/** The newest item's date, else `fallback` (an empty feed still needs a lastBuildDate / updated). */
export function newestDate(items: readonly FeedItem[], fallback: Date): Date {
  let newest: Date | null = null;
  for (const item of items) if (!newest || item.published > newest) newest = item.published;
  return newest ?? fallback;
}

/** RFC 3339 in UTC without milliseconds: `2026-11-27T09:00:00Z` (Atom, JSON Feed). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 822 (with a four-digit year, as RFC 1123 and every reader expect): `Fri, 27 Nov 2026 09:00:00 GMT` (RSS). */
export function rfc822(d: Date): string {
  return d.toUTCString();
}
