/**
 * Embeds papers with the built-in model straight from the keyword index's token streams: the
 * papers were tokenized once to build it, and reading the streams costs a fraction of
 * tokenizing the text again (1M papers: the part of a full build that embedding adds).
 */
import { ABSTRACT, TITLE } from '../bm25.js';
import type { LexicalIndex } from '../lexical-index.js';
import type { CorpusModel } from './corpus-model.js';

/**
 * Calls `onVector(doc, vector)` for each of `docs` held by the main segment; returns the docs
 * it could not embed that way (changed since the index was built: embed their text instead).
 */
export function embedIndexedDocs(model: CorpusModel, lexical: LexicalIndex, docs: Iterable<number>, onVector: (doc: number, vector: Float32Array) => void): number[] {
  const toWord = new Int32Array(lexical.mainTermCount).fill(-1);
  for (let i = 0; i < model.vocabularySize; i++) {
    const id = lexical.mainTermId(model.word(i));
    if (id >= 0) toWord[id] = i;
  }
  const missed: number[] = [];
  for (const doc of docs) {
    let held = true;
    const vector = model.embedTokens((add) => {
      held = lexical.forEachMainToken(doc, (field, termId) => {
        const word = toWord[termId]!;
        if (word >= 0 && (field === TITLE || field === ABSTRACT)) add(word, field === TITLE);
      });
    });
    if (held) onVector(doc, vector);
    else missed.push(doc);
  }
  return missed;
}
