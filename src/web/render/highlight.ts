import { escapeHtml } from '../../domain/html-escape.js';
import type { Range } from '../../search/highlight.js';

/** Escaped text with the given [start, end) ranges (from the search engine's `highlight`) in <mark>. */
export function markRanges(text: string, ranges: readonly Range[]): string {
  let out = '';
  let last = 0;
  for (const [start, end] of ranges) {
    out += `${escapeHtml(text.slice(last, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    last = end;
  }
  return out + escapeHtml(text.slice(last));
}
