import { describe, expect, it } from 'vitest';
import { stem } from '../../src/search/stem.js';
import { tokenize, tokens } from '../../src/search/tokenizer.js';

describe('tokenizer', () => {
  it.each([
    ['Attention in $\\mathcal{O}(n^2)$ time', ['attention', 'in', 'o', 'n', '2', 'time']],
    ['Fill-in-the-Middle', ['fill', 'in', 'the', 'middle', 'fillinthemiddle']],
    ['Bernhard Schölkopf, Sch\\"olkopf', ['bernhard', 'scholkopf', 'scholkopf']],
    ['Søren Łukasz Straße ﬁne', ['soren', 'lukasz', 'strasse', 'fine']],
    ['see arXiv:2401.01234v2', ['see', 'arxiv', '2401.01234v2', '2401.01234']],
    ['hep-th/9901001 and math.GT/0309136v2', ['hep-th/9901001', 'and', 'math.gt/0309136v2', 'math.gt/0309136']],
    ['$\\alpha$-divergence \\textbf{Bold} \\frac{a}{b} x_i', ['alpha', 'divergence', 'bold', 'a', 'b', 'x', 'i']],
    ["the model's don't GPT-4", ['the', 'model', 'dont', 'gpt', '4', 'gpt4']],
  ])('reads %j (unstemmed)', (text, expected) => {
    expect(tokenize(text, { stem: false })).toEqual(expected);
  });

  it('stems predictably, the same on both sides', () => {
    const same = [
      ['model', 'models', 'modeling', 'modelling', 'modeled'],
      ['attention', 'attentions'],
      ['study', 'studies', 'studying'],
      ['generate', 'generates', 'generated', 'generating', 'generation'],
      ['compute', 'computing', 'computation'],
      ['optimize', 'optimized', 'optimization'],
      ['embed', 'embedding', 'embeddings', 'embedded'],
      ['efficient', 'efficiently'],
      ['approach', 'approaches'],
      ['image', 'images', 'imaging'],
    ];
    for (const group of same) expect(new Set(group.map(stem)), group.join()).toHaveProperty('size', 1);
    // Words that must stay apart or intact.
    expect(stem('attention')).not.toBe(stem('attend'));
    expect(stem('transformer')).not.toBe(stem('transform'));
    for (const w of ['analysis', 'bias', 'process', 'gpt4', 'llm', 'string', 'scholkopf', 'data']) expect(stem(w)).toBe(w);
    expect(tokenize('Large Language Models')).toEqual(tokenize('large language model'));
  });

  it('gives offsets into the original text, stacked joined forms and stopword flags', () => {
    const t = tokens('Fill-in-the-Middle');
    expect(t.map((x) => [x.start, x.end, x.stacked, x.stop])).toEqual([
      [0, 4, false, false],
      [5, 7, false, true],
      [8, 11, false, true],
      [12, 18, false, false],
      [0, 18, true, false],
    ]);
    expect(tokens('x \\alpha').map((x) => 'x \\alpha'.slice(x.start, x.end))).toEqual(['x', 'alpha']);
  });

  it('never throws, and stays fast, on hostile input', () => {
    const hostile = ['', ' ', '"', '$', '$$$', '\\', '\\\\\\', '{}{}', '😀🚀', '\u0000\uffff\ud800', "'; DROP TABLE papers; --", '.*+?^${}()|[]\\/', 'x'.repeat(10_000), 'a-'.repeat(5_000), '$'.repeat(10_000), 'a/'.repeat(5_000), '\\"'.repeat(3_000), '-'.repeat(10_000), 'é'.repeat(10_000)];
    for (const text of hostile) {
      expect(() => tokenize(text)).not.toThrow();
      expect(() => tokens(text)).not.toThrow();
    }
    expect(tokenize('😀 !!! ...')).toEqual([]);
    expect(tokenize('x'.repeat(1000))[0]!.length).toBe(64);
    // No clock: 100,000-unit inputs finish in milliseconds when linear, and run ~10^10 steps, far past the test's timeout, when not.
    for (const unit of ['a-', '$', 'a/', '\\"']) expect(Array.isArray(tokenize(unit.repeat(100_000)))).toBe(true);
  });
});
