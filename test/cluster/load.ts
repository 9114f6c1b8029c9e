/**
 * A mixed workload for the cluster suite: many signed-in users (API tokens) behind one address,
 * 90% reads (front page, paper pages, the API's paper and trending; with `queries`, a tenth of
 * all requests are searches instead of half the trending ones) and 10% upvotes, from `concurrency`
 * loops for `ms`. Every vote answered 2xx is remembered: the store must hold each one.
 */
export interface LoadReport {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers by status (0: the connection failed). */
  statuses: Record<number, number>;
  /** Votes acknowledged with 2xx: `token paperId`. */
  acked: { user: number; paperId: string }[];
}

export async function runLoad(base: string, options: { ms: number; concurrency: number; papers: string[]; tokens: string[]; voteShare?: number; queries?: string[] }): Promise<LoadReport> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const acked: LoadReport['acked'] = [];
  const started = Date.now();
  const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
  const loop = async () => {
    while (Date.now() - started < options.ms) {
      const roll = Math.random();
      const paperId = pick(options.papers);
      let request: () => Promise<Response>;
      let vote: number | undefined;
      if (roll < (options.voteShare ?? 0.1)) {
        vote = Math.floor(Math.random() * options.tokens.length);
        request = () => fetch(`${base}/api/v1/papers/${paperId}/vote`, { method: 'PUT', headers: { authorization: `Bearer ${options.tokens[vote!]}` }, signal: AbortSignal.timeout(10_000) });
      } else {
        const search = options.queries?.length && roll >= 0.8 && roll < 0.9 ? `/search?q=${encodeURIComponent(pick(options.queries))}` : null;
        const path = search ?? (roll < 0.4 ? '/' : roll < 0.7 ? `/papers/${paperId}` : roll < 0.8 ? `/api/v1/papers/${paperId}` : '/api/v1/trending');
        request = () => fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
      }
      const { status, ms } = await timedStatus(request);
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (vote !== undefined && status >= 200 && status < 300) acked.push({ user: vote, paperId });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return { requests: latencies.length, seconds, perSecond: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99), statuses, acked };
}

export function describeLoad(name: string, r: LoadReport): string {
  const errors = Object.entries(r.statuses).filter(([s]) => Number(s) === 0 || Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
  return `${name}: ${r.requests} requests in ${r.seconds.toFixed(1)} s, ${r.perSecond} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${errors}, statuses ${JSON.stringify(r.statuses)}, votes acknowledged ${r.acked.length}`;
}

/** A request's status (0 when it failed or timed out) and how long it took to the last byte. */
export async function timedStatus(request: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  let status = 0;
  try {
    const res = await request();
    await res.arrayBuffer();
    status = res.status;
  } catch {
    status = 0;
  }
  return { status, ms: performance.now() - t0 };
}
