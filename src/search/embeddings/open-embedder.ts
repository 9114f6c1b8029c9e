/**
 * Picks the embedder a server uses: the configured HTTP server, or the built-in model — read
 * from the store, or made now when there is none yet, the corpus has doubled since, or it was
 * made from another shipped model: the shipped model extended by a sample of the store's papers
 * (EMBEDDINGS=builtin), or a model trained on the store alone (EMBEDDINGS=store, and builtin when
 * the shipped file is missing).
 */
import type { EmbeddingsConfig } from '../../config.js';
import type { Store } from '../../store/database.js';
import { deleteOtherModels, latestModel, saveModel } from '../../store/search-vectors.js';
import { CorpusModel } from './corpus-model.js';
import { CorpusEmbedder, type Embedder } from './embedder.js';
import { HttpEmbedder } from './http-embedder.js';
import { extendModel, trainModel, type TrainingDoc } from './model-training.js';
import { shippedModel, shippedModelId, type ShippedModel } from './shipped-model.js';
import { readWordnet, wordnetPath } from './wordnet.js';

/** Papers the built-in model learns from at most: 50,000 abstracts give ~20,000 words stable vectors. */
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
  const builtin = config.provider === 'builtin';
  const stored = await latestModel(store, 'corpus');
  if (stored && !retrain) {
    const model = CorpusModel.deserialize(stored.data);
    const grown = stored.trainedDocs < TRAINING_SAMPLE && corpusSize >= Math.max(MIN_TRAINING_DOCS, 2 * stored.trainedDocs);
    // The shipped model is only hashed here: a stored model that extends it needs no copy of it.
    if (!grown && model.parts.base === (builtin ? shippedModelId() : null)) return { embedder: new CorpusEmbedder(model, stored.data), note: `built-in model ${stored.id} (${describe(model)})` };
  }
  const shipped = builtin ? shippedModel() : null;
  if (!shipped && corpusSize < MIN_TRAINING_DOCS) return { embedder: null, note: `search by meaning starts once ${MIN_TRAINING_DOCS} papers are stored` };
  const docs = corpusSize > 0 ? await sample() : [];
  const embedder = shipped && docs.length === 0 ? unextended(shipped) : CorpusEmbedder.of(shipped ? extendModel(shipped.model, shipped.id, docs) : trainModel(docs, { wordnet: readWordnetIfInstalled() }));
  return { embedder: await keep(store, embedder), note: `built-in model ${describe(embedder.model)}` };
}

/** Stores the model as the store's one (its vectors are stored under its id; older models go with theirs). */
async function keep(store: Store, embedder: CorpusEmbedder): Promise<CorpusEmbedder> {
  await saveModel(store, { id: embedder.modelId, kind: 'corpus', dims: embedder.dims, trainedDocs: embedder.model.trainedDocs, createdAt: new Date().toISOString(), data: embedder.data });
  await deleteOtherModels(store, 'corpus', embedder.modelId);
  return embedder;
}

/** The shipped model as an empty store's model (extended by no paper), made once per process: every fresh store starts with it. */
let emptyStoreModel: { base: string; embedder: CorpusEmbedder } | null = null;

function unextended(shipped: ShippedModel): CorpusEmbedder {
  if (emptyStoreModel?.base !== shipped.id) emptyStoreModel = { base: shipped.id, embedder: CorpusEmbedder.of(extendModel(shipped.model, shipped.id, [])) };
  return emptyStoreModel.embedder;
}

function readWordnetIfInstalled(): ReturnType<typeof readWordnet> | null {
  const dir = wordnetPath();
  return dir ? readWordnet(dir) : null;
}

function describe(model: CorpusModel): string {
  return `${model.parts.base ? 'shipped, extended by' : 'trained on'} ${model.trainedDocs} papers, ${model.vocabularySize} words, ${model.dims} dimensions`;
}

/** Every n-th of `docs`, so the sample spans the whole corpus (all years, all fields). */
export function spreadSample<T>(docs: readonly T[], size = TRAINING_SAMPLE): T[] {
  if (docs.length <= size) return [...docs];
  const step = docs.length / size;
  return Array.from({ length: size }, (_, i) => docs[Math.floor(i * step)]!);
}
