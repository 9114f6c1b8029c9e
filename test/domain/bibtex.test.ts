import { describe, expect, it } from 'vitest';
import { bibtexFor, bibtexForMany, citationKey } from '../../src/domain/bibtex.js';

const paper = { id: '2401.01234', title: 'A Study of $K_s$ Attention & 100% Recall', authors: ['Ada Lovelace', 'Ludwig van Beethoven', 'Martin Luther King Jr.'], submittedAt: '2024-01-02T15:00:00.000Z', primaryCategory: 'cs.CL' };

describe('BibTeX', () => {
  it('writes an arXiv-style @misc entry', () => {
    expect(bibtexFor(paper)).toBe(
      [
        '@misc{lovelace2024study,',
        '      title={A Study of $K_s$ Attention \\& 100\\% Recall},',
        '      author={Lovelace, Ada and van Beethoven, Ludwig and King, Jr., Martin Luther},',
        '      year={2024},',
        '      eprint={2401.01234},',
        '      archivePrefix={arXiv},',
        '      primaryClass={cs.CL},',
        '      url={https://arxiv.org/abs/2401.01234}',
        '}',
      ].join('\n'),
    );
  });

  it('keeps hostile titles inside their field', () => {
    const entry = bibtexFor({ ...paper, title: 'x}, author={Evil}, note={' });
    expect(entry.match(/\{/g)?.length).toBe(entry.match(/\}/g)?.length);
    expect(entry.split('\n').filter((l) => /^\s*author=/.test(l)).length).toBe(1);
    expect(entry.split('\n').filter((l) => /^\s*note=/.test(l)).length).toBe(0);
  });

  it('makes keys ASCII and unique across a list', () => {
    expect(citationKey({ ...paper, authors: ['Bernhard Schölkopf'] })).toBe('scholkopf2024study');
    const many = bibtexForMany([paper, paper, paper]);
    expect(many).toContain('@misc{lovelace2024study,');
    expect(many).toContain('@misc{lovelace2024studya,');
    expect(many).toContain('@misc{lovelace2024studyb,');
  });

  it('takes the year from old-style ids when no date is known', () => {
    expect(bibtexFor({ ...paper, id: 'hep-th/9901001', submittedAt: null })).toContain('year={1999}');
  });
});
