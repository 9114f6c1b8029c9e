/**
 * The general model shipped with Paperboy (`models/base-model.bin`, made by `npm run train:model`
 * from public arXiv metadata): meaning search from a fresh install's first paper, and the start
 * every store's model extends (model-training.ts). Read once per process.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CorpusModel } from './corpus-model.js';

/** The file, from src/ and from dist/ alike (both sit two folders below the package root). */
export const SHIPPED_MODEL_PATH = fileURLToPath(new URL('../../../models/base-model.bin', import.meta.url));

export interface ShippedModel {
  /** `base-` and the file's hash: stored models name the one they extend. */
  id: string;
  model: CorpusModel;
}

let cached: ShippedModel | null | undefined;
let cachedId: string | null | undefined;

/** The shipped model, or null when the file is not there (a store-trained model is used instead). */
export function shippedModel(): ShippedModel | null {
  if (cached === undefined) cached = existsSync(SHIPPED_MODEL_PATH) ? readModel(SHIPPED_MODEL_PATH) : null;
  return cached;
}

/**
 * The shipped model's id without reading the model (a hash of the file: ~0.1 s, against ~2 s to
 * deserialize it), for a start whose stored model already extends it.
 */
export function shippedModelId(): string | null {
  if (cached !== undefined) return cached?.id ?? null;
  if (cachedId === undefined) cachedId = existsSync(SHIPPED_MODEL_PATH) ? idOf(readFileSync(SHIPPED_MODEL_PATH)) : null;
  return cachedId;
}

function readModel(path: string): ShippedModel {
  const data = readFileSync(path);
  return { id: idOf(data), model: CorpusModel.deserialize(data) };
}

function idOf(data: Buffer): string {
  return `base-${createHash('sha256').update(data).digest('hex').slice(0, 16)}`;
}
