/**
 * Parses one OAI-PMH ListRecords (or GetRecord) response from arXiv into normalized records.
 * Pure: no I/O. The harvester (oai-pmh.ts) drives the paging.
 *
 * Two metadata formats:
 * - `arXivRaw`: every version with its RFC 2822 date and size, authors as one TeX string.
 * - `arXiv`: latest version only, authors split into keyname/forenames/suffix, created/updated dates.
 *
 * Deleted records (`<header status="deleted">`) are neither records nor rejections: arXiv keeps
 * them as tombstones and nothing is wrong with the input. Their ids are returned in `deleted`
 * so a caller can count or withdraw them.
 */
import { tryParseArxivId } from '../../domain/arxiv-id.js';
import { toIsoDateTime } from '../../domain/dates.js';
import type { PaperRecord, PaperVersion, SourceItem } from '../../domain/paper.js';
import { cleanAuthors, cleanCategories, cleanText, decodeTexAccents, foldWhitespace, splitAuthors } from '../../domain/text.js';
import { attr, child, childText, children, parseXml, text } from './xml.js';

export type OaiMetadataPrefix = 'arXivRaw' | 'arXiv';

export interface OaiResumption {
  /** Null or empty on the last page of a list. */
  token: string | null;
  cursor?: number;
  completeListSize?: number;
}

export type OaiResponse =
  | { kind: 'records'; responseDate: string; items: SourceItem[]; deleted: string[]; resumption: OaiResumption | null }
  | { kind: 'error'; responseDate: string; code: string; message: string };

const OAI_PREFIX = 'oai:arXiv.org:';

/**
 * Parses a response body. Returns null when the body is not an OAI-PMH document at all (an HTML
 * error page, say); the caller decides what that means. `page` (1-based) only labels rejections.
 */
export function parseOaiResponse(xml: string, page = 1): OaiResponse | null {
  const doc = parseXml(xml);
  if (!doc || doc.name !== 'OAI-PMH') return null;
  const oai = doc.root;
  const responseDate = foldWhitespace(childText(oai, 'responseDate') ?? '');
  const errors = children(oai, 'error');
  if (errors.length > 0) {
    // OAI-PMH allows several errors in one response; the first code decides, all messages are kept.
    const code = attr(errors[0], 'code') ?? 'unknown';
    const message = errors.map((e) => foldWhitespace(text(e) ?? '')).filter(Boolean).join('; ');
    return { kind: 'error', responseDate, code, message };
  }
  const list = child(oai, 'ListRecords') ?? child(oai, 'GetRecord');
  const items: SourceItem[] = [];
  const deleted: string[] = [];
  children(list, 'record').forEach((record, i) => {
    const header = child(record, 'header');
    const identifier = cleanText(childText(header, 'identifier'));
    if (attr(header, 'status') === 'deleted') {
      if (identifier) deleted.push(withoutOaiPrefix(identifier));
      return;
    }
    const at = identifier ?? `record ${i + 1} of page ${page}`;
    const result = parseRecord(record, identifier);
    items.push(typeof result === 'string' ? { rejected: { at, reason: result } } : { record: result });
  });
  return { kind: 'records', responseDate, items, deleted, resumption: parseResumption(child(list, 'resumptionToken')) };
}

/**
 * Parses a ListSets response: the set specs on this page and the token of the next (null on the
 * last). An OAI error comes back as in parseOaiResponse; null when the body is not OAI-PMH.
 */
export function parseListSets(xml: string): { kind: 'sets'; sets: string[]; token: string | null } | Extract<OaiResponse, { kind: 'error' }> | null {
  const parsed = parseOaiResponse(xml);
  if (parsed === null || parsed.kind === 'error') return parsed;
  const list = child(parseXml(xml)?.root, 'ListSets');
  if (list === undefined) return null;
  const sets = children(list, 'set').flatMap((s) => cleanText(childText(s, 'setSpec')) ?? []);
  return { kind: 'sets', sets, token: parseResumption(child(list, 'resumptionToken'))?.token ?? null };
}

/** `oai:arXiv.org:2401.01234` -> `2401.01234` */
function withoutOaiPrefix(identifier: string): string {
  return identifier.startsWith(OAI_PREFIX) ? identifier.slice(OAI_PREFIX.length) : identifier;
}

function parseResumption(node: unknown): OaiResumption | null {
  if (node === undefined) return null;
  const token = cleanText(text(node));
  const out: OaiResumption = { token };
  const cursor = toCount(attr(node, 'cursor'));
  const size = toCount(attr(node, 'completeListSize'));
  if (cursor !== undefined) out.cursor = cursor;
  if (size !== undefined) out.completeListSize = size;
  return out;
}

function toCount(s: string | null): number | undefined {
  return s !== null && /^\d+$/.test(s.trim()) ? Number(s) : undefined;
}

/** arXiv writes the submitter's name in TeX as it does authors (`Jana M\\"uller`): shown decoded. */
function submitterName(raw: string | null): string | null {
  const name = cleanText(raw);
  return name === null ? null : decodeTexAccents(name);
}

/** One record -> a PaperRecord, or the reason it cannot be one. */
function parseRecord(record: unknown, identifier: string | null): PaperRecord | string {
  const metadata = child(record, 'metadata');
  const raw = child(metadata, 'arXivRaw');
  const arxiv = raw === undefined ? child(metadata, 'arXiv') : undefined;
  const meta = raw ?? arxiv;
  if (meta === undefined) return 'no arXivRaw or arXiv metadata in the record';

  // The metadata id is the paper id; the header identifier is only a fallback.
  const rawId = cleanText(childText(meta, 'id')) ?? (identifier ? withoutOaiPrefix(identifier) : null);
  if (!rawId) return 'record has no id';
  const parsed = tryParseArxivId(rawId);
  if (typeof parsed === 'string') return parsed;
  const title = cleanText(childText(meta, 'title'));
  if (!title) return 'record has no title';

  const categories = cleanCategories(childText(meta, 'categories'));
  const datestamp = cleanText(childText(child(record, 'header'), 'datestamp'));
  const rec: PaperRecord = {
    source: 'arxiv-oai',
    sourceRef: datestamp ? `oai datestamp ${datestamp}` : null,
    id: parsed.id,
    title,
    abstract: cleanText(childText(meta, 'abstract')),
    primaryCategory: categories[0] ?? null,
    categories,
    comments: cleanText(childText(meta, 'comments')),
    journalRef: cleanText(childText(meta, 'journal-ref')),
    // submitter is arXivRaw's alone; both formats carry report-no and msc-class.
    submitter: submitterName(childText(meta, 'submitter')),
    reportNo: cleanText(childText(meta, 'report-no')),
    mscClass: cleanText(childText(meta, 'msc-class')),
    // Several DOIs come space-separated in one element; folding keeps them that way.
    doi: cleanText(childText(meta, 'doi')),
    license: cleanText(childText(meta, 'license')),
  };
  return raw !== undefined ? withRawFields(rec, raw) : withArxivFields(rec, meta);
}

/** arXivRaw: authors as one string, the full version history. */
function withRawFields(rec: PaperRecord, raw: unknown): PaperRecord {
  const versions: PaperVersion[] = [];
  for (const v of children(raw, 'version')) {
    const n = /^v(\d+)$/.exec(attr(v, 'version')?.trim() ?? '');
    const submittedAt = toIsoDateTime(childText(v, 'date'));
    // A version without a number or a readable date says nothing we can store.
    if (!n || !submittedAt) continue;
    versions.push({ version: Number(n[1]), submittedAt, size: cleanText(childText(v, 'size')) });
  }
  versions.sort((a, b) => a.version - b.version);
  const authors = childText(raw, 'authors');
  return {
    ...rec,
    authors: authors ? splitAuthors(authors) : [],
    versions,
    version: versions.at(-1)?.version ?? null,
    submittedAt: versions[0]?.submittedAt ?? null,
    updatedAt: versions.at(-1)?.submittedAt ?? null,
  };
}

/** arXiv format: structured authors, only created/updated dates, no version number. */
function withArxivFields(rec: PaperRecord, meta: unknown): PaperRecord {
  const names = children(child(meta, 'authors'), 'author').map((a) =>
    ['forenames', 'keyname', 'suffix'].map((part) => foldWhitespace(childText(a, part) ?? '')).filter(Boolean).join(' '),
  );
  const created = toIsoDateTime(childText(meta, 'created'));
  return {
    ...rec,
    authors: cleanAuthors(names),
    version: null,
    submittedAt: created,
    updatedAt: toIsoDateTime(childText(meta, 'updated')) ?? created,
  };
}
