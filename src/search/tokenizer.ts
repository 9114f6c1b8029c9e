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
import { grown } from './grow.js';
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

/** Calls `sink` for each token of `text`, in order; `stemmed` false gives folded words only. */
export function scan(text: string, sink: TokenSink, stemmed = true): void {
  forEachUnit(text, stemmed, sink, (raw, start) => {
    const word = stemmed ? cachedWord(raw) : wordTokens(raw, identity);
    for (let i = 0; i < word.length; i++) {
      const t = word[i]!;
      sink(t.term, start + t.from, start + t.to, t.stacked, t.stop);
    }
  });
}

/**
 * Tokenizes to term ids of one interner, memoizing raw word -> ids: indexing then costs one
 * lookup per token instead of two (word -> term, term -> id), which was a third of build time.
 *
 * The fast path: text is cut at ASCII whitespace (no unit spans it, so each piece tokenizes as
 * it would in place); a piece of plain ASCII words and punctuation that no unit uses is split
 * by hand and its words looked up by their characters (WordTable), with no match arrays and no
 * substrings. Any other piece (LaTeX, ids, paths, non-ASCII, a period between digits) goes
 * through the regular expressions. Indexing 1M papers spent ~60% of its time there.
 */
export class TermIdScanner {
  /** Raw word -> (id << 1 | stacked), or a list of them for a hyphenated word. */
  private readonly words = new WordTable<number | number[]>();
  private sink: (id: number, stacked: boolean) => void = () => {};
  private readonly onToken: TokenSink = (term, _start, _end, stacked, stop) => this.sink(this.intern(term, stop), stacked);
  private readonly onWord = (raw: string): void => this.emitWord(raw, 0, raw.length, hashOf(raw, 0, raw.length));
  /** The current piece's words (start, end, hash), emitted when the piece ends plain. */
  private found = new Int32Array(3 * 256);

  constructor(private readonly intern: (term: string, stop: boolean) => number) {}

  scan(text: string, sink: (id: number, stacked: boolean) => void): void {
    this.sink = sink;
    const n = text.length;
    let piece = 0;
    let plain = true;
    let words = 0;
    for (let i = 0; i <= n; ) {
      const kind = i < n ? KIND[text.charCodeAt(i)]! : SPACE;
      if (kind === ALNUM) {
        const start = i;
        let hash = FNV_OFFSET;
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          const k = KIND[c];
          // fill-in-the-middle, don't: a hyphen or apostrophe between letters joins them (wordTokens splits it).
          if (k !== ALNUM && !(k === JOINER && i + 1 < n && KIND[text.charCodeAt(i + 1)] === ALNUM)) break;
          hash = Math.imul(hash ^ c, FNV_PRIME);
        }
        if (plain) this.keep(words++, start, i, hash);
        continue;
      }
      if (kind === SPACE) {
        if (!plain) forEachUnit(text.slice(piece, i), true, this.onToken, this.onWord);
        else for (let w = 0; w < words; w++) this.emitWord(text, this.found[3 * w]!, this.found[3 * w + 1]!, this.found[3 * w + 2]!);
        piece = ++i;
        plain = true;
        words = 0;
        continue;
      }
      // 2401.01234 is an arXiv id; between letters (e.g.) a period only separates words.
      if (kind === OTHER || (kind === PERIOD && i > piece && i + 1 < n && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)))) plain = false;
      i++;
    }
  }

  private keep(w: number, start: number, end: number, hash: number): void {
    if (3 * w + 3 > this.found.length) this.found = grown(this.found);
    this.found[3 * w] = start;
    this.found[3 * w + 1] = end;
    this.found[3 * w + 2] = hash;
  }

  private emitWord(text: string, from: number, to: number, hash: number): void {
    const ids = this.words.get(text, from, to, hash) ?? this.resolve(text.slice(from, to), hash);
    if (typeof ids === 'number') this.sink(ids >>> 1, (ids & 1) === 1);
    else for (const v of ids) this.sink(v >>> 1, (v & 1) === 1);
  }

  private resolve(raw: string, hash: number): number | number[] {
    const tokens = wordTokens(raw, stem).map((t) => this.intern(t.term, t.stop) * 2 + (t.stacked ? 1 : 0));
    const ids = tokens.length === 1 ? tokens[0]! : tokens;
    // 1M raw words (~80 MB): more than a million-paper corpus has; past it, start over.
    if (this.words.size >= 1_000_000) this.words.clear();
    this.words.set(raw, hash, ids);
    return ids;
  }
}

/**
 * What a character is to the plain-piece path: ASCII whitespace ends a piece; letters and digits
 * make words; a hyphen or apostrophe joins two of them; a period between digits is an id's; any
 * other character a unit may use (backslash, slash, non-ASCII) sends the piece down the regular
 * path; the rest of ASCII only separates words.
 */
const SEPARATOR = 0;
const ALNUM = 1;
const SPACE = 2;
const JOINER = 3;
const PERIOD = 4;
const OTHER = 5;
const KIND = Uint8Array.from({ length: 65_536 }, (_, code) => {
  if (code >= 128) return OTHER;
  const c = String.fromCharCode(code);
  if (/[A-Za-z0-9]/.test(c)) return ALNUM;
  if (' \n\t\r'.includes(c)) return SPACE;
  if (c === '-' || c === "'") return JOINER;
  if (c === '.') return PERIOD;
  return c === '\\' || c === '/' ? OTHER : SEPARATOR;
});

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashOf(text: string, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/**
 * Strings -> values, looked up by a range of another string's characters and its hash (hashOf),
 * with no substring made: open addressing, the hash kept beside each slot.
 */
class WordTable<V> {
  /** Per slot: hash, entry + 1 (0: empty). */
  private slots = new Int32Array(2 << 16);
  private keys: string[] = [];
  private values: V[] = [];

  get size(): number {
    return this.keys.length;
  }

  get(text: string, from: number, to: number, hash: number): V | undefined {
    const mask = (this.slots.length >> 1) - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = this.slots[2 * s + 1]! - 1;
      if (entry < 0) return undefined;
      if (this.slots[2 * s] === hash && sameChars(this.keys[entry]!, text, from, to)) return this.values[entry];
    }
  }

  /** Adds a key not in the table, with its hashOf(). */
  set(key: string, hash: number, value: V): void {
    if ((this.keys.length + 1) * 4 > this.slots.length) this.rehash(this.slots.length * 2);
    this.place(hash, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }

  clear(): void {
    this.slots = new Int32Array(2 << 16);
    this.keys = [];
    this.values = [];
  }

  private place(hash: number, entry: number): void {
    const mask = (this.slots.length >> 1) - 1;
    let s = hash & mask;
    while (this.slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    this.slots[2 * s] = hash;
    this.slots[2 * s + 1] = entry + 1;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    for (let s = 0; s < old.length; s += 2) if (old[s + 1] !== 0) this.place(old[s]!, old[s + 1]! - 1);
  }
}

function sameChars(key: string, text: string, from: number, to: number): boolean {
  if (key.length !== to - from) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

/** The scanning loop: arXiv ids and LaTeX commands go to `sink`, words (raw) to `onWord`. */
function forEachUnit(text: string, stemmed: boolean, sink: TokenSink, onWord: (raw: string, start: number) => void): void {
  const units = text.includes('/') ? UNITS : UNITS_NO_SLASH;
  units.lastIndex = 0;
  for (let m = units.exec(text); m !== null; m = units.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) emitId(m[1].toLowerCase(), start, end, sink);
    else if (m[2]) emitId(m[2].toLowerCase(), start, end, sink);
    else if (m[3] !== undefined) {
      const name = m[3].slice(1);
      if (!SKIPPED_COMMANDS.has(name)) emitWord((stemmed ? stem : identity)(plainOf(name)), start + 1, end, false, sink);
    } else onWord(m[0], start);
  }
}

/** Versioned ids also give the bare id, stacked: a query for 2401.01234 finds 2401.01234v2. */
function emitId(id: string, start: number, end: number, sink: TokenSink): void {
  sink(id, start, end, false, false);
  const bare = id.replace(/v\d+$/, '');
  if (bare !== id) sink(bare, start, end, true, false);
}

function emitWord(term: string, start: number, end: number, stacked: boolean, sink: TokenSink): void {
  if (term) sink(term, start, end, stacked, isStopTerm(term));
}

/** A token of a word, offsets relative to the word's start. */
interface WordToken {
  term: string;
  from: number;
  to: number;
  stacked: boolean;
  stop: boolean;
}

/** A word's tokens: itself, or hyphenated parts + the joined form (stacked); possessive 's dropped. */
function wordTokens(raw: string, toTerm: (plain: string) => string): WordToken[] {
  const out: WordToken[] = [];
  const add = (part: string, from: number, to: number, stacked: boolean) => {
    const term = toTerm(plainOf(part));
    if (term) out.push({ term, from, to, stacked, stop: isStopTerm(term) });
  };
  const word = /['’][sS]$/.test(raw) ? raw.slice(0, -2) : raw;
  if (!/[‐‑-]/.test(word)) {
    add(word, 0, word.length, false);
    return out;
  }
  let joined = '';
  let from = 0;
  for (const part of word.split(/[‐‑-]/)) {
    add(part, from, from + part.length, false);
    joined += part;
    from += part.length + 1;
  }
  add(joined, 0, word.length, true);
  return out;
}

/**
 * Raw word -> its tokens, memoized: a corpus repeats a few hundred thousand distinct words, and
 * analysing each occurrence (folding, stemming, hyphens) was half of the build time. Cleared at
 * 200,000 entries (about 30 MB) so odd input cannot grow it without bound.
 */
const WORDS = new Map<string, WordToken[]>();
const WORD_CACHE_LIMIT = 200_000;

function cachedWord(raw: string): WordToken[] {
  let tokens = WORDS.get(raw);
  if (tokens !== undefined) return tokens;
  tokens = wordTokens(raw, stem);
  if (WORDS.size >= WORD_CACHE_LIMIT) WORDS.clear();
  WORDS.set(raw, tokens);
  return tokens;
}

function identity(s: string): string {
  return s;
}

/** Folded word without LaTeX accents or apostrophes, cut to MAX_TOKEN_LENGTH; not stemmed. */
function plainOf(raw: string): string {
  const plain = raw.includes('\\') ? raw.replace(LATEX_ACCENT, '$1$2') : raw;
  return fold(plain.replace(/['’]/g, '')).slice(0, MAX_TOKEN_LENGTH);
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
  scan(text, (term) => out.push(term), options.stem !== false);
  return out;
}
