/**
 * Picks the embedder a server uses: the configured HTTP server, or the built-in model — read
 * from the store, or trained now when there is none yet or the corpus has doubled since.
 */
import type { EmbeddingsConfig } from '../../config.js';
import type { Store } from '../../store/database.js';
import { deleteOtherModels, latestModel, saveModel } from '../../store/search-vectors.js';
import { CorpusModel, type TrainingDoc } from './corpus-model.js';
import { CorpusEmbedder, type Embedder } from './embedder.js';
import { HttpEmbedder } from './http-embedder.js';
import { readWordnet, wordnetPath } from './wordnet.js';

/** Papers the built-in model is trained on at most: 50,000 abstracts give it ~20,000 words with stable vectors, in ~20 s. */
export const TRAINING_SAMPLE = 50_000;
/** Fewer papers than this and there is nothing to learn word meanings from. */
export const MIN_TRAINING_DOCS = 10;

export interface EmbedderChoice {
  embedder: Embedder | null;
  /** Why there is none, or what happened (trained, loaded), for the log. */
  note: string;
}

/**
 * `corpusSize` is the number of visible papers; `sample` gives up to TRAINING_SAMPLE of them,
 * called only when training is due. `retrain` forces a new built-in model.
 */
export async function openEmbedder(
  store: Store,
  config: EmbeddingsConfig,
  corpusSize: number,
  sample: () => Promise<TrainingDoc[]> | TrainingDoc[],
  retrain = false,
): Promise<EmbedderChoice> {
  if (config.provider === 'off') return { embedder: null, note: 'search by meaning is off (EMBEDDINGS=off)' };
  if (config.provider === 'http') {
    const embedder = await HttpEmbedder.connect({ url: config.url, model: config.model, apiKey: config.apiKey || undefined });
    await saveModel(store, { id: embedder.modelId, kind: 'http', dims: embedder.dims, trainedDocs: 0, createdAt: new Date().toISOString(), data: new Uint8Array() });
    return { embedder, note: `embeddings from ${config.url} (${config.model}, ${embedder.dims} dimensions)` };
  }
  const stored = await latestModel(store, 'corpus');
  const grown = stored !== undefined && stored.trainedDocs < TRAINING_SAMPLE && corpusSize >= 2 * stored.trainedDocs;
  if (stored && !grown && !retrain) return { embedder: new CorpusEmbedder(CorpusModel.deserialize(stored.data), stored.data), note: `built-in model ${stored.id} (trained on ${stored.trainedDocs} papers)` };
  if (corpusSize < MIN_TRAINING_DOCS) return { embedder: null, note: `search by meaning starts once ${MIN_TRAINING_DOCS} papers are stored` };
  const dir = wordnetPath();
  const model = CorpusModel.train(await sample(), { wordnet: dir ? readWordnet(dir) : null });
  const embedder = CorpusEmbedder.of(model);
  await saveModel(store, { id: embedder.modelId, kind: 'corpus', dims: model.dims, trainedDocs: model.trainedDocs, createdAt: new Date().toISOString(), data: embedder.data });
  await deleteOtherModels(store, 'corpus', embedder.modelId);
  return { embedder, note: `built-in model trained on ${model.trainedDocs} papers (${model.vocabularySize} words, ${model.dims} dimensions)` };
}

/** Every n-th of `docs`, so the sample spans the whole corpus (all years, all fields). */
export function spreadSample<T>(docs: readonly T[], size = TRAINING_SAMPLE): T[] {
  if (docs.length <= size) return [...docs];
  const step = docs.length / size;
  return Array.from({ length: size }, (_, i) => docs[Math.floor(i * step)]!);
}
