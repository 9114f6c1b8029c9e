import { describe, expect, it } from 'vitest';
import { arxivLinks, isCanonicalArxivId, parseArxivId, tryParseArxivId } from '../../src/domain/arxiv-id.js';
import { InvalidInputError } from '../../src/domain/errors.js';

describe('parseArxivId: every form the reference lists', () => {
  const cases: Array<[string, string, number | null, 'new' | 'old']> = [
    ['2401.01234', '2401.01234', null, 'new'],
    ['2401.01234v3', '2401.01234', 3, 'new'],
    ['0704.0001', '0704.0001', null, 'new'],
    ['1412.9999v2', '1412.9999', 2, 'new'],
    ['1501.00001', '1501.00001', null, 'new'],
    ['arXiv:2401.01234', '2401.01234', null, 'new'],
    ['arxiv:2401.01234v2', '2401.01234', 2, 'new'],
    ['oai:arXiv.org:2401.01234', '2401.01234', null, 'new'],
    ['oai:arXiv.org:hep-th/9901001', 'hep-th/9901001', null, 'old'],
    ['http://arxiv.org/abs/2401.01234v2', '2401.01234', 2, 'new'],
    ['https://arxiv.org/abs/2401.01234', '2401.01234', null, 'new'],
    ['https://www.arxiv.org/abs/2401.01234v1', '2401.01234', 1, 'new'],
    ['http://export.arxiv.org/abs/2401.01234', '2401.01234', null, 'new'],
    ['arxiv.org/abs/2401.01234', '2401.01234', null, 'new'],
    ['https://arxiv.org/abs/2401.01234/', '2401.01234', null, 'new'],
    ['https://arxiv.org/abs/2401.01234?context=cs.CL', '2401.01234', null, 'new'],
    ['https://arxiv.org/pdf/2401.01234v2', '2401.01234', 2, 'new'],
    ['https://arxiv.org/pdf/2401.01234v2.pdf', '2401.01234', 2, 'new'],
    ['/pdf/2401.01234v2', '2401.01234', 2, 'new'],
    ['/pdf/2401.01234v2.pdf', '2401.01234', 2, 'new'],
    ['/abs/2401.01234', '2401.01234', null, 'new'],
    ['https://arxiv.org/html/2401.01234v1', '2401.01234', 1, 'new'],
    ['  2401.01234 \n', '2401.01234', null, 'new'],
    ['hep-th/9901001', 'hep-th/9901001', null, 'old'],
    ['hep-th/9504118v2', 'hep-th/9504118', 2, 'old'],
    ['astro-ph/0601001', 'astro-ph/0601001', null, 'old'],
    ['cond-mat/0207415', 'cond-mat/0207415', null, 'old'],
    ['math.GT/0309136', 'math/0309136', null, 'old'],
    ['math.GT/0309136v1', 'math/0309136', 1, 'old'],
    ['https://arxiv.org/abs/hep-th/9901001v3', 'hep-th/9901001', 3, 'old'],
    ['hep-th/9108001', 'hep-th/9108001', null, 'old'],
    ['hep-th/0703999', 'hep-th/0703999', null, 'old'],
  ];
  for (const [input, id, version, scheme] of cases) {
    it(`reads ${JSON.stringify(input)}`, () => {
      expect(parseArxivId(input)).toEqual({ id, version, scheme });
    });
  }
});

describe('parseArxivId: invalid input says why', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty arXiv id/],
    ['   ', /empty arXiv id/],
    ['abc', /invalid arXiv id "abc": expected a form such as 2401\.01234/],
    ['2401.1234', /"2401\.1234": ids from 1501 on have 5 digits after the dot/],
    ['1412.01234', /ids before 1501 have 4 digits after the dot/],
    ['2413.01234', /"2413\.01234": month 13 does not exist/],
    ['2400.01234', /month 00 does not exist/],
    ['0612.1234', /"0612\.1234": new-style ids start in April 2007 \(0704\)/],
    ['foo/9901001', /"foo\/9901001": unknown archive "foo"/],
    ['hep-th/9913001', /month 13 does not exist/],
    ['hep-th/9107001', /old-style ids run from 9108 \(August 1991\) to 0703 \(March 2007\)/],
    ['hep-th/0704001', /old-style ids run from 9108/],
    ['2401.01234v0', /versions start at v1/],
    ['2401.01234v', /expected a form/],
    ['2401.012345', /expected a form/],
    ['https://example.org/abs/2401.01234', /expected a form/],
    ['x'.repeat(301), /too long/],
  ];
  for (const [input, message] of cases) {
    it(`rejects ${JSON.stringify(input.slice(0, 40))}`, () => {
      const reason = tryParseArxivId(input);
      expect(typeof reason).toBe('string');
      expect(reason).toMatch(message);
      let thrown: unknown;
      try {
        parseArxivId(input);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InvalidInputError);
      expect(thrown).toMatchObject({ code: 'invalid_arxiv_id', message: reason });
    });
  }

  it('shortens a long input in the message', () => {
    const reason = tryParseArxivId(`${'y'.repeat(100)}`);
    expect(reason).toMatch(/"y{60}\.\.\."/);
  });
});

describe('isCanonicalArxivId and arxivLinks', () => {
  it('accepts only the canonical, versionless form', () => {
    expect(isCanonicalArxivId('2401.01234')).toBe(true);
    expect(isCanonicalArxivId('hep-th/9901001')).toBe(true);
    expect(isCanonicalArxivId('2401.01234v2')).toBe(false);
    expect(isCanonicalArxivId('math.GT/0309136')).toBe(false);
    expect(isCanonicalArxivId('arXiv:2401.01234')).toBe(false);
  });

  it('links the abstract and pdf pages, with or without version', () => {
    expect(arxivLinks('2401.01234')).toEqual({ abs: 'https://arxiv.org/abs/2401.01234', pdf: 'https://arxiv.org/pdf/2401.01234' });
    expect(arxivLinks('hep-th/9901001', 2).abs).toBe('https://arxiv.org/abs/hep-th/9901001v2');
  });
});
