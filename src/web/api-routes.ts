import type { FastifyInstance } from 'fastify';
import { dailyPapersHandler } from './api/compat/daily-papers.js';
import { openCors, preflightHandler } from './api/compat/http.js';
import { listPapersHandler, paperInfoHandler } from './api/compat/papers.js';
import { searchPapersHandler } from './api/compat/search.js';
import { commentHandler, indexHandler, submitHandler } from './api/compat/writes.js';
import type { WebDeps } from './pages/page.js';
import { createTokenHandler, revokeTokenHandler } from './pages/users.js';

/** The API map: every JSON route on one line. */
export function registerApiRoutes(app: FastifyInstance, deps: WebDeps): void {
  // Compatible API: the public daily-papers paths and shapes (src/web/api/compat/, README "Compatible API").
  // `/papers/{id}.md` is served by the paper page's route (src/web/pages/paper.ts).
  const cors = { onRequest: openCors };
  app.get('/api/daily_papers', cors, dailyPapersHandler(deps));
  app.get('/api/papers', cors, listPapersHandler(deps));
  app.get('/api/papers/search', cors, searchPapersHandler(deps));
  app.get('/api/papers/*', cors, paperInfoHandler(deps));
  app.options('/api/daily_papers', preflightHandler);
  app.options('/api/papers', preflightHandler);
  app.options('/api/papers/*', preflightHandler);
  app.post('/api/papers/submit', submitHandler(deps));
  app.post('/api/papers/index', indexHandler(deps));
  app.post('/api/papers/:id/comment', commentHandler(deps));
  app.post('/api/papers/:id/comment/:commentId/reply', commentHandler(deps));

  // Personal API tokens, created and revoked from the owner's profile page (CSRF-protected forms).
  app.post('/api-tokens', createTokenHandler(deps));
  app.post('/api-tokens/:id/revoke', revokeTokenHandler(deps));
}
