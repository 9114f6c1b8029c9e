import { escapeHtml } from '../../domain/html-escape.js';
import { fold } from '../../search/tokenizer.js';
import { stem } from '../../search/stem.js';

/**
 * Escaped text with the words a query matched wrapped in <mark>: a word matches when its folded,
 * stemmed form is one of the query's terms, or starts with the prefix being typed.
 */
export function highlight(text: string, terms: ReadonlySet<string>, prefix?: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = fold(m[0]);
    const hit = terms.has(stem(word)) || terms.has(word) || (prefix !== undefined && prefix.length >= 2 && word.startsWith(prefix));
    if (!hit) continue;
    out += `${escapeHtml(text.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}
