import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/database.js';
import { healthHandler } from './api/health.js';

/** The site map: every route on one line. Pages and the JSON API join here as they are built. */
export function registerRoutes(app: FastifyInstance, deps: { store: Store }): void {
  app.get('/healthz', healthHandler(deps.store));
}
