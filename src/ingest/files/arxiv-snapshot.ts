import type { PaperRecord, PaperVersion, SourceItem } from '../../domain/paper.js';
import { cleanAuthors, cleanCategories, cleanText, splitAuthors } from '../../domain/text.js';
import { arxivIdField, dateField, isObject, reject, show, type JsonObject } from './fields.js';
import { recordsFromJsonFile, type ReadFileOptions } from './json-records.js';

/**
 * Reads the arXiv bulk metadata snapshot (JSON Lines, about 4 GB, 2.7M+ lines; see the
 * "Bulk metadata snapshot" section of the arXiv protocols reference). Streamed line by line.
 * Titles and abstracts are hard-wrapped with leading spaces: folded. TeX stays verbatim in
 * titles and abstracts (the web layer renders it) but is decoded in author names.
 */
export function readArxivSnapshot(path: string, options: ReadFileOptions = {}): AsyncGenerator<SourceItem> {
  return recordsFromJsonFile(path, mapArxivSnapshot, options);
}

/** One snapshot object -> record (throws RecordRejected). */
export function mapArxivSnapshot(obj: JsonObject): PaperRecord {
  const { id, version: idVersion } = arxivIdField(obj.id);
  const versions = versionsField(obj.versions);
  const first = versions.find((v) => v.version === 1) ?? versions[0];
  const latest = versions.at(-1);
  const categories = cleanCategories(typeof obj.categories === 'string' || Array.isArray(obj.categories) ? obj.categories : null);
  return {
    source: 'arxiv-snapshot',
    id,
    version: latest?.version ?? idVersion,
    title: cleanText(obj.title) ?? '',
    abstract: cleanText(obj.abstract),
    authors: snapshotAuthors(obj.authors_parsed, obj.authors),
    primaryCategory: categories[0] ?? null,
    categories,
    comments: cleanText(obj.comments),
    journalRef: cleanText(obj['journal-ref']),
    submitter: cleanText(obj.submitter),
    reportNo: cleanText(obj['report-no']),
    // Several DOIs are separated by spaces: folding keeps them apart.
    doi: cleanText(obj.doi),
    license: cleanText(obj.license),
    submittedAt: first?.submittedAt ?? null,
    updatedAt: latest?.submittedAt ?? null,
    versions: versions.length > 0 ? versions : null,
  };
}

/** `[{version: "v2", created: "Tue, 24 Jul 2007 20:10:27 GMT"}, ...]` -> versions sorted by number. */
function versionsField(raw: unknown): PaperVersion[] {
  if (!Array.isArray(raw)) return [];
  const out: PaperVersion[] = [];
  raw.forEach((entry: unknown, i) => {
    if (!isObject(entry)) reject(`versions[${i}] is not an object`);
    const m = typeof entry.version === 'string' ? /^v(\d{1,6})$/.exec(entry.version.trim()) : null;
    if (!m) reject(`versions[${i}].version is not like "v1": ${show(entry.version)}`);
    const submittedAt = dateField(entry.created, `versions[${i}].created`);
    if (submittedAt === null) reject(`versions[${i}] has no created date`);
    // v0 is kept so that validateRecord reports it with the other version rules.
    const version = Number(m[1]);
    if (!out.some((v) => v.version === version)) out.push({ version, submittedAt, size: null });
  });
  return out.sort((a, b) => a.version - b.version);
}

/**
 * Prefers `authors_parsed` ([last, first, suffix, affiliation?], already Unicode) over the
 * TeX author string; falls back to the string when the parsed list is missing or empty.
 */
function snapshotAuthors(parsed: unknown, raw: unknown): string[] {
  const names: string[] = [];
  if (Array.isArray(parsed)) {
    for (const entry of parsed) {
      if (!Array.isArray(entry)) continue;
      const [last, first, suffix] = entry.map((part: unknown) => (typeof part === 'string' ? part.trim() : ''));
      // arXiv's parser spaces out hyphenated initials ("C.-P." -> "C. -P."): undo it.
      const given = (first ?? '').replace(/\.\s+-(?=\p{L})/gu, '.-');
      names.push([given, last, suffix].filter((p) => p).join(' '));
    }
  }
  const cleaned = cleanAuthors(names);
  if (cleaned.length > 0) return cleaned;
  return typeof raw === 'string' ? splitAuthors(raw) : [];
}
