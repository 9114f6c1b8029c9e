/**
 * Tokens of scientific text for the lexical index, and of queries (the same rules on both sides,
 * so whatever a title contains, typing it finds it):
 * - Unicode letters and digits, case-folded, accents folded (Schölkopf -> scholkopf);
 * - LaTeX normalized: `$\mathcal{O}(n^2)$` -> o n 2, `\alpha` -> alpha (commands that only
 *   format, like \mathcal or \textbf, are dropped; their content stays);
 * - hyphenated words indexed split and joined: fill-in-the-middle -> fill in the middle
 *   fillinthemiddle (a query typed either way matches);
 * - arXiv ids kept whole (2401.01234, 2401.01234v2, hep-th/9901001);
 * - a light English stemmer (stem.ts) folds plurals and common suffixes.
 * Never throws: any string gives a (possibly empty) token list.
 */
import { stem } from './stem.js';

/** Formatting commands: their argument is the text, the command itself is not a word. */
const FORMATTING = /\\(?:math(?:cal|bf|rm|it|sf|tt|bb|frak|scr)|text(?:bf|it|rm|sf|tt|sc|normal)?|emph|operatorname|boldsymbol|bm|mbox|left|right|big|Big|bigg|Bigg)\b/g;
const ARXIV_ID = /\b(?:\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)\b/gi;
const WORD = /[\p{L}\p{N}]+(?:[-‐‑'][\p{L}\p{N}]+)*/gu;
/** Longer "words" are hashes, base64 or garbage: cut so one cannot blow up the dictionary. */
const MAX_TOKEN = 40;

export interface TokenizeOptions {
  /** Apply stemming (default true). */
  stem?: boolean;
}

export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const doStem = options.stem !== false;
  const out: string[] = [];
  const src = normalize(text);
  for (const m of src.matchAll(ARXIV_ID)) {
    const id = m[0].toLowerCase();
    out.push(id);
    const bare = id.replace(/v\d+$/, '');
    if (bare !== id) out.push(bare);
  }
  for (const m of src.replace(ARXIV_ID, ' ').matchAll(WORD)) {
    const word = m[0];
    const parts = word.split(/[-‐‑']/).filter(Boolean);
    for (const p of parts) pushWord(out, p, doStem);
    if (parts.length > 1 && word.includes('-')) pushWord(out, parts.join(''), doStem);
  }
  return out;
}

function pushWord(out: string[], word: string, doStem: boolean): void {
  const w = fold(word).slice(0, MAX_TOKEN);
  if (w) out.push(doStem ? stem(w) : w);
}

/** LaTeX commands to words, formatting dropped, braces and math signs to spaces. */
function normalize(text: string): string {
  return text
    .replace(FORMATTING, ' ')
    .replace(/\\([A-Za-z]+)/g, ' $1 ')
    .replace(/[{}$^_\\]/g, ' ');
}

/** Lower case without accents: NFKD splits é into e + a combining mark, which is dropped. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  return /[^\x00-\x7f]/.test(lower) ? lower.normalize('NFKD').replace(/\p{M}+/gu, '') : lower;
}
