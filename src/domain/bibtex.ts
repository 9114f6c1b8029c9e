/**
 * BibTeX entries in the shape arXiv's own "Export BibTeX citation" gives: `@misc` with
 * eprint, archivePrefix, primaryClass and url, authors as "Last, First" joined by "and".
 * Outside text is escaped (`& % # _`, stray `$ ^`) and braces are balanced, so a hostile title
 * cannot end the entry early, inject fields, or break the LaTeX run that typesets it.
 *
 *   bibtexFor({ id: '2401.01234', title: 'A Study of Attention', authors: ['Ada Lovelace'],
 *               submittedAt: '2024-01-02T15:00:00Z', primaryCategory: 'cs.CL' })
 *   // @misc{lovelace2024study,
 *   //       title={A Study of Attention},
 *   //       author={Lovelace, Ada}, year={2024}, eprint={2401.01234}, archivePrefix={arXiv},
 *   //       primaryClass={cs.CL}, url={https://arxiv.org/abs/2401.01234}   (one field a line)
 *   // }
 */
export interface CitablePaper {
  id: string;
  /** Accepted so a PaperState fits; entries cite the unversioned id, as arXiv's export does. */
  version?: number | null;
  title: string;
  authors: string[];
  submittedAt: string | null;
  primaryCategory: string | null;
  doi?: string | null;
  journalRef?: string | null;
  reportNo?: string | null;
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'bin', 'al', 'el', 'zu', 'st.']);
const SUFFIXES = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i;
// Group authors ("The ATLAS Collaboration") are one name: braced, never split into Last, First.
const GROUP_AUTHOR = /\b(?:collaboration|consortium|team|group|project|initiative|collective)\b/i;
const STOP = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'and', 'with', 'towards', 'toward', 'via', 'is', 'are', 'do', 'does', 'how', 'what', 'why', 'when', 'can', 'from', 'by', 'at', 'as', 'or']);

export function bibtexFor(p: CitablePaper, key = citationKey(p)): string {
  const fields: Array<[string, string]> = [
    ['title', escapeValue(p.title)],
    ['author', p.authors.map(bibtexName).join(' and ')],
  ];
  if (yearOf(p)) fields.push(['year', yearOf(p)]);
  fields.push(['eprint', verbatim(p.id)], ['archivePrefix', 'arXiv']);
  if (p.primaryCategory) fields.push(['primaryClass', verbatim(p.primaryCategory)]);
  // arXiv gives several DOIs separated by spaces; the first is the article's.
  const doi = p.doi?.trim().split(/\s+/)[0];
  if (doi) fields.push(['doi', verbatim(doi)]);
  const journal = escapeValue(p.journalRef ?? '');
  if (journal) fields.push(['journal', journal]);
  // The field INSPIRE and NASA ADS export report numbers in (`CERN-TH-2024-001`).
  const report = escapeValue(p.reportNo ?? '');
  if (report) fields.push(['reportNumber', report]);
  fields.push(['url', `https://arxiv.org/abs/${verbatim(p.id)}`]);
  const body = fields.map(([k, v]) => `      ${k}={${v}}`).join(',\n');
  return `@misc{${key},\n${body}\n}`;
}

/** Several entries, blank-line separated; repeated keys get a, b, … z, aa, ab, … as reference managers do. */
export function bibtexForMany(papers: CitablePaper[]): string {
  const used = new Set<string>();
  return papers
    .map((p) => {
      const base = citationKey(p);
      let key = base;
      for (let n = 1; used.has(key); n++) key = base + letters(n);
      used.add(key);
      return bibtexFor(p, key);
    })
    .join('\n\n');
}

/** `lovelace2024study`: first author's last name, year, first significant title word; ASCII only. */
export function citationKey(p: CitablePaper): string {
  const first = p.authors[0] ? ascii(splitName(p.authors[0]).last) : '';
  const title = p.title.replace(/\$[^$]*\$|\\[a-zA-Z]+/g, ' ');
  const word = title.split(/[^\p{L}\p{N}]+/u).map(ascii).find((w) => w.length > 1 && !STOP.has(w)) ?? '';
  const key = `${first || 'anonymous'}${yearOf(p)}${word}`;
  return key === 'anonymous' ? `arxiv${p.id.replace(/[^A-Za-z0-9]/g, '')}` : key;
}

/** 1 -> a, 26 -> z, 27 -> aa: suffixes that stay valid key characters however many collide. */
function letters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
  return s;
}

/** The year a paper is cited by: its first submission, else the year its id encodes. */
export function yearOf(p: CitablePaper): string {
  const fromDate = /^(\d{4})/.exec(p.submittedAt ?? '');
  if (fromDate) return fromDate[1]!;
  const m = /^(\d{2})\d{2}\./.exec(p.id) ?? /\/(\d{2})\d{5}$/.exec(p.id);
  if (!m) return '';
  const yy = Number(m[1]);
  return String(yy > 90 ? 1900 + yy : 2000 + yy);
}

function ascii(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function splitName(name: string): { first: string; last: string; suffix: string } {
  const clean = name.replace(/\s+/g, ' ').trim();
  // Already "Last, First" (or "Last, Jr., First").
  const comma = clean.split(/\s*,\s*/);
  if (comma.length === 3 && comma[0] && SUFFIXES.test(comma[1]!)) return { last: comma[0], suffix: comma[1]!, first: comma[2]! };
  if (comma.length >= 2 && comma[0] && !SUFFIXES.test(comma[1]!)) return { last: comma[0], first: comma.slice(1).join(' '), suffix: '' };
  const parts = clean.replace(/,/g, '').split(' ').filter(Boolean);
  let suffix = '';
  if (parts.length > 1 && SUFFIXES.test(parts.at(-1)!)) suffix = parts.pop()!;
  if (parts.length <= 1) return { first: '', last: parts[0] ?? '', suffix };
  // Particles join the last name when written in lower case, as BibTeX's own "von" rule reads
  // them: "Ludwig van Beethoven", but "Xiao De Li" (De is a given name) keeps "Li".
  let start = parts.length - 1;
  while (start > 1 && PARTICLES.has(parts[start - 1]!)) start--;
  return { first: parts.slice(0, start).join(' '), last: parts.slice(start).join(' '), suffix };
}

/** `Lovelace, Ada`, `King, Jr., Martin Luther`, `{The ATLAS Collaboration}`. */
function bibtexName(name: string): string {
  if (GROUP_AUTHOR.test(name)) return `{${escapeValue(name)}}`;
  const { first, last, suffix } = splitName(name);
  // A literal " and " inside one name would split it into two authors: brace it.
  const part = (s: string) => escapeValue(s).replace(/\band\b/gi, '{$&}');
  return [part(last), suffix && part(suffix), first && part(first)].filter(Boolean).join(', ');
}

/**
 * Text for LaTeX: specials escaped outside math (`_` stays a subscript inside it), a `$`
 * without its pair escaped, `^` outside math made literal, a trailing backslash dropped (it
 * would escape the closing brace), whitespace folded, braces balanced.
 */
function escapeValue(v: string): string {
  const text = v.replace(/\s+/g, ' ').trim().replace(/\\+$/, (m) => (m.length % 2 === 0 ? m : m.slice(1)));
  const parts = text.split(/((?<!\\)\$[^$]+(?<!\\)\$)/);
  const escaped = parts.map((part, i) => (i % 2 === 1 ? escapeSpecials(part.slice(1, -1), '&%#', true) : escapeSpecials(part, '&%#_$^', false)));
  return balance(escaped.join('')).replace(/ {2,}/g, ' ').trim();
}

/** Escapes `specials` not already escaped (an odd run of backslashes before them); `^` becomes `\^{}`. */
function escapeSpecials(s: string, specials: string, math: boolean): string {
  let out = '';
  let backslashes = 0;
  for (const c of s) {
    if (specials.includes(c) && backslashes % 2 === 0) out += c === '^' ? '\\^{}' : `\\${c}`;
    else out += c;
    backslashes = c === '\\' ? backslashes + 1 : 0;
  }
  return math ? `$${out}$` : out;
}

/** Identifiers and DOIs: no escaping (they are copied, not typeset), only nothing that can end the field. */
function verbatim(v: string): string {
  return v.replace(/[{}\\%\s]/g, '');
}

/** Drops unmatched braces so the value can never close the field or the entry. */
function balance(v: string): string {
  const drop = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '{') open.push(i);
    else if (v[i] === '}') {
      if (open.length === 0) drop.add(i);
      else open.pop();
    }
  }
  for (const i of open) drop.add(i);
  if (drop.size === 0) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    if (drop.has(i)) continue;
    // `\}` whose brace is dropped: drop its backslash too, or it would escape what follows.
    if (v[i] === '\\' && drop.has(i + 1) && oddBackslashesEndingAt(v, i)) {
      i++;
      continue;
    }
    out += v[i];
  }
  return out;
}

function oddBackslashesEndingAt(v: string, at: number): boolean {
  let n = 0;
  while (at - n >= 0 && v[at - n] === '\\') n++;
  return n % 2 === 1;
}
