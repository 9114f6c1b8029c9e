import type { FastifyInstance } from 'fastify';
import { healthHandler, readyHandler } from './api/health.js';
import { registerApiRoutes } from './api-routes.js';
import { addCommentHandler, deleteCommentHandler, editCommentHandler } from './pages/comments.js';
import { categoryHandler, datePickerHandler, homeHandler, periodHandler, trendingHandler } from './pages/feed.js';
import { categoryFeedHandler, collectionFeedHandler, dailyFeedHandler, dateFeedHandler, searchFeedHandler, trendingFeedHandler } from './pages/feeds.js';
import { loginConfirmHandler, loginFormHandler, loginRequestHandler, loginVerifyHandler, logoutHandler } from './pages/login.js';
import { banHandler, hideCommentHandler, hideOrgHandler, hidePaperHandler, moderationLogHandler } from './pages/moderation.js';
import { createOrgHandler, editOrgHandler, newOrgFormHandler, orgHandler } from './pages/orgs.js';
import { acceptInviteHandler, invitePageHandler, inviteHandler, memberRoleHandler, removeMemberHandler } from './pages/org-members.js';
import { orgAvatarHandler, uploadAvatarHandler } from './pages/org-avatar.js';
import type { WebDeps } from './pages/page.js';
import { ingestRecentHandler } from './pages/ingest.js';
import { paperHandler, voteHandler } from './pages/paper.js';
import { authorAdditionsHandler } from './pages/author-additions.js';
import { searchHandler } from './pages/search.js';
import { statsHandler } from './pages/stats.js';
import { starsTrendingHandler } from './pages/trending-stars.js';
import { placeholderHandler, thumbnailHandler } from './pages/thumbnails.js';
import { attachMediaHandler, mediaHandler } from './pages/media.js';
import { registerUploadRoutes } from './http/uploads.js';
import { confirmHandler, confirmPageHandler, manageHandler, subscribeFormHandler, subscribeHandler, unsubscribeHandler, unsubscribePageHandler } from './pages/subscribe.js';
import { submitFormHandler, submitHandler } from './pages/submit.js';
import { userHandler } from './pages/users.js';
import { accountDeleteFormHandler, accountDeleteHandler } from './pages/account.js';
import { authorHandler, claimHandler, claimsQueueHandler, decideClaimHandler, mergeAuthorHandler, splitAuthorHandler } from './pages/authors.js';
import { collectionPageHandler } from './pages/collection-page.js';
import { followHandler, followingHandler, unfollowHandler } from './pages/following.js';
import { feedbackHandler, followCategoriesHandler, forgetHandler, forYouHandler, historyHandler, undoFeedbackHandler } from './pages/for-you.js';
import { addToCollectionHandler, createCollectionHandler, deleteCollectionHandler, editCollectionHandler, moveHandler, noteHandler, removeHandler } from './pages/collection-forms.js';
import { profileNamesHandler, welcomeFormHandler, welcomeHandler } from './pages/user-names.js';
import { viewPreferenceHandler } from './http/view-preference.js';
import { isSecure } from './pages/page.js';

/** The site map: every route on one line. */
export function registerRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get('/healthz', healthHandler(deps.store));
  app.get('/readyz', readyHandler(deps.store, deps.search));
  registerApiRoutes(app, deps);

  app.get('/', homeHandler(deps));
  app.get('/papers', homeHandler(deps));
  app.get('/papers/date', datePickerHandler());
  app.get('/papers/date/:value', periodHandler(deps, 'date'));
  app.get('/papers/week/:value', periodHandler(deps, 'week'));
  app.get('/papers/month/:value', periodHandler(deps, 'month'));
  app.get('/papers/category/:category', categoryHandler(deps));
  app.get('/papers/category/:category/date/:value', periodHandler(deps, 'date'));
  app.get('/papers/category/:category/week/:value', periodHandler(deps, 'week'));
  app.get('/papers/category/:category/month/:value', periodHandler(deps, 'month'));
  app.get('/papers/following', followingHandler(deps));
  app.get('/papers/following/date/:value', followingHandler(deps, 'date'));
  app.get('/papers/following/week/:value', followingHandler(deps, 'week'));
  app.get('/papers/following/month/:value', followingHandler(deps, 'month'));
  app.get('/papers/*', paperHandler(deps));
  app.get('/trending', trendingHandler(deps));
  app.get('/trending/stars', starsTrendingHandler(deps));
  app.get('/view', viewPreferenceHandler(isSecure(deps)));
  app.post('/vote', voteHandler(deps));
  app.get('/search', searchHandler(deps));
  app.get('/stats', statsHandler(deps));
  app.get('/thumbs/:file', thumbnailHandler(deps));
  app.get('/thumbs/placeholder/:file', placeholderHandler(deps));
  app.get('/media/:file', mediaHandler(deps));

  // Feeds: .rss (RSS 2.0), .atom (Atom 1.0), .json (JSON Feed 1.1); src/web/pages/feeds.ts.
  app.get('/feeds/daily.:ext', dailyFeedHandler(deps));
  app.get('/feeds/trending.:ext', trendingFeedHandler(deps));
  app.get('/feeds/date/:file', dateFeedHandler(deps));
  app.get('/feeds/category/:file', categoryFeedHandler(deps));
  app.get('/feeds/search.:ext', searchFeedHandler(deps));
  app.get('/feeds/collection/:file', collectionFeedHandler(deps));

  app.post('/comments', addCommentHandler(deps));
  app.post('/comments/:id/edit', editCommentHandler(deps));
  app.post('/comments/:id/delete', deleteCommentHandler(deps));
  app.post('/author-additions', authorAdditionsHandler(deps));

  app.get('/submit', submitFormHandler(deps));
  // The routes that take a file parse multipart bodies, with limits (src/web/http/uploads.ts).
  registerUploadRoutes(app, (scoped) => [scoped.post('/submit', submitHandler(deps)), scoped.post('/media', attachMediaHandler(deps)), scoped.post('/orgs/:slug/avatar', uploadAvatarHandler(deps))]);

  app.get('/login', loginFormHandler(deps));
  app.post('/login', loginRequestHandler(deps));
  app.get('/login/verify', loginConfirmHandler(deps));
  app.post('/login/verify', loginVerifyHandler(deps));
  app.post('/logout', logoutHandler(deps));
  app.get('/welcome', welcomeFormHandler(deps));
  app.post('/welcome', welcomeHandler(deps));
  app.get('/u/:name', userHandler(deps));
  app.post('/profile/names', profileNamesHandler(deps));
  app.get('/account/delete', accountDeleteFormHandler(deps));
  app.post('/account/delete', accountDeleteHandler(deps));

  // Organizations (src/web/pages/orgs.ts, org-members.ts, org-avatar.ts).
  app.get('/orgs/new', newOrgFormHandler(deps));
  app.post('/orgs/new', createOrgHandler(deps));
  app.get('/orgs/invite', invitePageHandler(deps));
  app.post('/orgs/invite', acceptInviteHandler(deps));
  app.get('/orgs/:slug', orgHandler(deps));
  app.get('/orgs/:slug/:file', orgAvatarHandler(deps));
  app.post('/orgs/:slug/edit', editOrgHandler(deps));
  app.post('/orgs/:slug/invite', inviteHandler(deps));
  app.post('/orgs/:slug/members/role', memberRoleHandler(deps));
  app.post('/orgs/:slug/members/remove', removeMemberHandler(deps));
  // Collections (src/web/pages/collection-*.ts): the page, and the owner's plain forms.
  app.get('/c/:ref', collectionPageHandler(deps));
  app.post('/collections', createCollectionHandler(deps));
  app.post('/collections/add', addToCollectionHandler(deps));
  app.post('/collections/:id/edit', editCollectionHandler(deps));
  app.post('/collections/:id/delete', deleteCollectionHandler(deps));
  app.post('/collections/:id/note', noteHandler(deps));
  app.post('/collections/:id/move', moveHandler(deps));
  app.post('/collections/:id/remove', removeHandler(deps));

  app.post('/follow', followHandler(deps));
  app.post('/unfollow', unfollowHandler(deps));
  // For you (src/web/pages/for-you.ts): personal, never cached.
  app.get('/for-you', forYouHandler(deps));
  app.get('/for-you/history', historyHandler(deps));
  app.post('/for-you/feedback', feedbackHandler(deps));
  app.post('/for-you/feedback/undo', undoFeedbackHandler(deps));
  app.post('/for-you/categories', followCategoriesHandler(deps));
  app.post('/for-you/forget', forgetHandler(deps));

  app.get('/subscribe', subscribeFormHandler(deps));
  app.post('/subscribe', subscribeHandler(deps));
  app.get('/subscribe/confirm', confirmPageHandler(deps));
  app.post('/subscribe/confirm', confirmHandler(deps));
  app.get('/subscriptions/manage', manageHandler(deps));
  app.post('/subscriptions/manage', manageHandler(deps));
  app.get('/unsubscribe', unsubscribePageHandler(deps));
  app.post('/unsubscribe', unsubscribeHandler(deps));

  app.get('/moderation', moderationLogHandler(deps));
  app.post('/moderation/hide-paper', hidePaperHandler(deps));
  app.post('/moderation/hide-comment', hideCommentHandler(deps));
  app.post('/moderation/ban', banHandler(deps));
  app.get('/moderation/claims', claimsQueueHandler(deps));
  app.post('/moderation/claims', decideClaimHandler(deps));
  app.post('/moderation/merge-author', mergeAuthorHandler(deps));
  app.post('/moderation/split-author', splitAuthorHandler(deps));
  app.get('/authors/:slug', authorHandler(deps));
  app.post('/authors/:slug/claim', claimHandler(deps));
  app.post('/moderation/hide-org', hideOrgHandler(deps));
  app.post('/ingest/arxiv', ingestRecentHandler(deps));
}
