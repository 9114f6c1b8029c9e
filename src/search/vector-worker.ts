/**
 * Worker thread of the vector index: scans the index's shared arrays for a query while the
 * serving thread runs the keyword half of a hybrid search (two cores: the two halves overlap).
 * Messages: `{ arrays }` when the index grew into new buffers, `{ id, request }` per search.
 */
import { parentPort } from 'node:worker_threads';
import { scan, type ScanRequest, type VectorArrays } from './vector-scan.js';

let arrays: VectorArrays | null = null;
const scratch = { distances: new Uint16Array(0) };

parentPort?.on('message', (message: { arrays?: VectorArrays; id?: number; request?: ScanRequest }) => {
  if (message.arrays) arrays = message.arrays;
  if (message.id === undefined || !message.request) return;
  try {
    parentPort!.postMessage({ id: message.id, hits: arrays ? scan(arrays, message.request, scratch) : [] });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
