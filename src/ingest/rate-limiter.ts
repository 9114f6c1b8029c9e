/**
 * Runs tasks one at a time with at least `intervalMs` between the end of one and the start of
 * the next. arXiv asks for one connection at a time and 3 s between requests, so every arXiv
 * source shares one limiter.
 */
export class RateLimiter {
  private tail: Promise<unknown> = Promise.resolve();
  private lastEnd = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly sleep: (ms: number) => Promise<void> = delay,
  ) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(async () => {
      const wait = this.lastEnd + this.intervalMs - Date.now();
      if (this.lastEnd > 0 && wait > 0) await this.sleep(wait);
      try {
        return await task();
      } finally {
        this.lastEnd = Date.now();
      }
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Pushes the next start back, e.g. after a 503 with Retry-After. */
  holdFor(ms: number): void {
    this.lastEnd = Math.max(this.lastEnd, Date.now() + ms - this.intervalMs);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
