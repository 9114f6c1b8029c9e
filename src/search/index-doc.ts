/** A paper as the lexical index reads it, and its texts in field order. */
import { ABSTRACT, AUTHORS, FIELDS, ID, TITLE } from './bm25.js';
import { isIdTerm } from './query.js';

export interface IndexDoc {
  /** The caller's id, returned in results: the arXiv id (then also searchable as the id field). */
  key: string;
  title: string;
  abstract?: string;
  authors?: string | readonly string[];
}

/** The paper's texts in field order; the key is the id field only when it is an arXiv id. */
export function fieldsOf(p: IndexDoc): string[] {
  const fields = new Array<string>(FIELDS).fill('');
  fields[TITLE] = p.title ?? '';
  fields[ABSTRACT] = p.abstract ?? '';
  fields[AUTHORS] = typeof p.authors === 'string' ? p.authors : (p.authors ?? []).join(', ');
  fields[ID] = isIdTerm(p.key.toLowerCase()) ? p.key : '';
  return fields;
}

/** Keys are stored NUL-separated in snapshots. */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '' || key.includes('\u0000')) throw new TypeError(`invalid index key ${JSON.stringify(key)}`);
}
