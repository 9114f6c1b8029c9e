import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/search/highlight.js';

/** The text with [brackets] around each returned range. */
function marked(query: string, text: string, prefix = false): string {
  let out = '';
  let last = 0;
  for (const [start, end] of highlight(query, text, { prefix })) {
    out += `${text.slice(last, start)}[${text.slice(start, end)}]`;
    last = end;
  }
  return out + text.slice(last);
}

describe('highlight', () => {
  it('marks matched words as written, stemmed and folded alike', () => {
    expect(marked('sparse attention models', 'Sparse Attention for Models; modeling attentions')).toBe('[Sparse] [Attention] for [Models]; [modeling] [attentions]');
    expect(marked('scholkopf', 'B. Schölkopf and Sch\\"olkopf')).toBe('B. [Schölkopf] and [Sch\\"olkopf]');
    expect(marked('the of', 'the theory of everything')).toBe('the theory of everything');
  });

  it('marks whole phrases, and prefixes being typed', () => {
    expect(marked('"chain of thought" reasoning', 'chain of thought; chain-of-thought reasoning; thought chain')).toBe('[chain of thought]; [chain-of-thought] [reasoning]; [thought] [chain]');
    expect(marked('diffu', 'Diffusion and diffuse, not diff', true)).toBe('[Diffusion] and [diffuse], not diff');
    expect(marked('fill-in-the-middle', 'Fill-in-the-middle and fill in the middle')).toBe('[Fill-in-the-middle] and [fill] in the [middle]');
  });

  it('gives offsets into the original string, never throwing', () => {
    const text = '$\\mathcal{O}(n^2)$ attention 😀 é';
    const ranges = highlight('attention o', text);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['O', 'attention']);
    for (const q of ['', '"', '$\\frac{', 'x'.repeat(5000)]) expect(() => highlight(q, '"unbalanced $ text \\', { prefix: true })).not.toThrow();
  });
});
