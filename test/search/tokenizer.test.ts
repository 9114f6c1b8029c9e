import { describe, expect, it } from 'vitest';
import { stem } from '../../src/search/stem.js';
import { TermIdScanner, tokenize, tokens } from '../../src/search/tokenizer.js';

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

  it('indexes text as it reads it: the plain-word fast path gives the same tokens as the full rules', () => {
    const terms: string[] = [];
    const scanner = new TermIdScanner((term) => {
      const known = terms.indexOf(term);
      return known >= 0 ? known : terms.push(term) - 1;
    });
    const indexed = (text: string) => {
      const out: string[] = [];
      scanner.scan(text, (id, stacked) => out.push(stacked ? `+${terms[id]}` : terms[id]!));
      return out;
    };
    const read = (text: string) => tokens(text).map((t) => (t.stacked ? `+${t.term}` : t.term));
    const texts = [
      'Large Language Models (LLMs) are strong, e.g. at reasoning; see [12].',
      'Version 2401.01234v2, 2401.01234 and 2401. 01234, 12.5% of 3.14 papers; hep-th/9901001 (math.GT/0309136).',
      'x.2401.01234 a2401.01234 2401.012345678 v1.2.3 GPT-4o’s state-of-the-art "quoted" end.',
      'Schölkopf and Sch\\"olkopf, $\\mathcal{O}(n^2)$ \\alpha-divergence, don\'t the model\'s x_i^2 {a}{b} \\c{c}a',
      'tabs\tand\nnew\r\nlines\u00a0nbsp — dash – and ½ ﬁne 😀 \u0000',
      `${'word '.repeat(50)}${'x'.repeat(100)} ${'é'.repeat(70)}`,
    ];
    for (const text of texts) {
      expect(indexed(text), text).toEqual(read(text));
      expect(indexed(text), `${text} (second time, from the word table)`).toEqual(read(text));
    }
  });
});
