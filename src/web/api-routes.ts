import type { FastifyInstance } from 'fastify';
import { dailyPapersHandler } from './api/compat/daily-papers.js';
import { openCors, preflightHandler } from './api/compat/http.js';
import { listPapersHandler, paperInfoHandler } from './api/compat/papers.js';
import { searchPapersHandler } from './api/compat/search.js';
import { commentHandler, indexHandler, submitHandler } from './api/compat/writes.js';
import { openApiHandler } from './api/openapi.js';
import { bibtexList } from './api/v1/bibtex.js';
import { addPaperComment, paperComments } from './api/v1/comments.js';
import { ApiV1 } from './api/v1/http.js';
import { paperBibtex, paperById, papersOfDay, papersOfMonth, papersOfWeek, submitPaperRoute } from './api/v1/papers.js';
import { search } from './api/v1/search.js';
import { similar } from './api/v1/similar.js';
import { trending } from './api/v1/trending.js';
import { unvote, upvote } from './api/v1/votes.js';
import { authorBySlug, authorPapers, claimAuthor } from './api/v1/authors.js';
import { addCollectionPaper, collectionById, createCollectionRoute, deleteCollectionRoute, editCollectionRoute, removeCollectionPaper, reorderCollectionRoute, updateCollectionPaper, userCollections } from './api/v1/collections.js';
import { followRoute, myClaims, myFollows, unfollowRoute } from './api/v1/me.js';
import { orgBySlug, orgPapers } from './api/v1/orgs.js';
import { deleteFeedback, myRecommendations, postFeedback } from './api/v1/recommendations.js';
import { apiDocsHandler } from './pages/api-docs.js';
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

  // Paperboy's own API (src/web/api/v1/, README "API"): `{id}` is any arXiv id form; writes need a Bearer token.
  const v1 = new ApiV1(app, deps);
  v1.get('/api/v1/papers/date/{date}', papersOfDay);
  v1.get('/api/v1/papers/week/{week}', papersOfWeek);
  v1.get('/api/v1/papers/month/{month}', papersOfMonth);
  v1.get('/api/v1/papers/{id}', paperById);
  v1.get('/api/v1/papers/{id}.bib', paperBibtex);
  v1.get('/api/v1/papers/{id}/comments', paperComments);
  v1.get('/api/v1/papers/{id}/similar', similar);
  v1.get('/api/v1/trending', trending);
  v1.get('/api/v1/search', search);
  v1.get('/api/v1/bibtex', bibtexList);
  v1.post('/api/v1/papers', submitPaperRoute);
  v1.put('/api/v1/papers/{id}/vote', upvote);
  v1.delete('/api/v1/papers/{id}/vote', unvote);
  v1.post('/api/v1/papers/{id}/comments', addPaperComment);
  v1.get('/api/v1/collections/{collection_id}', collectionById);
  v1.get('/api/v1/users/{name}/collections', userCollections);
  v1.post('/api/v1/collections', createCollectionRoute);
  v1.patch('/api/v1/collections/{collection_id}', editCollectionRoute);
  v1.delete('/api/v1/collections/{collection_id}', deleteCollectionRoute);
  v1.put('/api/v1/collections/{collection_id}/order', reorderCollectionRoute);
  v1.post('/api/v1/collections/{collection_id}/papers', addCollectionPaper);
  v1.put('/api/v1/collections/{collection_id}/papers/{paper_id}', updateCollectionPaper);
  v1.patch('/api/v1/collections/{collection_id}/papers/{paper_id}', updateCollectionPaper);
  v1.delete('/api/v1/collections/{collection_id}/papers/{paper_id}', removeCollectionPaper);
  v1.get('/api/v1/authors/{slug}', authorBySlug);
  v1.get('/api/v1/authors/{slug}/papers', authorPapers);
  v1.post('/api/v1/authors/{slug}/claims', claimAuthor);
  v1.get('/api/v1/orgs/{slug}', orgBySlug);
  v1.get('/api/v1/orgs/{slug}/papers', orgPapers);
  v1.get('/api/v1/me/follows', myFollows);
  v1.put('/api/v1/me/follows', followRoute);
  v1.delete('/api/v1/me/follows/{kind}/{target}', unfollowRoute);
  v1.get('/api/v1/me/claims', myClaims);
  v1.get('/api/v1/me/recommendations', myRecommendations);
  v1.post('/api/v1/me/feedback', postFeedback);
  v1.delete('/api/v1/me/feedback/{paper_id}', deleteFeedback);
  v1.preflight('/api/v1/*');
  app.get('/api/v1/openapi.json', openApiHandler(v1.routes, () => deps.config.baseUrl, deps.config.readLimitPerMinute));
  app.get('/api', apiDocsHandler(deps, v1.routes));

  // Personal API tokens, created and revoked from the owner's profile page (CSRF-protected forms).
  app.post('/api-tokens', createTokenHandler(deps));
  app.post('/api-tokens/:id/revoke', revokeTokenHandler(deps));
}
