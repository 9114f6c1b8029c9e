import type { FastifyReply, FastifyRequest } from 'fastify';
import { announceDaysBack } from '../../domain/announcement-calendar.js';
import { runArxivIngestion } from '../../ingest/arxiv-ingest.js';
import { jobLockName, withJobLock } from '../../store/locks.js';
import { FIRST_RUN_DAYS } from '../views/empty-store.js';
import { requireAdmin } from './moderation.js';
import type { WebDeps } from './page.js';

/**
 * POST /ingest/arxiv (moderators; CSRF-checked like every form): the last few days of arXiv, run
 * in the background under the scheduled ingestion's own lock (jobLockName, src/store/locks.ts),
 * so it never overlaps the catch-up or another click. The home page then shows the run from the store.
 */
export function ingestRecentHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    requireAdmin(req);
    const options = { from: announceDaysBack(deps.now(), FIRST_RUN_DAYS), announcements: true };
    // The run records its own outcome (ingest_runs); a failure here only needs a log line.
    void withJobLock(deps.store, jobLockName('arxiv-ingest'), (lock) => runArxivIngestion(deps.store, deps.arxiv, deps.config, { ...options, fence: lock.fence }))
      .catch((err: unknown) => req.server.log.error(`arxiv ingestion from the home page failed: ${err instanceof Error ? err.message : String(err)}`));
    return reply.redirect('/', 303);
  };
}
