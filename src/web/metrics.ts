import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SearchService } from '../search/search-service.js';
import type { Store } from '../store/database.js';
import { operationalCounts } from '../store/operational-counts.js';
import { ForbiddenError } from './http/security.js';
import type { PageCache } from './page-cache.js';

/**
 * `/metrics` in Prometheus' text format: requests by route and status with latency, the page
 * cache, the search index's lag behind the store, ingestion runs and papers per source, the
 * digest outbox, job runs, the PostgreSQL pool, and the process (memory, event loop lag, GC).
 * Per-request numbers are counted in memory (each process its own: Prometheus sums the
 * processes); store numbers are read when scraped.
 */
export interface Metrics {
  registry: Registry;
  /** Counts a signed-out page the front door answered before routing (no route, no timing: it costs ~µs). */
  frontDoorHit(status: number): void;
  /** Counts and times a request the application answered. */
  answered(route: string, method: string, status: number, seconds: number): void;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(store: Store, search: SearchService, cache: PageCache): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paperboy_' });
  const requests = new Counter({ name: 'paperboy_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const latency = new Histogram({ name: 'paperboy_http_request_duration_seconds', help: 'Time to answer, by route pattern (front-door cache hits are not timed)', labelNames: ['route'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const gauge = (name: string, help: string, labelNames: string[], collect: (g: Gauge) => Promise<void> | void) =>
    new Gauge({ name, help, labelNames, registers: [registry], async collect() { await collect(this); } });
  gauge('paperboy_page_cache_hits', 'Anonymous page cache hits since start (front door and application)', [], (g) => g.set(cache.hits));
  gauge('paperboy_page_cache_misses', 'Anonymous page cache misses since start', [], (g) => g.set(cache.misses));
  gauge('paperboy_page_cache_pages', 'Pages held in the anonymous page cache', [], (g) => g.set(cache.size));
  gauge('paperboy_search_ready', '1 when the search index answers', [], (g) => g.set(search.index ? 1 : 0));
  gauge('paperboy_search_papers', 'Papers in the search index', [], (g) => g.set(search.index?.size ?? 0));
  // One read of the store per scrape serves every store-backed series below.
  let counts: ReturnType<typeof operationalCounts> | null = null;
  const fresh = () => (counts ??= operationalCounts(store).finally(() => setTimeout(() => (counts = null), 1000).unref()));
  gauge('paperboy_search_index_lag', 'Paper changes in the store the search index has not followed yet', [], async (g) => {
    const { changeSeq } = await fresh();
    g.set(search.index ? Math.max(0, changeSeq - search.index.changeSeq) : changeSeq);
  });
  gauge('paperboy_ingest_runs', 'Ingestion runs recorded in the store, by kind', ['kind'], async (g) => {
    for (const r of (await fresh()).ingestRuns) g.set({ kind: r.kind }, r.runs);
  });
  gauge('paperboy_ingest_runs_failed', 'Ingestion runs that ended in an error, by kind', ['kind'], async (g) => {
    for (const r of (await fresh()).ingestRuns) g.set({ kind: r.kind }, r.failed);
  });
  gauge('paperboy_ingest_papers', 'Papers added, updated and rejected by ingestion runs, by kind', ['kind', 'outcome'], async (g) => {
    for (const r of (await fresh()).ingestRuns) {
      g.set({ kind: r.kind, outcome: 'added' }, r.added);
      g.set({ kind: r.kind, outcome: 'updated' }, r.updated);
      g.set({ kind: r.kind, outcome: 'rejected' }, r.rejected);
    }
  });
  gauge('paperboy_digest_outbox', 'Digest messages in the outbox, by status (pending, sending, sent, failed)', ['status'], async (g) => {
    for (const r of (await fresh()).outbox) g.set({ status: r.status }, r.messages);
  });
  gauge('paperboy_job_runs', 'Scheduled job runs recorded in the store, by job and outcome (ran, skipped, failed)', ['job', 'outcome'], async (g) => {
    for (const r of (await fresh()).jobRuns) g.set({ job: r.job, outcome: r.outcome }, r.runs);
  });
  if (store.pool) {
    const pool = store.pool;
    gauge('paperboy_db_pool_connections', 'PostgreSQL pool connections, by state', ['state'], (g) => {
      const p = pool();
      g.set({ state: 'open' }, p.total);
      g.set({ state: 'idle' }, p.idle);
      g.set({ state: 'waiting' }, p.waiting);
    });
  }
  const frontDoor = requests.labels('(front door)', 'GET', '200');
  return {
    registry,
    frontDoorHit: (status) => (status === 200 ? frontDoor.inc() : requests.inc({ route: '(front door)', method: 'GET', status: String(status) })),
    answered: (route, method, status, seconds) => {
      requests.inc({ route, method, status: String(status) });
      latency.observe({ route }, seconds);
    },
  };
}

/**
 * Times every request the application answers (an onResponse hook, callback-style like the other
 * per-request hooks) and serves `/metrics`: with METRICS_TOKEN set, to `Authorization: Bearer
 * <token>` only; without it, to loopback addresses only (a scraper on the same machine, or behind
 * the proxy with the route not forwarded).
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string): void {
  app.addHook('onResponse', (req, reply, done) => {
    // Unmatched paths share one label: a scanner's random URLs must not grow the series without bound.
    const route = req.routeOptions.url ?? '(no route)';
    metrics.answered(route, req.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!mayScrape(req, token)) throw new ForbiddenError(token ? 'metrics need Authorization: Bearer METRICS_TOKEN' : 'metrics answer loopback addresses only (set METRICS_TOKEN to scrape from elsewhere)', 'forbidden');
    reply.header('cache-control', 'no-store').type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function mayScrape(req: FastifyRequest, token: string): boolean {
  // req.ip: behind a proxy named in TRUST_PROXY, the client's address, not the proxy's loopback.
  if (!token) return LOOPBACK.has(req.ip);
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  return given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
}
