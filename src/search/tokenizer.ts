/**
 * Tokens of scientific text, for the lexical index, queries and highlighting alike (the same
 * rules on both sides, so typing what a title says finds it):
 * - Unicode letters and digits, case-folded, accents folded: Schölkopf, Sch\"olkopf -> scholkopf;
 * - LaTeX: `$\mathcal{O}(n^2)$` -> o n 2, `\alpha` -> alpha; formatting and layout commands
 *   (\mathcal, \textbf, \left, \frac ...) are dropped, their arguments stay; $, braces, ^, _ split;
 * - hyphenated words give their parts and, stacked on the same position, the joined form:
 *   fill-in-the-middle -> fill in the middle (+ fillinthemiddle), so both spellings match;
 * - arXiv ids are single tokens: 2401.01234v2 (+ stacked 2401.01234), hep-th/9901001;
 * - possessive 's is dropped, other apostrophes join (don't -> dont); stem.ts folds suffixes.
 * Offsets point into the original string (for highlighting). Never throws: any string gives a
 * (possibly empty) token list.
 */
import { stem } from './stem.js';
import { isStopTerm } from './stopwords.js';

/** A token: `stacked` ones share the position of the token before (joined hyphen forms, bare ids). */
export type TokenSink = (term: string, start: number, end: number, stacked: boolean, stop: boolean) => void;

export interface Token {
  term: string;
  start: number;
  end: number;
  stacked: boolean;
  stop: boolean;
}

/**
 * 64 characters: longer "words" are base64, DNA strings or URL pieces; cutting them bounds the
 * dictionary and no real word is that long (the longest title words in the seed have 30).
 */
export const MAX_TOKEN_LENGTH = 64;

// Letters may carry LaTeX accents inside a word: Sch\"olkopf, Erd\H{o}s, Ga\c{c}a.
const LETTER = String.raw`(?:[\p{L}\p{N}\p{M}]|\\["'\x60^~=.]\{?[A-Za-z]\}?|\\[cvuHk]\{[A-Za-z]\})`;
const WORD = String.raw`${LETTER}+(?:['’‐‑-]${LETTER}+)*`;
const NEW_ID = String.raw`(?<![\p{L}\p{N}.])\d{4}\.\d{4,5}(?:v\d+)?(?![\p{N}])`;
const OLD_ID = String.raw`(?<![\p{L}\p{N}])[A-Za-z]+(?:-[A-Za-z]+)?(?:\.[A-Za-z]{2})?\/\d{7}(?:v\d+)?(?![\p{N}])`;
const COMMAND = String.raw`\\[A-Za-z]+`;
// Groups: 1 new-style id, 2 old-style id, 3 command; otherwise a word. Old ids need a '/', so
// text without one skips that alternative (it would be tried at every word start).
const UNITS = new RegExp(`(${NEW_ID})|(${OLD_ID})|(${COMMAND})|${WORD}`, 'gu');
const UNITS_NO_SLASH = new RegExp(`(${NEW_ID})|()(${COMMAND})|${WORD}`, 'gu');
const LATEX_ACCENT = /\\(?:["'`^~=.]\{?([A-Za-z])\}?|[cvuHk]\{([A-Za-z])\})/g;

/** Commands that only format or lay out math: the command is not a word (its argument is). */
const SKIPPED_COMMANDS = new Set(
  ('mathcal mathbf mathrm mathit mathsf mathtt mathbb mathfrak mathscr mathnormal boldsymbol bm text textbf textit ' +
    'textrm textsf texttt textsc textnormal textup emph operatorname mbox hbox rm bf it cal sf tt left right big ' +
    'bigl bigr Big Bigl Bigr bigg Bigg displaystyle textstyle scriptstyle frac dfrac tfrac sqrt cdot cdots ldots ' +
    'dots times quad qquad hat tilde bar vec dot ddot overline underline widehat widetilde mathop limits nolimits ' +
    'approx sim leq geq le ge neq lt gt pm mp in to rightarrow leftarrow mid vert lvert rvert langle rangle').split(' '),
);

/** Calls `sink` for each token of `text`, in order. */
export function scan(text: string, sink: TokenSink): void {
  const units = text.includes('/') ? UNITS : UNITS_NO_SLASH;
  units.lastIndex = 0;
  for (let m = units.exec(text); m !== null; m = units.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) emitId(m[1].toLowerCase(), start, end, sink);
    else if (m[2]) emitId(m[2].toLowerCase(), start, end, sink);
    else if (m[3] !== undefined) {
      const name = m[3].slice(1);
      if (!SKIPPED_COMMANDS.has(name)) emitWord(name, start + 1, end, false, sink);
    } else emitCompound(m[0], start, sink);
  }
}

/** Versioned ids also give the bare id, stacked: a query for 2401.01234 finds 2401.01234v2. */
function emitId(id: string, start: number, end: number, sink: TokenSink): void {
  sink(id, start, end, false, false);
  const bare = id.replace(/v\d+$/, '');
  if (bare !== id) sink(bare, start, end, true, false);
}

/** A word, or hyphenated parts + the joined form (stacked); possessive 's dropped. */
function emitCompound(raw: string, start: number, sink: TokenSink): void {
  let word = raw;
  if (/['’][sS]$/.test(word)) word = word.slice(0, -2);
  if (!/[‐‑-]/.test(word)) {
    emitWord(word, start, start + word.length, false, sink);
    return;
  }
  let joined = '';
  let from = 0;
  for (const part of word.split(/[‐‑-]/)) {
    emitWord(part, start + from, start + from + part.length, false, sink);
    joined += part;
    from += part.length + 1;
  }
  emitWord(joined, start, start + word.length, true, sink);
}

function emitWord(raw: string, start: number, end: number, stacked: boolean, sink: TokenSink): void {
  const term = termOf(raw);
  if (term) sink(term, start, end, stacked, isStopTerm(term));
}

/**
 * Raw word -> index term, memoized: a corpus repeats a few hundred thousand distinct words, and
 * folding plus stemming each occurrence was 40% of build time. Cleared at 200,000 entries
 * (about 20 MB) so odd input cannot grow it without bound.
 */
const TERMS = new Map<string, string>();
const TERM_CACHE_LIMIT = 200_000;

function termOf(raw: string): string {
  let term = TERMS.get(raw);
  if (term !== undefined) return term;
  const plain = raw.includes('\\') ? raw.replace(LATEX_ACCENT, '$1$2') : raw;
  term = stem(fold(plain.replace(/['’]/g, '')).slice(0, MAX_TOKEN_LENGTH));
  if (TERMS.size >= TERM_CACHE_LIMIT) TERMS.clear();
  TERMS.set(raw, term);
  return term;
}

/** Letters NFKD leaves whole: ß, ø, æ, ł ... (Søren, Łukasz, Jørgensen). */
const LETTER_FOLDS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŀ: 'l' };

/** Lower case without accents: NFKD splits é into e + a combining mark, which is dropped. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßøæœłđðþıŀ]/g, (c) => LETTER_FOLDS[c] ?? c);
}

/** All tokens of `text` with their offsets. */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  scan(text, (term, start, end, stacked, stop) => out.push({ term, start, end, stacked, stop }));
  return out;
}

export interface TokenizeOptions {
  /** Apply stemming (default true); false gives folded words, e.g. to match a typed prefix. */
  stem?: boolean;
}

/** The terms of `text` in order, stopwords and stacked forms included. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const out: string[] = [];
  if (options.stem === false) scanRaw(text, (word) => out.push(word));
  else scan(text, (term) => out.push(term));
  return out;
}

/** Folded, unstemmed words (no stacked forms): what the user typed, for prefix matching. */
export function scanRaw(text: string, sink: (word: string, start: number, end: number) => void): void {
  const units = text.includes('/') ? UNITS : UNITS_NO_SLASH;
  units.lastIndex = 0;
  for (let m = units.exec(text); m !== null; m = units.exec(text)) {
    if (m[3] !== undefined || m[1] !== undefined || m[2]) continue;
    let from = m.index;
    for (const part of m[0].replace(/['’][sS]$/, '').split(/[‐‑-]/)) {
      const plain = part.includes('\\') ? part.replace(LATEX_ACCENT, '$1$2') : part;
      const word = fold(plain.replace(/['’]/g, '')).slice(0, MAX_TOKEN_LENGTH);
      if (word) sink(word, from, from + part.length);
      from += part.length + 1;
    }
  }
}
