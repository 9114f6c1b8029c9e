import { mathToPlainText } from './math-text.js';

/**
 * A text with LaTeX as one line of plain text no longer than `max` characters, cut at a word
 * boundary with an ellipsis: what a `<meta name="description">` or a share card shows.
 * `$\frac{a}{b}$` reads `a/b`; nothing of the LaTeX source is left.
 */
export function plainSummary(text: string, max = 160): string {
  const plain = mathToPlainText(text);
  if ([...plain].length <= max) return plain;
  const chars = [...plain];
  // Room for the ellipsis; then back to the last space, unless that throws away most of the line.
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= max * 0.6 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.\-–—(]+$/u, '')}…`;
}
