import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../store/database.js';
import { pingStore } from '../../store/database.js';
import { latestRuns } from '../../store/ingest-runs.js';
import { storeStatsLight } from '../../store/stats.js';

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
