/** Worker thread: embeds one share of a build's papers from the keyword index's token streams (see indexed-embedding.ts). */
import { parentPort } from 'node:worker_threads';
import { CorpusModel } from './corpus-model.js';
import { type EmbedJob, runEmbedJob } from './indexed-embedding.js';

parentPort?.once('message', (job: EmbedJob) => {
  try {
    parentPort!.postMessage({ packed: runEmbedJob(CorpusModel.deserialize(job.model), job) });
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
