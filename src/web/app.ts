import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { PaperboyError } from '../domain/errors.js';
import type { Store } from '../store/database.js';
import { registerRoutes } from './routes.js';

export interface AppOptions {
  store: Store;
  logLevel?: string;
}

/** The HTTP application: routes plus the one place errors become responses. */
export function buildApp({ store, logLevel = 'info' }: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: logLevel === 'silent' ? false : { level: logLevel },
    bodyLimit: 1024 * 1024,
    // One line per request only when debugging: a daily-papers site serves many cheap requests.
    logController: new LogController({ disableRequestLogging: logLevel !== 'debug' && logLevel !== 'trace' }),
  });
  registerRoutes(app, { store });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` }));
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof PaperboyError) return reply.code(400).send({ error: err.code, message: err.message });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: 'bad_request', message: err instanceof Error ? err.message : 'bad request' });
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  return app;
}
