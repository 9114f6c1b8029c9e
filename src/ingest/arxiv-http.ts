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

/** One request's result: a response to hand back, or why to retry. */
type Attempt = { response: HttpResponse } | { error: string; status?: number; retryAfterMs?: number };

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
    const { maxRetries, backoffMs, maxWaitMs = 600_000 } = this.options;
    for (let attempt = 0; ; attempt++) {
      const outcome = await untilAborted(this.limiter.run(() => (signal?.aborted ? Promise.resolve<Attempt>({ error: 'stopped waiting' }) : this.once(url, signal))), signal, url);
      if ('response' in outcome) return outcome.response;
      if (attempt >= maxRetries) {
        throw new UpstreamError(`${describe(url)}: ${outcome.error} (gave up after ${attempt + 1} attempts)`, outcome.status);
      }
      const wait = Math.min(outcome.retryAfterMs ?? backoffMs * 2 ** attempt, maxWaitMs);
      this.options.log?.(`${describe(url)}: ${outcome.error}; retrying in ${Math.round(wait / 100) / 10} s`);
      this.limiter.holdFor(wait);
    }
  }

  private async once(url: string, signal?: AbortSignal): Promise<Attempt> {
    let res: Response;
    let body: string;
    try {
      res = await fetch(url, {
        headers: { 'user-agent': this.options.userAgent, accept: 'application/xml, application/atom+xml, text/xml, */*' },
        signal: signal ? AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), signal]) : AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'follow',
      });
      // Inside the try: a connection cut or the timeout firing mid-body is a network error to retry too.
      body = new TextDecoder('utf-8').decode(await res.arrayBuffer());
    } catch (err) {
      return { error: networkReason(err) };
    }
    if (res.status === 429 || res.status >= 500) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      return { error: `HTTP ${res.status}`, status: res.status, ...(retryAfterMs ? { retryAfterMs } : {}) };
    }
    return { response: { status: res.status, body, url } };
  }
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
