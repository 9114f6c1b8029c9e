import { describe, expect, it } from 'vitest';
import { arxivHtmlUrl } from '../../src/domain/arxiv-id.js';
import { plainCitation } from '../../src/domain/citation.js';
import { licenseName } from '../../src/domain/license-name.js';
import { plainSummary } from '../../src/domain/plain-summary.js';

describe('plainSummary', () => {
  it('turns LaTeX into plain text', () => {
    expect(plainSummary('We bound $\\frac{a}{b}$ by $\\mathcal{O}(n^2)$.')).toBe('We bound a/b by O(n²).');
  });

  it('cuts long text at a word boundary near the limit, with an ellipsis', () => {
    const text = `${'word '.repeat(40)}end`;
    const cut = plainSummary(text, 160);
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut.length).toBeGreaterThan(140);
    expect(cut).toMatch(/ word…$/);
  });

  it('cuts inside an over-long word only when there is no space to cut at', () => {
    expect(plainSummary('x'.repeat(300), 20)).toBe(`${'x'.repeat(19)}…`);
  });
});

describe('plainCitation', () => {
  it('names authors, title, id, class and year, as plain text', () => {
    expect(plainCitation({ id: '2401.01234', title: 'Attention in $\\mathcal{O}(n)$ time', authors: ['Ada Lovelace', 'Alan Turing'], submittedAt: '2024-01-02T00:00:00Z', primaryCategory: 'cs.CL' }))
      .toBe('Ada Lovelace, Alan Turing. Attention in O(n) time. arXiv:2401.01234 [cs.CL], 2024. https://arxiv.org/abs/2401.01234');
  });

  it('shortens long author lists and prefers the DOI', () => {
    const c = plainCitation({ id: '2401.01234', title: 'T.', authors: ['A', 'B', 'C', 'D', 'E', 'F'], submittedAt: null, primaryCategory: null, doi: '10.1/x 10.2/y', journalRef: 'J. Foo 1 (2024).' });
    expect(c).toBe('A, B, C, D, E, et al. T. arXiv:2401.01234, 2024. J. Foo 1 (2024). https://doi.org/10.1/x');
  });
});

describe('licenseName', () => {
  it('names Creative Commons and arXiv licences', () => {
    expect(licenseName('http://creativecommons.org/licenses/by/4.0/')).toBe('CC BY 4.0');
    expect(licenseName('http://creativecommons.org/licenses/by-nc-sa/4.0/')).toBe('CC BY-NC-SA 4.0');
    expect(licenseName('http://creativecommons.org/publicdomain/zero/1.0/')).toBe('CC0 1.0');
    expect(licenseName('http://arxiv.org/licenses/nonexclusive-distrib/1.0/')).toBe('arXiv non-exclusive licence');
    expect(licenseName('https://example.org/licence')).toBe('example.org/licence');
    expect(licenseName('javascript:alert(1)')).toBeNull();
  });
});

describe('arxivHtmlUrl', () => {
  it('exists for papers from December 2023 on', () => {
    expect(arxivHtmlUrl('2312.00001')).toBe('https://arxiv.org/html/2312.00001');
    expect(arxivHtmlUrl('2603.12345')).toBe('https://arxiv.org/html/2603.12345');
    expect(arxivHtmlUrl('2311.99999')).toBeNull();
    expect(arxivHtmlUrl('hep-th/9901001')).toBeNull();
  });
});
