/**
 * Embeds papers with the built-in model straight from the keyword index's token streams: the
 * papers were tokenized once to build it, and reading the streams costs a fraction of
 * tokenizing the text again. Large batches are split with a worker thread (the other core):
 * 1M papers took 88 s on one thread.
 */
import { ABSTRACT, TITLE } from '../bm25.js';
import { readDoc } from '../doc-stream.js';
import type { LexicalIndex } from '../lexical-index.js';
import { encodeVector } from '../vector-index.js';
import { startWorker } from '../worker-thread.js';
import type { CorpusModel } from './corpus-model.js';

/** Below this many papers a worker's start and the copy of the streams cost more than they save. */
const PARALLEL_MIN = 20_000;

export interface EmbedJob {
  /** The serialized model (CorpusModel.serialize()). */
  model: Uint8Array;
  /** Main-segment term id -> vocabulary index, or -1. */
  toWord: Int32Array;
  fwd: Uint8Array;
  fwdStart: Uint32Array;
  docs: Int32Array;
}

/** Encoded vectors (encodeVector) of `job.docs`, in order, packed `4 + dims` bytes each. */
export function runEmbedJob(model: CorpusModel, job: Omit<EmbedJob, 'model'>): Uint8Array {
  const size = 4 + model.dims;
  const out = new Uint8Array(job.docs.length * size);
  job.docs.forEach((doc, i) => {
    const vector = model.embedTokens((add) => {
      readDoc(job.fwd, job.fwdStart[doc]!, (field, termId, stacked) => {
        const word = job.toWord[termId]!;
        if (!stacked && word >= 0 && (field === TITLE || field === ABSTRACT)) add(word, field === TITLE);
      });
    });
    out.set(encodeVector(vector), i * size);
  });
  return out;
}

/**
 * Calls `onVector(doc, encoded)` for each of `docs` held by the main segment; returns the docs
 * it could not embed that way (changed since the index was built: embed their text instead).
 */
export async function embedIndexedDocs(model: CorpusModel, lexical: LexicalIndex, docs: Iterable<number>, onVector: (doc: number, encoded: Uint8Array) => void, parallelMin = PARALLEL_MIN): Promise<number[]> {
  const toWord = new Int32Array(lexical.mainTermCount).fill(-1);
  for (let i = 0; i < model.vocabularySize; i++) {
    const id = lexical.mainTermId(model.word(i));
    if (id >= 0) toWord[id] = i;
  }
  const held: number[] = [];
  const missed: number[] = [];
  for (const doc of docs) (lexical.inMain(doc) ? held : missed).push(doc);
  const { fwd, fwdStart } = lexical.mainStreams;
  const half = held.length >= parallelMin ? Math.floor(held.length / 2) : held.length;
  const mine = Int32Array.from(held.slice(0, half));
  const theirs = Int32Array.from(held.slice(half));
  const other = theirs.length > 0 ? inWorker({ model: model.serialize(), toWord, fwd, fwdStart, docs: theirs }) : Promise.resolve(new Uint8Array());
  const size = 4 + model.dims;
  deliver(mine, runEmbedJob(model, { toWord, fwd, fwdStart, docs: mine }), size, onVector);
  deliver(theirs, await other, size, onVector);
  return missed;
}

function deliver(docs: Int32Array, packed: Uint8Array, size: number, onVector: (doc: number, encoded: Uint8Array) => void): void {
  docs.forEach((doc, i) => onVector(doc, packed.subarray(i * size, (i + 1) * size)));
}

function inWorker(job: EmbedJob): Promise<Uint8Array> {
  const worker = startWorker('embeddings/embed-worker');
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.once('message', (m: { packed?: Uint8Array; error?: string }) => {
      void worker.terminate();
      if (m.packed) resolve(m.packed);
      else reject(new Error(`embedding worker: ${m.error}`));
    });
    worker.once('error', reject);
    worker.postMessage(job);
  });
}
