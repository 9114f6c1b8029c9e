import type { PaperRecord } from '../../src/domain/paper.js';

let n = 0;

/** A valid arXiv record; override what the test is about. */
export function buildRecord(overrides: Partial<PaperRecord> = {}): PaperRecord {
  n++;
  const id = overrides.id ?? `2401.${String(10000 + n).slice(-5)}`;
  return {
    source: 'arxiv-oai',
    id,
    version: 1,
    title: `A study of $\\mathcal{O}(n^2)$ attention number ${n}`,
    abstract: 'We study attention. It is quadratic in $n$.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    primaryCategory: 'cs.CL',
    categories: ['cs.CL', 'cs.LG'],
    submittedAt: '2024-01-02T15:00:00.000Z',
    updatedAt: '2024-01-02T15:00:00.000Z',
    versions: [{ version: 1, submittedAt: '2024-01-02T15:00:00.000Z', size: '100kb' }],
    ...overrides,
  };
}
