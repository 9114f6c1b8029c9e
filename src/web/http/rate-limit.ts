import { InvalidInputError } from '../../domain/errors.js';

/**
 * Refused for going over a limit: answered 429 with `Retry-After: retryAfterSeconds` by the one
 * error handler (src/web/app.ts), so no path can forget the header.
 */
export class RateLimitedError extends InvalidInputError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message, 'rate_limited');
    // At least 1: `Retry-After: 0` would invite an immediate retry that is refused again.
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/**
 * A fixed-window counter per key, in memory: for limits that protect this process (reads per
 * address, API writes per token). Limits that must hold across processes (per address, per
 * user) are counted in the store instead (src/web/http/user-limits.ts). Old windows are dropped
 * as they are passed, so memory follows active keys.
 */
export class WindowLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit; false when the key is over its limit in the current window. */
  hit(key: string, now = Date.now()): boolean {
    if (this.windows.size > 10_000) this.sweep(now);
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.limit;
  }

  /** Milliseconds until the key's current window ends (a 429's Retry-After); 0 when it has none. */
  retryAfterMs(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w ? Math.max(0, w.start + this.windowMs - now) : 0;
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
