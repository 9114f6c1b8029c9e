/**
 * Embeddings from an OpenAI-compatible server: `POST {base}/v1/embeddings` with
 * `{"model", "input": [...]}` and an optional bearer key, answering
 * `{"data": [{"index", "embedding": [...]}]}` — what OpenAI, Ollama, vLLM and
 * text-embeddings-inference serve.
 */
import { UpstreamError } from '../../domain/errors.js';
import { type Embedder, normalize, type PaperText } from './embedder.js';

export interface HttpEmbedderOptions {
  /** Base URL, e.g. `http://127.0.0.1:11434` (a trailing `/v1` is accepted too). */
  url: string;
  model: string;
  apiKey?: string;
  /** A query waits this long before search falls back to keywords (the page must stay fast). */
  queryTimeoutMs?: number;
  /** Paper batches may take longer: a GPU server under load answers 64 abstracts in seconds. */
  batchTimeoutMs?: number;
}

/** Characters of title + abstract sent per paper: ~2,000 tokens, within every common model's window. */
const MAX_CHARS = 8_000;

export class HttpEmbedder implements Embedder {
  readonly kind = 'http';
  readonly batchSize = 64;
  readonly modelId: string;
  private readonly endpoint: string;

  private constructor(
    private readonly options: HttpEmbedderOptions,
    readonly dims: number,
  ) {
    this.endpoint = `${options.url.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/embeddings`;
    this.modelId = `http-${options.model}-${dims}`;
  }

  /** Asks the server once, to learn the dimension (and fail early on a wrong URL, model or key). */
  static async connect(options: HttpEmbedderOptions): Promise<HttpEmbedder> {
    const probe = new HttpEmbedder(options, 0);
    const [v] = await probe.request(['dimension probe'], options.batchTimeoutMs ?? 60_000);
    return new HttpEmbedder(options, v!.length);
  }

  async embedPapers(papers: readonly PaperText[]): Promise<Float32Array[]> {
    const input = papers.map((p) => `${p.title}\n\n${p.abstract}`.slice(0, MAX_CHARS));
    return this.request(input, this.options.batchTimeoutMs ?? 60_000);
  }

  async embedQuery(text: string): Promise<Float32Array | null> {
    if (text.trim() === '') return null;
    try {
      const [v] = await this.request([text.slice(0, MAX_CHARS)], this.options.queryTimeoutMs ?? 800);
      return v ?? null;
    } catch {
      return null;
    }
  }

  private async request(input: string[], timeoutMs: number): Promise<Float32Array[]> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.options.model, input }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new UpstreamError(`embedding server ${this.endpoint} did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await response.text();
    if (!response.ok) throw new UpstreamError(`embedding server answered ${response.status}: ${text.slice(0, 200)}`);
    return parseEmbeddings(text, input.length, this.dims);
  }
}

/** Checks the answer's shape: one finite vector per input, all of one dimension, in `index` order. */
function parseEmbeddings(text: string, count: number, dims: number): Float32Array[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError('embedding server answered something that is not JSON');
  }
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length !== count) throw new UpstreamError(`embedding server answered ${Array.isArray(data) ? data.length : 'no'} vectors for ${count} inputs`);
  const out = new Array<Float32Array>(count);
  data.forEach((item: { index?: unknown; embedding?: unknown }, i) => {
    const at = typeof item?.index === 'number' ? item.index : i;
    const e = item?.embedding;
    if (!Array.isArray(e) || e.length === 0 || (dims > 0 && e.length !== dims) || !e.every((x) => typeof x === 'number' && Number.isFinite(x)) || at < 0 || at >= count) {
      throw new UpstreamError('embedding server answered a malformed vector');
    }
    out[at] = normalize(Float32Array.from(e as number[]));
  });
  if (out.some((v) => v === undefined)) throw new UpstreamError('embedding server answered duplicate indexes');
  return out;
}
