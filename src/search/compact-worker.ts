/**
 * Worker thread that compacts a lexical index: it receives the index as a snapshot buffer,
 * folds the delta segment into a new main segment (~50 s at 1M papers), and sends the new
 * snapshot back, so the serving thread never stops answering for it.
 */
import { parentPort } from 'node:worker_threads';
import { LexicalIndex } from './lexical-index.js';

parentPort?.once('message', (snapshot: Uint8Array) => {
  const index = LexicalIndex.load(snapshot);
  index.compact();
  const out = index.serialize();
  parentPort!.postMessage(out);
});
