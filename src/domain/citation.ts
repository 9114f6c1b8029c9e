import { type CitablePaper, yearOf } from './bibtex.js';
import { mathToPlainText } from './math-text.js';

/** Authors named before "et al." in a plain citation. */
const AUTHORS_NAMED = 5;

/**
 * A one-line plain-text citation, for pasting where BibTeX does not go:
 *   Ada Lovelace, Alan Turing. Attention in O(n log n) time. arXiv:2401.01234 [cs.CL], 2024. https://arxiv.org/abs/2401.01234
 * Title LaTeX is read as plain text; more than five authors become the first five and "et al.".
 */
export function plainCitation(p: CitablePaper): string {
  const names = p.authors.length > AUTHORS_NAMED ? [...p.authors.slice(0, AUTHORS_NAMED), 'et al.'] : p.authors;
  const title = mathToPlainText(p.title).replace(/[.\s]+$/, '');
  const year = yearOf(p);
  const parts = [
    names.length ? `${names.join(', ').replace(/\.$/, '')}.` : '',
    `${title}.`,
    `arXiv:${p.id}${p.primaryCategory ? ` [${p.primaryCategory}]` : ''}${year ? `, ${year}` : ''}.`,
    p.journalRef ? `${p.journalRef.trim().replace(/\.$/, '')}.` : '',
    p.doi ? `https://doi.org/${p.doi.trim().split(/\s+/)[0]}` : `https://arxiv.org/abs/${p.id}`,
  ];
  return parts.filter(Boolean).join(' ').replace(/\s+/g, ' ');
}
