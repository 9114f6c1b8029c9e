/**
 * Where paper and query vectors come from. Two implementations: the built-in model trained on
 * the store's papers (the default: offline, no download) and an OpenAI-compatible HTTP server.
 */
import { createHash } from 'node:crypto';
import { CorpusModel } from './corpus-model.js';

export interface PaperText {
  title: string;
  abstract: string;
}

export interface Embedder {
  /** Stable id of the model: vectors are stored under it, and a new id means recompute. */
  readonly modelId: string;
  /** `corpus` or `http`. */
  readonly kind: string;
  readonly dims: number;
  /** Papers embedded per call. */
  readonly batchSize: number;
  embedPapers(papers: readonly PaperText[]): Promise<Float32Array[]>;
  /** The query's unit vector; null when the model can say nothing about it (or timed out). */
  embedQuery(text: string): Promise<Float32Array | null>;
}

/** The built-in model as an Embedder (synchronous work, wrapped). */
export class CorpusEmbedder implements Embedder {
  readonly kind = 'corpus';
  readonly batchSize = 2_000;
  readonly modelId: string;

  constructor(
    readonly model: CorpusModel,
    /** The serialized model (what is stored); its hash is the model id. */
    readonly data: Uint8Array,
  ) {
    this.modelId = `corpus-${createHash('sha256').update(data).digest('hex').slice(0, 16)}`;
  }

  static of(model: CorpusModel): CorpusEmbedder {
    return new CorpusEmbedder(model, model.serialize());
  }

  get dims(): number {
    return this.model.dims;
  }

  async embedPapers(papers: readonly PaperText[]): Promise<Float32Array[]> {
    return papers.map((p) => this.model.embed(p.title, p.abstract));
  }

  async embedQuery(text: string): Promise<Float32Array | null> {
    return this.model.embedQuery(text);
  }
}

/** Unit length in place (servers do not all normalize). */
export function normalize(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
