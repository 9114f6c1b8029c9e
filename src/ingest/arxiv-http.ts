import { UpstreamError } from '../domain/errors.js';
import { RateLimiter } from './rate-limiter.js';

export interface ArxivHttpOptions {
  /** Minimum gap between requests (arXiv: 3000 ms). */
  intervalMs: number;
  /** Retries after 429/503/5xx/network errors before giving up. */
  maxRetries: number;
  /** First backoff when the server gives no usable Retry-After (doubles each time). */
  backoffMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
  userAgent: string;
  /** Caps any single wait, so a hostile Retry-After cannot stall ingestion for hours. */
  maxWaitMs?: number;
  log?: (line: string) => void;
}

/** One request's result: a response to hand back, why to retry, or why never to. */
type Attempt<T> = { response: Answer<T> } | { refused: string } | { error: string; status?: number; retryAfterMs?: number };

export interface HttpResponse {
  status: number;
  body: string;
  url: string;
}

/**
 * The one HTTP client for all arXiv traffic: one request at a time, `intervalMs` apart,
 * 429/503 retried after Retry-After (seconds or HTTP date; 0 or absent = own exponential backoff).
 * Bodies are decoded as UTF-8 explicitly.
 */
export class ArxivHttpClient {
  private readonly limiter: RateLimiter;

  constructor(private readonly options: ArxivHttpOptions) {
    this.limiter = new RateLimiter(options.intervalMs);
  }

  /**
   * GETs a URL; resolves with any 2xx/4xx response, throws UpstreamError when retries run out
   * or `signal` aborts (a web request that stops waiting: it returns at once, even while queued
   * behind other requests or waiting out a backoff, and its turn, when it comes, sends nothing).
   */
  async get(url: string, signal?: AbortSignal): Promise<HttpResponse> {
    return this.request(url, { accept: XML_ACCEPT, timeoutMs: this.options.timeoutMs, read: async (res) => new TextDecoder('utf-8').decode(await res.arrayBuffer()) }, signal);
  }

  /**
   * GETs a binary file (a PDF) through the same queue, spacing and retries as every arXiv
   * request. The body is refused, without reading it all, when it is over `maxBytes`: by its
   * Content-Length before a byte is read, else as soon as the streamed bytes pass it. A refusal
   * is final (no retry): the file will not shrink.
   */
  async getBytes(url: string, opts: { maxBytes: number; timeoutMs?: number; accept?: string; signal?: AbortSignal }): Promise<BinaryResponse> {
    const read = (res: Response) => readLimited(res, opts.maxBytes);
    return this.request(url, { accept: opts.accept ?? 'application/pdf, */*', timeoutMs: opts.timeoutMs ?? this.options.timeoutMs, read }, opts.signal);
  }

  private async request<T>(url: string, how: ReadHow<T>, signal?: AbortSignal): Promise<Answer<T>> {
    const { maxRetries, backoffMs, maxWaitMs = 600_000 } = this.options;
    for (let attempt = 0; ; attempt++) {
      const outcome = await untilAborted(this.limiter.run(() => (signal?.aborted ? Promise.resolve<Attempt<T>>({ error: 'stopped waiting' }) : this.once(url, how, signal))), signal, url);
      if ('response' in outcome) return outcome.response;
      if ('refused' in outcome) throw new UpstreamError(`${describe(url)}: ${outcome.refused}`, undefined, 'upstream_refused');
      if (attempt >= maxRetries) {
        throw new UpstreamError(`${describe(url)}: ${outcome.error} (gave up after ${attempt + 1} attempts)`, outcome.status);
      }
      const wait = Math.min(outcome.retryAfterMs ?? backoffMs * 2 ** attempt, maxWaitMs);
      this.options.log?.(`${describe(url)}: ${outcome.error}; retrying in ${Math.round(wait / 100) / 10} s`);
      this.limiter.holdFor(wait);
    }
  }

  private async once<T>(url: string, how: ReadHow<T>, signal?: AbortSignal): Promise<Attempt<T>> {
    let res: Response;
    let body: T;
    try {
      res = await fetch(url, {
        headers: { 'user-agent': this.options.userAgent, accept: how.accept },
        signal: signal ? AbortSignal.any([AbortSignal.timeout(how.timeoutMs), signal]) : AbortSignal.timeout(how.timeoutMs),
        redirect: 'follow',
      });
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        return { error: `HTTP ${res.status}`, status: res.status, ...(retryAfterMs ? { retryAfterMs } : {}) };
      }
      // Inside the try: a connection cut or the timeout firing mid-body is a network error to retry too.
      body = await how.read(res);
    } catch (err) {
      if (err instanceof BodyRefused) return { refused: err.message };
      return { error: networkReason(err) };
    }
    return { response: { status: res.status, body, url, contentType: res.headers.get('content-type') } };
  }
}

const XML_ACCEPT = 'application/xml, application/atom+xml, text/xml, */*';

/** How one request reads its body. */
interface ReadHow<T> {
  accept: string;
  timeoutMs: number;
  read(res: Response): Promise<T>;
}

interface Answer<T> {
  status: number;
  body: T;
  url: string;
  contentType: string | null;
}

export interface BinaryResponse {
  status: number;
  body: Buffer;
  url: string;
  contentType: string | null;
}

/** A body we will not read (too large): not retried. */
class BodyRefused extends Error {}

/** Reads a body up to `maxBytes`; past it, stops reading (the connection is dropped) and throws BodyRefused. */
async function readLimited(res: Response, maxBytes: number): Promise<Buffer> {
  const tooLarge = (n: string) => new BodyRefused(`refused: the file is larger than ${Math.round(maxBytes / 1048576)} MB (${n})`);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(`Content-Length ${declared}`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`${total} bytes streamed, stopped reading`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The task's result, or UpstreamError as soon as `signal` aborts (the task itself goes on in the queue). */
function untilAborted<T>(task: Promise<T>, signal: AbortSignal | undefined, url: string): Promise<T> {
  if (!signal) return task;
  const stopped = () => new UpstreamError(`${describe(url)}: stopped waiting for an answer`);
  if (signal.aborted) return Promise.reject(stopped());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    task.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Retry-After in seconds or as an HTTP date -> milliseconds; 0, absent or invalid -> undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const ms = Number(v) * 1000;
    return ms > 0 ? ms : undefined;
  }
  const at = Date.parse(v);
  if (Number.isFinite(at) && at > now) return at - now;
  return undefined;
}

function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'request timed out';
  const code = e?.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve host (${code}): no network?`;
  if (code) return `network error ${code}`;
  return `network error: ${e?.cause?.message ?? e?.message ?? String(err)}`;
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}
