import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../store/database.js';
import { pingStore } from '../../store/database.js';
import { latestRuns } from '../../store/ingest-runs.js';
import { papersChangedSince } from '../../store/papers.js';
import { storeStatsLight } from '../../store/stats.js';
import type { SearchService } from '../../search/search-service.js';

/** Seconds a starting server asks a health checker to wait before asking again. */
const READY_RETRY_SECONDS = 2;

/**
 * GET /readyz, for a proxy's or orchestrator's readiness check: 200 only when this process can
 * serve what readers ask for (the search index is loaded and answers a query, and the store
 * answers a page's query), 503 with
 * Retry-After while it starts (an index still building) or when the store is gone. /healthz
 * stays the liveness check: a process building its index is alive, just not ready.
 */
export function readyHandler(store: Store, search: SearchService) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const index = search.index;
    // A real page query (the newest paper, as paper pages read it) and a real search, not just "select 1".
    const storeError = (await pingStore(store)) ?? (index ? await answers(() => papersChangedSince(store, Math.max(0, index.changeSeq - 1), 1)) : null);
    const searchError = index ? await answers(async () => index.search('paper', { limit: 1 })) : null;
    if (index && searchError && !storeError) {
      return reply.code(503).header('retry-after', String(READY_RETRY_SECONDS)).send({ status: 'error', store: { ok: true }, search: { state: 'unavailable', error: searchError } });
    }
    const searchState = index ? 'ready' : search.error ? 'unavailable' : 'building';
    if (storeError || !index) {
      return reply.code(503).header('retry-after', String(READY_RETRY_SECONDS)).send({
        status: storeError ? 'error' : 'starting',
        store: storeError ? { ok: false, error: storeError } : { ok: true },
        search: { state: searchState, ...(search.error ? { error: search.error } : {}) },
      });
    }
    return reply.send({ status: 'ready', store: { ok: true }, search: { state: searchState, papers: index.size, semantic: index.semanticModel ?? null } });
  };
}

/** GET /healthz: is the store answering, how many papers, when did ingestion last run. */
export function healthHandler(store: Store) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    const error = await pingStore(store);
    if (error) {
      return reply.code(503).send({ status: 'error', store: { dialect: store.dialect, ok: false, error } });
    }
    const stats = await storeStatsLight(store);
    const runs = await latestRuns(store, 20);
    return reply.header('cache-control', 'no-store').send({
      status: 'ok',
      store: { dialect: store.dialect, ok: true },
      papers: stats.papers,
      changeSeq: stats.changeSeq,
      latestFeedDate: stats.latestFeedDate,
      ingestion: runs.map((r) => ({ kind: r.kind, startedAt: r.startedAt, finishedAt: r.finishedAt, error: r.error, added: r.added, updated: r.updated })),
    });
  };
}

/** Null when `query` answers, else its error. */
async function answers(query: () => Promise<unknown>): Promise<string | null> {
  try {
    await query();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
