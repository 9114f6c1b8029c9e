import type { PaperRecord, SourceItem } from '../../domain/paper.js';
import { cleanHttpUrl } from '../../domain/paper-rules.js';
import { cleanAuthors, cleanText, splitAuthors } from '../../domain/text.js';
import { arxivIdField, authorNames, countField, dateField, isObject, type JsonObject } from './fields.js';
import { recordsFromJsonFile, type ReadFileOptions } from './json-records.js';

/**
 * Reads saved daily-papers API data (see the shared daily-papers-api reference):
 * - a JSON array of feed Items (a saved `/api/daily_papers` or `/api/papers/search` page),
 *   several such arrays back to back, or a pretty-printed single object;
 * - JSON Lines, one Item a line.
 * Each entry may be an Item `{paper, publishedAt, title, ...}`, a bare `Paper`, or the flat
 * `/api/papers/{id}` shape (Paper fields at top level).
 *
 * Arrays are streamed element by element (read-json-values.ts), so file size is not limited
 * by memory; each element, like each line, is limited to 1 MiB (real Items are 2-10 KB).
 */
export function readHfDaily(path: string, options: ReadFileOptions = {}): AsyncGenerator<SourceItem> {
  return recordsFromJsonFile(path, mapHfDaily, options);
}

/** One Item, Paper or flat paper object -> record (throws RecordRejected). */
export function mapHfDaily(obj: JsonObject): PaperRecord {
  // An Item wraps the Paper; a bare Paper or the flat shape is its own paper and has no
  // feed wrapper: its top-level `publishedAt` is the arXiv date, not the feed day.
  const item = isObject(obj.paper) ? obj : null;
  const paper = item ? (obj.paper as JsonObject) : obj;
  const outer: JsonObject = item ?? {};
  const { id, version } = arxivIdField(paper.id ?? outer.id, item ? 'paper.id' : 'id');
  const authors = typeof paper.authors === 'string' ? splitAuthors(paper.authors) : cleanAuthors(authorNames(paper.authors));
  return {
    source: 'hf-daily',
    id,
    version,
    // The Item's title is the cleaned single-line one; Paper.title may keep arXiv line breaks.
    title: cleanText(outer.title) ?? cleanText(paper.title) ?? '',
    abstract: cleanText(paper.summary) ?? cleanText(outer.summary),
    authors,
    submittedAt: dateField(paper.publishedAt, item ? 'paper.publishedAt' : 'publishedAt'),
    dailyAt: dateField(paper.submittedOnDailyAt, 'submittedOnDailyAt') ?? dateField(outer.publishedAt, 'publishedAt'),
    upvotes: countField(paper.upvotes, 'upvotes'),
    githubUrl: cleanHttpUrl(paper.githubRepo ?? outer.githubRepo),
    projectUrl: cleanHttpUrl(paper.projectPage ?? outer.projectPage),
  };
}
