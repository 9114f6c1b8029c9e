import { describe, expect, it } from 'vitest';
import { teaserOf } from '../../src/domain/teaser.js';

describe('card teasers', () => {
  it('keeps a short abstract whole, with its whitespace folded', () => {
    expect(teaserOf('  We study\n attention.  ')).toBe('We study attention.');
    expect(teaserOf(null)).toBeNull();
    expect(teaserOf('   ')).toBeNull();
  });

  it('ends at a sentence when one fits in the second half of the budget', () => {
    const text = `${'a'.repeat(150)} ends here. ${'b '.repeat(100)}`;
    expect(teaserOf(text)).toBe(`${'a'.repeat(150)} ends here.`);
  });

  it('else cuts at a word with an ellipsis, never in the middle of one', () => {
    const text = 'word '.repeat(100);
    const t = teaserOf(text)!;
    expect(t.endsWith('word…')).toBe(true);
    expect(t.length).toBeLessThanOrEqual(221);
  });

  it('never cuts inside inline math', () => {
    const text = `${'x '.repeat(100)}$\\sum_{i=1}^{n} a_i + b_i + c_i + d_i$ and more text after it`;
    const t = teaserOf(text)!;
    expect((t.match(/\$/g) ?? []).length % 2).toBe(0);
    const sentence = `We prove $a = b$. ${'Then $x + y = z$ holds for every word here. '.repeat(10)}`;
    expect((teaserOf(sentence)!.match(/\$/g) ?? []).length % 2).toBe(0);
  });

  it('does not count an escaped dollar as math', () => {
    const text = `It costs \\$5 ${'word '.repeat(60)}`;
    expect(teaserOf(text)!.endsWith('word…')).toBe(true);
  });
});
