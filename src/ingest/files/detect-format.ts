import { InvalidInputError } from '../../domain/errors.js';
import type { SourceItem } from '../../domain/paper.js';
import { readArxivSnapshot } from './arxiv-snapshot.js';
import { isObject, type JsonObject } from './fields.js';
import { readHfDaily } from './hf-daily.js';
import type { ReadFileOptions } from './json-records.js';
import { readPaperboyJsonl } from './paperboy-jsonl.js';
import { readJsonValues } from './read-json-values.js';
import { readLines } from './read-lines.js';
import { sniffFile } from './sniff.js';

/** The paper file formats `paperboy import` reads. */
export const PAPER_FILE_FORMATS = ['hf-daily', 'arxiv-snapshot', 'jsonl'] as const;
export type PaperFileFormat = (typeof PAPER_FILE_FORMATS)[number];
/** What `--format` accepts. */
export const PAPER_FILE_FORMAT_CHOICES = ['auto', ...PAPER_FILE_FORMATS] as const;
export type PaperFileFormatChoice = (typeof PAPER_FILE_FORMAT_CHOICES)[number];

const READERS: Record<PaperFileFormat, (path: string, options?: ReadFileOptions) => AsyncGenerator<SourceItem>> = {
  'hf-daily': readHfDaily,
  'arxiv-snapshot': readArxivSnapshot,
  jsonl: readPaperboyJsonl,
};

/**
 * How many leading records detection may look at: enough to step over a few malformed
 * lines at the top of a file, few enough that a wrong file fails fast.
 */
const SNIFF_RECORDS = 20;

/** Validates a `--format` value. */
export function parsePaperFileFormat(input: string): PaperFileFormatChoice {
  const found = PAPER_FILE_FORMAT_CHOICES.find((f) => f === input);
  if (!found) throw new InvalidInputError(`unknown format ${JSON.stringify(input)}: expected one of ${PAPER_FILE_FORMAT_CHOICES.join(', ')}`, 'invalid_format');
  return found;
}

/** Reads a paper file in the given format (`auto`: detectFormat first). `sourceRef` defaults to the basename. */
export async function* readPaperFile(path: string, format: PaperFileFormatChoice, options: ReadFileOptions = {}): AsyncGenerator<SourceItem> {
  const chosen = format === 'auto' ? await detectFormat(path) : format;
  const reader = READERS[chosen];
  if (!reader) throw new InvalidInputError(`unknown format ${JSON.stringify(chosen)}`, 'invalid_format');
  yield* reader(path, options);
}

/**
 * Tells the format from the first records' keys (see classifyObject). Throws InvalidInputError
 * when the file is missing or empty, is not JSON, or its records match no format.
 */
export async function detectFormat(path: string): Promise<PaperFileFormat> {
  const head = await sniffFile(path);
  if (head.layout === 'empty') throw new InvalidInputError(`${path} is empty: no papers to import`, 'unknown_format');
  if (head.firstChar !== '[' && head.firstChar !== '{') {
    throw new InvalidInputError(`cannot tell the format of ${path}: it starts with ${JSON.stringify(head.firstChar)}, not with a JSON array or object`, 'unknown_format');
  }
  let seen = 0;
  let firstKeys: string[] | null = null;
  for await (const text of leadingTexts(path, head.layout === 'values')) {
    seen++;
    const obj = text === null ? null : parseObject(text);
    if (obj) {
      const format = classifyObject(obj);
      if (format) return format;
      firstKeys ??= Object.keys(obj);
    }
    if (seen >= SNIFF_RECORDS) break;
  }
  // Only arrays hold saved daily-papers pages; an empty one is a legal (empty) page.
  if (seen === 0 && head.firstChar === '[') return 'hf-daily';
  const what = firstKeys
    ? `the first record has keys ${firstKeys.slice(0, 12).join(', ')}`
    : `the first ${seen} record${seen === 1 ? ' is' : 's are'} not JSON objects`;
  throw new InvalidInputError(`cannot tell the format of ${path}: ${what}; pass --format ${PAPER_FILE_FORMATS.join(' | ')}`, 'unknown_format');
}

/**
 * The format an object belongs to, by keys only one format has:
 * `paper` (feed Item), `submittedOnDailyAt`/`discussionId`, or `summary` + `publishedAt`
 * (Paper, flat paper) -> hf-daily; `authors_parsed`/`versions`/`update_date` -> arxiv-snapshot;
 * `published` with `id` or `title` -> jsonl.
 */
export function classifyObject(obj: JsonObject): PaperFileFormat | null {
  const has = (k: string) => Object.hasOwn(obj, k);
  if (has('paper') || has('submittedOnDailyAt') || has('discussionId') || (has('summary') && has('publishedAt'))) return 'hf-daily';
  if (has('authors_parsed') || has('versions') || has('update_date')) return 'arxiv-snapshot';
  if (has('published') && (has('id') || has('title'))) return 'jsonl';
  return null;
}

/** Texts of the leading records; null for one that cannot be read (oversized, broken). */
async function* leadingTexts(path: string, values: boolean): AsyncGenerator<string | null> {
  if (values) {
    for await (const item of readJsonValues(path)) yield item.kind === 'value' ? item.text : null;
  } else {
    for await (const item of readLines(path)) yield item.line;
  }
}

function parseObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}
