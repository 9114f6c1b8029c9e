/**
 * Compaction of the lexical index off the serving thread: the index is copied into a worker as a
 * snapshot, compacted there, and loaded back (~1 s of the serving thread at 1M papers instead
 * of ~50 s; the copy to and from the worker is the part it keeps). Papers that changed meanwhile are re-applied from the store by the caller, which
 * knows the change sequence the copy was taken at.
 */
import { LexicalIndex } from './lexical-index.js';
import { startWorker } from './worker-thread.js';

/** Compacts a copy of `index` in a worker thread; resolves with the compacted copy. */
export function compactInWorker(index: LexicalIndex): Promise<LexicalIndex> {
  const snapshot = index.serialize();
  const worker = startWorker('compact-worker');
  return new Promise<LexicalIndex>((resolve, reject) => {
    worker.once('message', (out: Uint8Array) => {
      void worker.terminate();
      try {
        resolve(LexicalIndex.load(out));
      } catch (err) {
        reject(err);
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`compaction worker exited with code ${code}`)));
    // Copied, not transferred: a small snapshot may share its ArrayBuffer with other buffers.
    worker.postMessage(snapshot);
  });
}
