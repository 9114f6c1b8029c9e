import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The site's one stylesheet is edited by hand in blocks: one unclosed `@media {` silently turns
 * every rule after it into a phone-only rule (the stats charts once lost their styles on desktop
 * that way), which no page test notices. Braces must balance, outside comments and strings.
 */
describe('the stylesheet', () => {
  const css = readFileSync(new URL('../../src/web/assets/site.css', import.meta.url), 'utf8');

  it('closes every block it opens', () => {
    const code = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""');
    let depth = 0;
    const unclosedAt: number[] = [];
    for (const [i, line] of code.split('\n').entries()) {
      // A rule starting at the left margin while a block is open: a block someone forgot to close.
      if (depth > 0 && /^[.#a-z:*[]/i.test(line)) unclosedAt.push(i + 1);
      for (const ch of line) {
        if (ch === '{') depth++;
        if (ch === '}') depth--;
        expect(depth, `line ${i + 1} closes a block it did not open`).toBeGreaterThanOrEqual(0);
      }
    }
    expect(depth).toBe(0);
    expect(unclosedAt, 'rules that start at the left margin inside an open block').toEqual([]);
  });
});
