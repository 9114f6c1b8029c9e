import { describe, expect, it } from 'vitest';
import { bibtexFor } from '../../../src/domain/bibtex.js';
import { mathToPlainText } from '../../../src/domain/math-text.js';
import { commentPlainText, renderCommentMarkdown } from '../../../src/web/render/markdown.js';
import { renderMathText } from '../../../src/web/render/math.js';
import { safeHtmlProblems } from './safe-html.js';

/** Deterministic pseudo-random inputs built from the pieces that matter to these parsers. */
function* inputs(count: number, seed = 42): Generator<string> {
  const pieces = [
    '$', '$$', '\\$', '\\(', '\\)', '\\[', '\\]', '{', '}', '\\', '^', '_', '~', '`', '``', "''", '--', '*', '**', '_', '[', ']', '(', ')',
    '](https://a.org/', '](javascript:', 'https://x.org/', '\n', '\n\n', '> ', '- ', '1. ', '```', ' ', 'a', 'x', '2', '<', '>', '"', "'", '&',
    '<img src=x onerror=alert(1)>', '\\textbf{', '\\emph', '{\\bf ', '\\url{', '\\href{', '\\frac', '\\alpha', '\\mathcal{', '\\href{javascript:alert(1)}{x}',
    '\\htmlClass{a}{', '\\def\\a{\\a}', '\\"o', "\\'", '\\unicode{x3c}', '\u0000', '\u0001', '😀', 'ü', '%', '#',
  ];
  let state = seed;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  for (let n = 0; n < count; n++) {
    let s = '';
    const len = 1 + Math.floor(next() * 40);
    for (let k = 0; k < len; k++) s += pieces[Math.floor(next() * pieces.length)];
    yield s;
  }
}

describe('renderers on random input', () => {
  it('never throw and never emit unsafe HTML or a broken BibTeX entry', () => {
    const started = performance.now();
    let n = 0;
    for (const s of inputs(3000)) {
      n++;
      for (const html of [renderMathText(s), renderMathText(s, { display: false }), renderCommentMarkdown(s)]) expect(safeHtmlProblems(html), JSON.stringify(s)).toEqual([]);
      expect(typeof mathToPlainText(s)).toBe('string');
      expect(typeof commentPlainText(s)).toBe('string');
      const entry = bibtexFor({ id: '2401.01234', title: s, authors: [s, 'Ada Lovelace'], submittedAt: '2024-01-01', primaryCategory: 'cs.LG', journalRef: s });
      const lines = entry.split('\n');
      for (const line of lines.slice(1, -1)) {
        const value = /^ {6}[a-zA-Z]+=\{(.*)\},?$/.exec(line)?.[1];
        let depth = 0;
        let lowest = 0;
        for (const c of value ?? '') {
          depth += c === '{' ? 1 : c === '}' ? -1 : 0;
          lowest = Math.min(lowest, depth);
        }
        // Each field on its own line, its braces balanced and never closing the field early.
        expect([value !== undefined, depth, lowest], `${JSON.stringify(s)} -> ${line}`).toEqual([true, 0, 0]);
      }
      expect(lines.at(-1)).toBe('}');
    }
    console.log(`${n} random inputs through every renderer in ${(performance.now() - started).toFixed(0)} ms`);
  });
});
