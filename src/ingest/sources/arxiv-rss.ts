/**
 * arXiv's daily listing feeds (`https://rss.arxiv.org/rss/cs.AI+cs.CL`, or `/atom/...`): the exact
 * list of what was announced on one day, rebuilt at midnight ET, empty on weekends and holidays.
 *
 * Each item names its announce type: `new` and `cross` put the paper on that day's list, so only
 * they get `announcedOn`; `replace` and `replace-cross` update a paper without moving it to a new
 * day. Types arXiv may add (`absonly` is one it knows) keep the record with announceType null.
 */
import { tryParseArxivId } from '../../domain/arxiv-id.js';
import { newYorkParts, toIsoDateTime } from '../../domain/dates.js';
import { InvalidInputError, UpstreamError } from '../../domain/errors.js';
import type { AnnounceType, PaperRecord, SourceItem } from '../../domain/paper.js';
import { cleanAuthors, cleanCategories, cleanText, isCategory, splitAuthors } from '../../domain/text.js';
import type { ArxivHttpClient } from '../arxiv-http.js';
import { attr, child, childText, children, parseXml, text } from './xml.js';

export interface Announcements {
  /** The listing date the feed describes (YYYY-MM-DD, America/New_York); null if the feed says none. */
  announcedOn: string | null;
  items: SourceItem[];
}

const ANNOUNCE_TYPES: ReadonlySet<string> = new Set<AnnounceType>(['new', 'cross', 'replace', 'replace-cross']);
/** `arXiv:2404.08001v1 Announce Type: new \nAbstract: ...` */
const DESCRIPTION = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?([\s\S]*)$/;

/**
 * GETs `${baseUrl}/rss/<cats>` (or `/atom/<cats>`) and parses it. `baseUrl` is e.g.
 * `https://rss.arxiv.org`. Throws InvalidInputError for a malformed category, UpstreamError when
 * the feed cannot be fetched or read.
 */
export async function fetchAnnouncements(
  client: ArxivHttpClient,
  baseUrl: string,
  categories: string[],
  options: { format?: 'rss' | 'atom' } = {},
): Promise<Announcements> {
  if (categories.length === 0) throw new InvalidInputError('no categories to fetch announcements for');
  for (const c of categories) if (!isCategory(c)) throw new InvalidInputError(`invalid arXiv category "${c}"`, 'invalid_category');
  const url = `${baseUrl.replace(/\/+$/, '')}/${options.format ?? 'rss'}/${categories.join('+')}`;
  const res = await client.get(url);
  const doc = parseXml(res.body);
  if (res.status >= 400) {
    // arXiv's feed service answers errors with a feed whose description says what went wrong.
    const why = cleanText(childText(child(doc?.root, 'channel'), 'description')) ?? `HTTP ${res.status}`;
    throw new UpstreamError(`arXiv RSS ${url}: ${why}`, res.status);
  }
  const parsed = parseAnnouncementFeed(res.body, url);
  if (!parsed) throw new UpstreamError(`arXiv RSS ${url}: not an RSS or Atom feed`, res.status);
  return parsed;
}

/** Parses an RSS 2.0 or Atom listing feed; null when the body is neither. */
export function parseAnnouncementFeed(xml: string, sourceRef: string | null = null): Announcements | null {
  const doc = parseXml(xml);
  if (!doc) return null;
  let feedDate: string | null;
  let entries: unknown[];
  if (doc.name === 'rss') {
    const channel = child(doc.root, 'channel');
    feedDate = childText(channel, 'pubDate') ?? childText(channel, 'lastBuildDate');
    entries = children(channel, 'item');
  } else if (doc.name === 'feed') {
    entries = children(doc.root, 'entry');
    // Atom has no pubDate: entries carry the listing midnight as `published`; the feed's
    // `updated` is the build time, which can fall on the day before in New York.
    feedDate = childText(entries[0], 'published') ?? childText(doc.root, 'updated');
  } else {
    return null;
  }
  const announcedOn = newYorkDate(feedDate);
  const items = entries.map((e, i) => parseItem(e, i + 1, announcedOn, sourceRef));
  return { announcedOn, items };
}

function parseItem(item: unknown, n: number, feedDay: string | null, sourceRef: string | null): SourceItem {
  const description = childText(item, 'description') ?? childText(item, 'summary') ?? '';
  const described = DESCRIPTION.exec(description);
  // RSS: guid `oai:arXiv.org:<id>vN`; Atom: id is the abs URL. The description names it too.
  const rawId = cleanText(childText(item, 'guid')) ?? cleanText(childText(item, 'id')) ?? described?.[1] ?? null;
  const at = rawId ?? `item ${n}`;
  if (!rawId) return { rejected: { at, reason: 'item has no id' } };
  const parsed = tryParseArxivId(rawId);
  if (typeof parsed === 'string') return { rejected: { at, reason: parsed } };
  const title = cleanText(childText(item, 'title'));
  if (!title) return { rejected: { at, reason: 'item has no title' } };

  const typeText = cleanText(childText(item, 'announce_type')) ?? described?.[2] ?? null;
  const announceType = typeText && ANNOUNCE_TYPES.has(typeText) ? (typeText as AnnounceType) : null;
  const day = feedDay ?? newYorkDate(childText(item, 'pubDate') ?? childText(item, 'published'));
  const categories = cleanCategories(children(item, 'category').map((c) => attr(c, 'term') ?? text(c)));
  const record: PaperRecord = {
    source: 'arxiv-rss',
    sourceRef,
    id: parsed.id,
    version: parsed.version,
    title,
    abstract: cleanText(described ? described[3] : description),
    authors: authorsOf(item),
    // arXiv lists a paper's categories primary first, also in a feed for a cross-listed category.
    primaryCategory: categories[0] ?? null,
    categories,
    journalRef: cleanText(childText(item, 'journal_reference')),
    doi: cleanText(childText(item, 'DOI')),
    license: cleanText(childText(item, 'rights')),
    announceType,
    announcedOn: announceType === 'new' || announceType === 'cross' ? day : null,
  };
  return { record };
}

/** `dc:creator` holds all authors comma-separated, affiliations in parentheses. */
function authorsOf(item: unknown): string[] {
  const creators = children(item, 'creator').map(text).filter((s): s is string => s !== null);
  if (creators.length > 0) return creators.flatMap(splitAuthors);
  return cleanAuthors(children(item, 'author').map((a) => childText(a, 'name')));
}

/** `Mon, 15 Apr 2024 00:00:00 -0400` -> `2024-04-15` (the day in New York). */
function newYorkDate(value: string | null): string | null {
  const iso = toIsoDateTime(value);
  return iso ? newYorkParts(iso).date : null;
}
