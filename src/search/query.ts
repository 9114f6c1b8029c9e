/**
 * Query text -> what to look up. Syntax, kept to what people type into a search box:
 *   large language model agents      keywords (any may match; papers with more of them rank higher)
 *   "chain of thought" reasoning     a quoted phrase must appear, word for word (stopwords included)
 *   2401.01234 or 2401.01234v2       an arXiv id: matches that paper's id exactly (and mentions)
 *   diffu                            with `prefix`, the last word also matches words it begins
 * An unbalanced quote is ignored (the rest is keywords). Stopwords are dropped from keywords.
 * Never throws.
 */
import { scan } from './tokenizer.js';

/**
 * 1,000 characters: about 150 words. Longer input is pasted text rather than a query, its head
 * says what it is about, and the cap bounds the work one request can ask for.
 */
export const MAX_QUERY_LENGTH = 1_000;
/** A phrase longer than this is cut: 16 words is a whole title, and each word is one more list to join. */
const MAX_PHRASE_TERMS = 16;
/** The prefix must have 2+ characters: one letter would expand to the most common words of a letter. */
const MIN_PREFIX_LENGTH = 2;

export interface ParsedQuery {
  /** Keyword terms (stemmed, no stopwords, deduplicated, in query order), phrase words included. */
  terms: string[];
  /** Quoted phrases, each its terms in order (stopwords kept, stacked forms dropped), 2+ terms. */
  phrases: string[][];
  /** The last word to complete (folded, unstemmed), with `prefix`; it is not among `terms`. */
  prefix: string | null;
  /** arXiv ids typed in the query, version removed: 2401.01234, hep-th/9901001. */
  ids: string[];
}

export interface ParseOptions {
  /** Search as you type: the last word also matches longer words that begin with it. */
  prefix?: boolean;
}

export function parseQuery(text: string, options: ParseOptions = {}): ParsedQuery {
  const input = text.slice(0, MAX_QUERY_LENGTH).replace(/[“”„]/g, '"');
  const parts = input.split('"');
  // An odd number of quotes leaves the last part open: it is read as keywords.
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  const lastIndex = parts.length - 1;
  let prefix: string | null = null;
  if (options.prefix && (lastIndex % 2 === 0 || lastIndex >= closed)) {
    const cut = splitTypedWord(parts[lastIndex]!);
    if (cut) [parts[lastIndex], prefix] = [cut.head, cut.word];
  }
  const terms = new Set<string>();
  const ids = new Set<string>();
  const phrases: string[][] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1 && i < closed) addPhrase(parts[i]!, phrases, terms);
    else addKeywords(parts[i]!, terms, ids);
  }
  return { terms: [...terms], phrases, prefix, ids: [...ids] };
}

function addKeywords(text: string, terms: Set<string>, ids: Set<string>): void {
  scan(text, (term, _start, _end, stacked, stop) => {
    if (!stop) terms.add(term);
    if (!stacked && isIdTerm(term)) ids.add(term.replace(/v\d+$/, ''));
  });
}

function addPhrase(text: string, phrases: string[][], terms: Set<string>): void {
  const words: string[] = [];
  scan(text, (term, _start, _end, stacked, stop) => {
    if (stacked || words.length >= MAX_PHRASE_TERMS) return;
    words.push(term);
    if (!stop) terms.add(term);
  });
  // A one-word phrase is a keyword; an all-stopword phrase has no list to find it by.
  if (words.length >= 2 && words.some((w) => terms.has(w))) phrases.push(words);
}

/** The word being typed (folded, unstemmed) and the text before it; none if a space or sign follows. */
function splitTypedWord(text: string): { head: string; word: string } | null {
  let last: { word: string; start: number; end: number } | null = null;
  scan(
    text,
    (word, start, end, stacked) => {
      if (!stacked) last = { word, start, end };
    },
    false,
  );
  const found = last as { word: string; start: number; end: number } | null;
  if (!found || found.end !== text.length || found.word.length < MIN_PREFIX_LENGTH || isIdTerm(found.word)) return null;
  return { head: text.slice(0, found.start), word: found.word };
}

const ID_TERM = /^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/;

/** True for an arXiv id token (new or old style, with or without version). */
export function isIdTerm(term: string): boolean {
  return ID_TERM.test(term);
}
