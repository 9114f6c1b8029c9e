import { describe, expect, it } from 'vitest';
import { bibtexFor, bibtexForMany, citationKey, type CitablePaper } from '../../src/domain/bibtex.js';

const paper: CitablePaper = {
  id: '2401.01234',
  version: 2,
  title: 'A Study of $K_s$ Attention & 100% Recall',
  authors: ['Ada Lovelace', 'Ludwig van Beethoven', 'Martin Luther King Jr.'],
  submittedAt: '2024-01-02T15:00:00.000Z',
  primaryCategory: 'cs.CL',
};

/** The BibTeX view of a value: braces must balance, and never go below zero, inside each field. */
function fieldsOf(entry: string): Map<string, string> {
  const lines = entry.split('\n');
  expect(lines[0]).toMatch(/^@misc\{[a-z0-9]+,$/);
  expect(lines.at(-1)).toBe('}');
  const fields = new Map<string, string>();
  for (const line of lines.slice(1, -1)) {
    const m = /^ {6}([a-zA-Z]+)=\{(.*)\},?$/.exec(line);
    expect(m, line).not.toBeNull();
    let depth = 0;
    for (const c of m![2]!) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      expect(depth, line).toBeGreaterThanOrEqual(0);
    }
    expect(depth, line).toBe(0);
    expect(fields.has(m![1]!), `duplicate ${m![1]}`).toBe(false);
    fields.set(m![1]!, m![2]!);
  }
  return fields;
}

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

  it('adds the DOI and journal reference when known', () => {
    const fields = fieldsOf(bibtexFor({ ...paper, doi: '10.1103/PhysRevD.98.123 10.1000/other', journalRef: 'Phys. Rev. D 98, 123 (2018) & more' }));
    expect(fields.get('doi')).toBe('10.1103/PhysRevD.98.123');
    expect(fields.get('journal')).toBe('Phys. Rev. D 98, 123 (2018) \\& more');
    expect([...fields.keys()]).toEqual(['title', 'author', 'year', 'eprint', 'archivePrefix', 'primaryClass', 'doi', 'journal', 'url']);
  });

  it('writes names as Last, First with particles, suffixes and group authors', () => {
    const author = (authors: string[]) => fieldsOf(bibtexFor({ ...paper, authors })).get('author');
    expect(author(['Jean-Pierre de la Fontaine', 'Vincent van der Berg', 'Plato'])).toBe('de la Fontaine, Jean-Pierre and van der Berg, Vincent and Plato');
    expect(author(['John Smith, Jr.', 'Turing, Alan', 'Sammy Davis III'])).toBe('Smith, Jr., John and Turing, Alan and Davis, III, Sammy');
    expect(author(['The ATLAS Collaboration', 'Tom and Jerry Smith'])).toBe('{The ATLAS Collaboration} and Smith, Tom {and} Jerry');
    expect(author(['Bernhard Schölkopf', 'José García'])).toBe('Schölkopf, Bernhard and García, José');
    expect(author(['Xiao De Li', 'Da Chen', 'Le Song'])).toBe('Li, Xiao De and Chen, Da and Song, Le');
  });

  it('escapes specials in text but keeps math', () => {
    const fields = fieldsOf(bibtexFor({ ...paper, title: 'Top_k & #1: 50% of $\\mathcal{O}(n^2)$ costs $5 \\textbf{Bold} x^2' }));
    expect(fields.get('title')).toBe('Top\\_k \\& \\#1: 50\\% of $\\mathcal{O}(n^2)$ costs \\$5 \\textbf{Bold} x\\^{}2');
    // Already escaped stays as it is; after an escaped backslash (`\\`) a `%` is live and gets escaped.
    expect(fieldsOf(bibtexFor({ ...paper, title: 'A \\& B, 5\\% and \\\\% more' })).get('title')).toBe('A \\& B, 5\\% and \\\\\\% more');
  });

  it('keeps hostile titles, authors and ids inside their fields', () => {
    for (const evil of [
      'x}, author={Evil}, note={',
      '}}}}@misc{evil, title={x',
      '{{{{ unclosed',
      'trailing backslash \\',
      'escaped \\} brace',
      'line\nbreak\r\n@comment{',
      '$x}$ in math } too',
    ]) {
      const entry = bibtexFor({ ...paper, id: `2401.01234}${evil}`, title: evil, authors: [evil, 'Ada Lovelace'], journalRef: evil, doi: evil, primaryCategory: evil });
      const fields = fieldsOf(entry);
      // A DOI with nothing usable left is left out; nothing else may come or go.
      expect([...fields.keys()].filter((k) => k !== 'doi')).toEqual(['title', 'author', 'year', 'eprint', 'archivePrefix', 'primaryClass', 'journal', 'url']);
      expect(fields.get('title')).not.toMatch(/\\$/);
      expect(fields.get('eprint')).not.toMatch(/[{}\\\s]/);
    }
  });

  it('makes keys ASCII and unique across a list', () => {
    expect(citationKey({ ...paper, authors: ['Bernhard Schölkopf'] })).toBe('scholkopf2024study');
    expect(citationKey({ ...paper, authors: ['Ludwig van Beethoven'] })).toBe('vanbeethoven2024study');
    expect(citationKey({ ...paper, title: '$\\alpha$-Flow: The \\textbf{Fast} Way' })).toBe('lovelace2024flow');
    expect(citationKey({ ...paper, title: 'Über Alles' })).toBe('lovelace2024uber');
    expect(citationKey({ ...paper, authors: [], title: '量子' })).toBe('anonymous2024');
    expect(citationKey({ ...paper, authors: [], title: '量子', submittedAt: null, id: 'weird' })).toBe('arxivweird');
    const many = bibtexForMany(Array.from({ length: 30 }, () => paper));
    const keys = [...many.matchAll(/^@misc\{([^,]+),/gm)].map((m) => m[1]);
    expect(keys.slice(0, 3)).toEqual(['lovelace2024study', 'lovelace2024studya', 'lovelace2024studyb']);
    expect(keys.slice(26, 28)).toEqual(['lovelace2024studyz', 'lovelace2024studyaa']);
    expect(new Set(keys).size).toBe(30);
    expect(many.split('\n\n').length).toBe(30);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]+$/);
  });

  it('takes the year from old-style ids when no date is known', () => {
    expect(bibtexFor({ ...paper, id: 'hep-th/9901001', submittedAt: null })).toContain('year={1999}');
    expect(bibtexFor({ ...paper, id: '2401.01234', submittedAt: null })).toContain('year={2024}');
  });

  it('accepts a PaperState-shaped object', () => {
    const state = { ...paper, abstract: 'x', categories: ['cs.CL'], doi: null, journalRef: null, comments: null };
    expect(bibtexFor(state)).toContain('@misc{lovelace2024study,');
  });
});
