import { insideMath } from '../../domain/teaser.js';

/**
 * An abstract split into sentences: at `.`, `!` or `?` followed by a space and a capital, a
 * digit, a quote or a bracket; never inside `$…$` math, never after an abbreviation (e.g.,
 * et al., Fig.) or a single initial (J. Smith). Whitespace is folded; nothing else changes.
 */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'al', 'etc', 'vs', 'cf', 'fig', 'figs', 'eq', 'eqs', 'sec', 'approx', 'resp', 'no', 'dr', 'prof', 'inc', 'ref', 'refs', 'ca', 'viz', 'st']);

export function splitSentences(text: string): string[] {
  const folded = text.replace(/\s+/g, ' ').trim();
  if (!folded) return [];
  const out: string[] = [];
  let start = 0;
  for (const m of folded.matchAll(/[.!?]["')\]]?(?= ["'(\[]?[A-Z0-9$\\])/g)) {
    const end = m.index + m[0].length;
    if (insideMath(folded, m.index)) continue;
    if (m[0][0] === '.' && endsWithAbbreviation(folded.slice(start, m.index))) continue;
    out.push(folded.slice(start, end).trim());
    start = end;
  }
  const rest = folded.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

function endsWithAbbreviation(before: string): boolean {
  const word = /(?:^|[\s(])([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]+)$/.exec(before)?.[1];
  if (!word) return false;
  // A single capital letter: an initial (J. Smith), not the end of a sentence.
  if (/^[A-Z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}
