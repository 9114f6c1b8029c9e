/**
 * The arXiv API (`/api/query?id_list=...`): metadata of single papers and backfills by id.
 *
 * Reads both Atom formats arXiv has served: the 2026 one (namespaces on the root, https links,
 * `published` after the categories, no leading spaces in `summary`) and the legacy one
 * (per-element namespaces, `-04:00` timestamps, `published` right after `updated`). Field order
 * and namespace placement do not matter to the parser (see xml.ts).
 *
 * Errors: arXiv answers a malformed id with HTTP 400 and a feed holding one entry titled `Error`.
 * fetchByIds validates ids itself first, so that is rare; when it happens, every id of that batch
 * becomes a Rejection carrying arXiv's message (also for a single id: the caller, which knows
 * whether a user typed it, decides whether that is an InvalidInputError). Ids arXiv does not know
 * are simply absent from the result.
 */
import { tryParseArxivId } from '../../domain/arxiv-id.js';
import { toIsoDateTime } from '../../domain/dates.js';
import { UpstreamError } from '../../domain/errors.js';
import type { PaperRecord, SourceItem } from '../../domain/paper.js';
import { cleanAuthors, cleanCategories, cleanText } from '../../domain/text.js';
import type { ArxivHttpClient } from '../arxiv-http.js';
import { attr, child, childText, children, parseXml } from './xml.js';

/** Ids per request: keeps URLs short (~1.5 kB) and each answer small; arXiv allows 2,000 results. */
export const API_BATCH_SIZE = 100;

export type ApiFeed = { kind: 'error'; message: string } | { kind: 'entries'; items: SourceItem[]; totalResults: number | null };

/** Parses an API Atom response; null when the body is not an Atom feed. */
export function parseApiFeed(xml: string): ApiFeed | null {
  const doc = parseXml(xml);
  if (!doc || doc.name !== 'feed') return null;
  const entries = children(doc.root, 'entry');
  const first = entries[0];
  if (entries.length === 1 && cleanText(childText(first, 'title')) === 'Error' && (childText(first, 'id') ?? '').includes('/api/errors')) {
    return { kind: 'error', message: cleanText(childText(first, 'summary')) ?? 'unspecified error' };
  }
  const total = cleanText(childText(doc.root, 'totalResults'));
  return {
    kind: 'entries',
    items: entries.map((e, i) => parseEntry(e, i + 1)),
    totalResults: total !== null && /^\d+$/.test(total) ? Number(total) : null,
  };
}

function parseEntry(entry: unknown, n: number): SourceItem {
  const entryId = cleanText(childText(entry, 'id'));
  const at = entryId ?? `entry ${n}`;
  if (!entryId) return { rejected: { at, reason: 'entry has no id' } };
  // `http(s)://arxiv.org/abs/<id>vN`: parseArxivId reads the URL form and splits off the version.
  const parsed = tryParseArxivId(entryId);
  if (typeof parsed === 'string') return { rejected: { at, reason: parsed } };
  const title = cleanText(childText(entry, 'title'));
  if (!title) return { rejected: { at, reason: 'entry has no title' } };

  const primary = cleanText(attr(child(entry, 'primary_category'), 'term'));
  const terms = children(entry, 'category').map((c) => attr(c, 'term'));
  const categories = cleanCategories(primary ? [primary, ...terms] : terms);
  const record: PaperRecord = {
    source: 'arxiv-api',
    sourceRef: entryId,
    id: parsed.id,
    version: parsed.version,
    title,
    abstract: cleanText(childText(entry, 'summary')),
    authors: cleanAuthors(children(entry, 'author').map((a) => childText(a, 'name'))),
    primaryCategory: categories[0] ?? null,
    categories,
    comments: cleanText(childText(entry, 'comment')),
    journalRef: cleanText(childText(entry, 'journal_ref')),
    doi: cleanText(childText(entry, 'doi')),
    submittedAt: toIsoDateTime(childText(entry, 'published')),
    updatedAt: toIsoDateTime(childText(entry, 'updated')),
  };
  return { record };
}

/**
 * Fetches papers by id, in batches of API_BATCH_SIZE. Accepts any form parseArxivId reads;
 * an id with a version asks for that version. Returns records in input order, Rejections for
 * ids that are invalid (no request made for them) or that arXiv rejected; unknown ids are absent.
 * Throws UpstreamError when arXiv is unreachable or answers something unreadable.
 */
export async function fetchByIds(client: ArxivHttpClient, baseUrl: string, ids: string[], signal?: AbortSignal): Promise<SourceItem[]> {
  // Input position -> what to ask for; invalid ids are rejected without a request.
  const slots: Array<{ rejected: SourceItem } | { key: string; id: string }> = [];
  const wanted = new Set<string>();
  for (const input of ids) {
    const parsed = tryParseArxivId(input);
    if (typeof parsed === 'string') {
      slots.push({ rejected: { rejected: { at: input, reason: parsed } } });
      continue;
    }
    const key = parsed.version ? `${parsed.id}v${parsed.version}` : parsed.id;
    slots.push({ key, id: parsed.id });
    wanted.add(key);
  }

  const found = new Map<string, SourceItem>();
  const failed = new Map<string, string>();
  const keys = [...wanted];
  for (let i = 0; i < keys.length; i += API_BATCH_SIZE) {
    const batch = keys.slice(i, i + API_BATCH_SIZE);
    const url = new URL(baseUrl);
    url.searchParams.set('id_list', batch.join(','));
    url.searchParams.set('max_results', String(batch.length));
    const res = await client.get(url.toString(), signal);
    const feed = parseApiFeed(res.body);
    if (!feed) throw new UpstreamError(`arXiv API: HTTP ${res.status}, not an Atom feed`, res.status);
    if (feed.kind === 'error') {
      for (const key of batch) failed.set(key, `arXiv API: ${feed.message}`);
      continue;
    }
    if (res.status >= 400) throw new UpstreamError(`arXiv API: HTTP ${res.status}`, res.status);
    for (const item of feed.items) {
      // Entries come back keyed by id; a rejected entry (unreadable id) has no key to match.
      if ('record' in item) found.set(item.record.id, item);
    }
  }

  // Back in input order, each paper once even when it was asked for twice.
  const out: SourceItem[] = [];
  const emitted = new Set<string>();
  for (const slot of slots) {
    if ('rejected' in slot) {
      out.push(slot.rejected);
      continue;
    }
    const reason = failed.get(slot.key);
    const item = reason === undefined ? found.get(slot.id) : { rejected: { at: slot.key, reason } };
    const seenAs = reason === undefined ? slot.id : slot.key;
    if (item && !emitted.has(seenAs)) {
      out.push(item);
      emitted.add(seenAs);
    }
  }
  return out;
}

