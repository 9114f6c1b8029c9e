import type { PaperRecord, SourceItem } from '../../domain/paper.js';
import { cleanHttpUrl } from '../../domain/paper-rules.js';
import { cleanAuthors, cleanCategories, cleanText, splitAuthors } from '../../domain/text.js';
import { arxivIdField, authorNames, countField, dateField, type JsonObject } from './fields.js';
import { recordsFromJsonFile, type ReadFileOptions } from './json-records.js';

/**
 * Reads Paperboy's own JSON Lines (the shared hf-daily-papers.jsonl and arxiv-recent.jsonl.xz,
 * the benchmark corpora grown from them): `{id, title, authors, abstract, published, upvotes?,
 * github?, categories?, source}`; README "Paper files" lists the fields. `categories` (arXiv
 * categories, primary first) feed the category filters and facets.
 * `published` is the feed day (or arXiv date) the paper was collected under: it becomes
 * `dailyAt`. The file's own `source` field is provenance only; records carry source `jsonl`.
 */
export function readPaperboyJsonl(path: string, options: ReadFileOptions = {}): AsyncGenerator<SourceItem> {
  return recordsFromJsonFile(path, mapPaperboyJsonl, options);
}

/** One line's object -> record (throws RecordRejected). */
export function mapPaperboyJsonl(obj: JsonObject): PaperRecord {
  const { id, version } = arxivIdField(obj.id);
  const categories = cleanCategories(typeof obj.categories === 'string' || Array.isArray(obj.categories) ? obj.categories : null);
  return {
    source: 'jsonl',
    id,
    version,
    title: cleanText(obj.title) ?? '',
    abstract: cleanText(obj.abstract),
    authors: typeof obj.authors === 'string' ? splitAuthors(obj.authors) : cleanAuthors(authorNames(obj.authors)),
    dailyAt: dateField(obj.published, 'published'),
    upvotes: countField(obj.upvotes, 'upvotes'),
    githubUrl: cleanHttpUrl(obj.github),
    // Absent: the paper keeps the categories another source gave it.
    ...(categories.length > 0 ? { primaryCategory: categories[0]!, categories } : {}),
  };
}
