/**
 * BibTeX entries in the shape arXiv's own "Export BibTeX citation" gives: `@misc` with
 * eprint, archivePrefix, primaryClass and url, authors as "Last, First" joined by "and".
 * Outside text is escaped (`& % # _ $`) and braces are balanced, so a hostile title cannot
 * end the entry early or inject fields.
 */
export interface CitablePaper {
  id: string;
  title: string;
  authors: string[];
  submittedAt: string | null;
  primaryCategory: string | null;
  doi?: string | null;
  journalRef?: string | null;
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'bin', 'al', 'el']);
const SUFFIXES = /^(jr\.?|sr\.?|ii|iii|iv)$/i;
const STOP = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'and', 'with', 'towards', 'toward', 'via', 'is', 'are', 'do', 'does', 'how', 'what', 'why', 'when']);

export function bibtexFor(p: CitablePaper, key = citationKey(p)): string {
  const fields: Array<[string, string]> = [
    ['title', p.title],
    ['author', p.authors.map(lastFirst).join(' and ')],
    ['year', yearOf(p)],
    ['eprint', p.id],
    ['archivePrefix', 'arXiv'],
  ];
  if (p.primaryCategory) fields.push(['primaryClass', p.primaryCategory]);
  if (p.doi) fields.push(['doi', p.doi.split(/\s+/)[0]!]);
  if (p.journalRef) fields.push(['journal', p.journalRef]);
  fields.push(['url', `https://arxiv.org/abs/${p.id}`]);
  const body = fields.map(([k, v]) => `      ${k}={${k === 'url' || k === 'eprint' || k === 'doi' ? balance(v) : escapeValue(v)}},`).join('\n');
  return `@misc{${key},\n${body.replace(/,$/, '')}\n}`;
}

/** Several entries, keys made unique with a, b, c… as reference managers do. */
export function bibtexForMany(papers: CitablePaper[]): string {
  const seen = new Map<string, number>();
  return papers
    .map((p) => {
      const base = citationKey(p);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return bibtexFor(p, n === 0 ? base : `${base}${String.fromCharCode(96 + n)}`);
    })
    .join('\n\n');
}

/** `lovelace2024study`: first author's last name, year, first significant title word; ASCII only. */
export function citationKey(p: CitablePaper): string {
  const first = p.authors[0] ? splitName(p.authors[0]).last : 'anonymous';
  const word = p.title.replace(/\$[^$]*\$/g, ' ').split(/[^A-Za-z0-9\u00C0-\u024F]+/).find((w) => w.length > 1 && !STOP.has(w.toLowerCase())) ?? 'paper';
  return `${ascii(first)}${yearOf(p)}${ascii(word)}` || `arxiv${p.id.replace(/\W/g, '')}`;
}

function yearOf(p: CitablePaper): string {
  if (p.submittedAt) return p.submittedAt.slice(0, 4);
  const m = /^(\d{2})\d{2}\./.exec(p.id) ?? /\/(\d{2})\d{5}$/.exec(p.id);
  if (!m) return '';
  const yy = Number(m[1]);
  return String(yy > 90 ? 1900 + yy : 2000 + yy);
}

function ascii(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function splitName(name: string): { first: string; last: string; suffix: string } {
  const parts = name.trim().split(/\s+/);
  let suffix = '';
  if (parts.length > 1 && SUFFIXES.test(parts.at(-1)!.replace(/,$/, ''))) suffix = parts.pop()!;
  if (parts.length === 1) return { first: '', last: parts[0]!.replace(/,$/, ''), suffix };
  let start = parts.length - 1;
  while (start > 1 && PARTICLES.has(parts[start - 1]!.toLowerCase())) start--;
  return { first: parts.slice(0, start).join(' '), last: parts.slice(start).join(' ').replace(/,$/, ''), suffix };
}

function lastFirst(name: string): string {
  const { first, last, suffix } = splitName(name);
  return [last, suffix, first].filter(Boolean).join(', ');
}

/** Escapes BibTeX specials outside math and balances braces. */
function escapeValue(v: string): string {
  const parts = v.replace(/\s+/g, ' ').trim().split(/(\$[^$]*\$)/);
  return balance(parts.map((part, i) => (i % 2 === 1 ? part : part.replace(/(?<!\\)([&%#_])/g, '\\$1'))).join(''));
}

/** Drops unmatched braces so the value can never close the field or the entry. */
function balance(v: string): string {
  let depth = 0;
  let out = '';
  for (const c of v) {
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) continue;
      depth--;
    }
    out += c;
  }
  // Unclosed opening braces: remove them from the end backwards.
  for (; depth > 0; depth--) out = out.replace(/\{(?=[^{]*$)/, '');
  return out;
}
