/** Pure text normalization shared by every source. LaTeX stays verbatim except in author names. */

// Whitespace runs other than a single space. Same result as replacing /\s+/g, but single
// spaces (most of the text) are not matched: 3x faster on 1 KB abstracts (11 -> 3.5 us),
// which was the top cost of importing files.
const FOLD_RUNS = /[^\S ]\s*| \s+/g;

/** Folds runs of whitespace (arXiv hard-wraps titles and abstracts) into single spaces. */
export function foldWhitespace(s: string): string {
  return s.replace(FOLD_RUNS, ' ').trim();
}

/** Folds whitespace; returns null for missing or empty text. */
export function cleanText(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  const folded = foldWhitespace(s);
  return folded === '' ? null : folded;
}

// TeX accent commands -> Unicode combining marks.
const ACCENTS: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304',
  '.': '\u0307', u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', k: '\u0328', r: '\u030A',
};
// Letter-like commands: \o, \ss, \l, \aa, ...
const LETTERS: Record<string, string> = {
  o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ss: 'ß', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', i: 'ı', j: 'ȷ',
};

/**
 * Decodes the TeX accents arXiv keeps in author strings: `M{\"u}ller`, `\'{E}cole`, `Gr\"obner`,
 * `\c{C}elik`, `{\o}`. Other TeX is left as it is.
 */
export function decodeTexAccents(s: string): string {
  if (!s.includes('\\')) return s;
  // Accents first: `\'{\i}` (í, as in Garc\'{\i}a) needs the `\i` still unconverted. A bare
  // `\i` swallows the space that ends it, as in TeX: `\'\i nez` is `ínez`.
  let out = s.replace(/\\(["'`^~=.]|[uvHckr](?=[\s{]))\s*(?:\{\s*(\\?[a-zA-Z])\s*\}|(\\[ij](?![a-zA-Z])\s*|[a-zA-Z]))/g, (whole, acc: string, braced?: string, bare?: string) => {
    const mark = ACCENTS[acc];
    let letter = (braced ?? bare ?? '').trim();
    if (letter === '\\i' || letter === '\\j') letter = letter.slice(1);
    if (!mark || letter.startsWith('\\')) return whole;
    return (letter + mark).normalize('NFC');
  });
  out = out.replace(/\\([a-zA-Z]{1,2})(?![a-zA-Z])\s*(?:\{\})?/g, (whole, name: string) => LETTERS[name] ?? whole);
  // Braces that only grouped an accented letter: {ü} -> ü. Not a command's argument (\mathcal{O}).
  return out.replace(/(?<!\\[a-zA-Z]+)\{([^{}\\$]{1,3})\}/g, '$1');
}

/**
 * Splits an arXiv author string ("A. One, B. Two (MIT) and C. Three") into names, dropping
 * parenthesized affiliations and decoding TeX accents.
 */
export function splitAuthors(raw: string): string[] {
  let depth = 0;
  let plain = '';
  for (const ch of raw) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) plain += ch;
  }
  const names: string[] = [];
  for (const part of foldWhitespace(decodeTexAccents(plain)).split(/\s*,\s*|\s*;\s*|\s+and\s+|\s*&\s*/)) {
    const name = part.replace(/^and\s+/, '').trim();
    if (name === '' || /^et\.? al\.?$/i.test(name)) continue;
    // "John Smith, Jr." : the comma before a suffix does not start a new author.
    const last = names.length - 1;
    if (SUFFIX.test(name) && last >= 0) names[last] = `${names[last]} ${name}`;
    else names.push(name);
  }
  return names;
}

const SUFFIX = /^(?:Jr|Sr)\.?$|^(?:II|III|IV)$/i;

/** Cleans a list of author names: folded whitespace, accents decoded, empty names dropped. */
export function cleanAuthors(names: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (typeof n !== 'string') continue;
    const name = foldWhitespace(decodeTexAccents(n));
    if (name !== '') out.push(name);
  }
  return out;
}

const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

/** Splits and validates arXiv categories ("cs.CL cs.LG" or a list); keeps order, drops duplicates. */
export function cleanCategories(input: string | readonly unknown[] | null | undefined): string[] {
  if (input == null) return [];
  const parts = typeof input === 'string' ? input.split(/[\s,]+/) : input.map((c) => (typeof c === 'string' ? c.trim() : ''));
  const out: string[] = [];
  for (const c of parts) if (c && CATEGORY.test(c) && !out.includes(c)) out.push(c);
  return out;
}

export function isCategory(s: string): boolean {
  return CATEGORY.test(s);
}
