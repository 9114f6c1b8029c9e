import { githubRepoKey, githubRepository, paperLinksOf } from '../../domain/paper-links.js';
import { absoluteUrl } from '../render/absolute-url.js';
import type { PaperState } from '../../domain/paper-state.js';
import { repoStars } from '../../store/repos.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { tryParseArxivId } from '../../domain/arxiv-id.js';
import { safeNextPath } from '../../domain/community-rules.js';
import { listComments } from '../../store/comments.js';
import { publicCollectionsWithPaper } from '../../store/collections.js';
import { similarCards } from '../../search/stored-similar.js';
import { paperActivity } from '../../store/feed.js';
import { findPaper } from '../../store/papers.js';
import { upvotesOverTime } from '../../store/site-activity.js';
import { thumbnailKeys } from '../../store/thumbnails.js';
import { mediaFacts, paperSubmitterId } from '../../store/media.js';
import { paperOrg } from '../../store/orgs.js';
import { mediaFileName } from '../../media/media-key.js';
import { mediaUrl } from '../views/media.js';
import { findSummary } from '../../store/summaries.js';
import { paperAuthorLinks } from '../../store/authors.js';
import { verifiedAuthorUsers } from '../../store/author-claims.js';
import { findAuthorAdditions } from '../../store/author-additions.js';
import { thumbnailUrl } from '../views/thumbnail.js';
import { votedPaperIds } from '../../store/votes.js';
import { markdownRequest, sendPaperMarkdown } from '../api/compat/paper-markdown.js';
import { castVote } from '../cast-vote.js';
import { checkCsrf } from '../http/security.js';
import { MessagePage } from '../views/layout.js';
import { PaperPage } from '../views/paper-page.js';
import { ALREADY_HERE } from '../write-limits.js';
import { cachedPage, formField, pageContext, sendPage, wantsJson, type WebDeps } from './page.js';

/**
 * `/papers/*`: a paper by any id form. The canonical URL (`/papers/2401.01234`,
 * `/papers/hep-th/9901001`) renders; every other accepted form (`arXiv:…`, `…v2`, a pasted
 * arXiv URL, `math.GT/0309136`) redirects there; an id we do not have is a 404 offering to submit it.
 */
/** Similar papers listed under a paper: a screenful, enough to go on reading. */
const SIMILAR_SHOWN = 6;
/** Public collections holding the paper named on its page; the count says how many in all. */
const COLLECTIONS_SHOWN = 5;

export function paperHandler(deps: WebDeps) {
  return async (req: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    const raw = decodeURIComponentSafe(req.params['*']);
    // `/papers/{id}.md` and `Accept: text/markdown`: the same paper as Markdown (compatible API).
    const markdownId = markdownRequest(req, raw);
    if (markdownId !== null) return sendPaperMarkdown(deps, reply, markdownId);
    reply.header('vary', 'Accept');
    const parsed = tryParseArxivId(raw);
    if (typeof parsed === 'string') {
      const ctx = pageContext(req, reply, deps);
      return sendPage(reply, h(MessagePage, { ctx, title: 'Not an arXiv id', error: true }, `"${raw.slice(0, 100)}": ${parsed}.`), 400);
    }
    if (parsed.id !== raw) return reply.redirect(`/papers/${parsed.id}`, 301);
    return cachedPage(req, reply, deps, async () => {
      const ctx = pageContext(req, reply, deps);
      const paper = await findPaper(deps.store, parsed.id);
      const activity = paper ? await paperActivity(deps.store, paper.id) : undefined;
      if (!paper || !activity || (activity.hiddenAt && !req.user?.isAdmin)) {
        return {
          status: 404,
          page: h(MessagePage, { ctx, title: 'Paper not found' }, `Paperboy has no paper ${parsed.id}${activity?.hiddenAt ? ' to show (a moderator hid it)' : ''}. `, activity?.hiddenAt ? null : h('a', { href: `/submit?id=${encodeURIComponent(parsed.id)}` }, 'Submit it from arXiv'), '.'),
        };
      }
      const voted = req.user ? (await votedPaperIds(deps.store, req.user.id, [paper.id])).has(paper.id) : false;
      // `?already=1`: the submit form's redirect for a paper already here, whose submission became an upvote.
      const alreadyHere = voted && (req.query as { already?: string }).already === '1';
      // `?media=not-yours`: the submit form's redirect when the file could not be attached (someone else submitted the paper).
      const mediaRefused = req.user !== null && req.user !== undefined && (req.query as { media?: string }).media === 'not-yours';
      const stored = await mediaFacts(deps.store, paper.id);
      const media = stored ? { kind: stored.kind, url: mediaUrl(mediaFileName(paper.id, stored.hash, stored.contentType)), width: stored.width, height: stored.height } : null;
      const canAttachMedia = req.user ? (await paperSubmitterId(deps.store, paper.id)) === req.user.id : false;
      const notice = [alreadyHere ? ALREADY_HERE : '', mediaRefused ? MEDIA_NOT_YOURS : ''].filter(Boolean).join(' ');
      const comments = await listComments(deps.store, paper.id);
      const similar = (await similarCards(deps, paper.id, SIMILAR_SHOWN)).map((s) => s.card);
      const upvoteHistory = await upvotesOverTime(deps.store, paper.id);
      // The first page as the share image; link previews do not show the SVG placeholder, so without a thumbnail the site icon stands in.
      const thumbnail = (await thumbnailKeys(deps.store, [paper.id])).get(paper.id);
      const githubStars = await linkedRepoStars(deps, paper);
      const keywords = (await findSummary(deps.store, paper.id))?.keywords ?? [];
      const inCollections = await publicCollectionsWithPaper(deps.store, paper.id, COLLECTIONS_SHOWN);
      const org = (await paperOrg(deps.store, paper.id)) ?? null;
      const authorLinks = await paperAuthorLinks(deps.store, paper.id);
      const authorUsers = await verifiedAuthorUsers(deps.store, paper.id);
      const authorAdditions = await findAuthorAdditions(deps.store, paper.id);
      const image = thumbnail ? absoluteUrl(deps.config.baseUrl, thumbnailUrl({ id: paper.id, thumbnail, title: paper.title, primaryCategory: paper.primaryCategory })) : undefined;
      return {
        page: h(PaperPage, { ctx, view: { paper, upvotes: paper.upvotesBaseline + activity.votes, voted, submittedBy: activity.submittedBy, submitterName: activity.submitterName, comments, now: deps.now(), similar, upvoteHistory, media, canAttachMedia, githubStars, keywords, authorLinks, authorUsers, authorAdditions, org, inCollections, ...(image ? { image } : {}), ...(notice ? { notice } : {}) } }),
      };
    }, parsed.id);
  };
}

const MEDIA_NOT_YOURS = 'Your file was not attached: only the member who submitted a paper can attach an image or video to it.';

/** POST /vote: `paper`, `vote` = 1 or 0. JSON for the page script, a redirect back for plain forms. */
export function voteHandler(deps: WebDeps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    checkCsrf(req);
    if (!req.user) return reply.code(401).send({ error: { code: 'sign_in', message: 'sign in to vote' } });
    const id = formField(req, 'paper') ?? '';
    const paper = await findPaper(deps.store, id);
    const activity = paper && (await paperActivity(deps.store, id));
    if (!paper || activity?.hiddenAt) return reply.code(404).send({ error: { code: 'not_found', message: `no paper ${id.slice(0, 40)}` } });
    const on = formField(req, 'vote') !== '0';
    const state = await castVote(deps, req.user, id, on);
    if (wantsJson(req)) return reply.send({ paper: id, voted: state.voted, upvotes: paper.upvotesBaseline + state.votes });
    return reply.redirect(`${safeNextPath(formField(req, 'back'))}#p-${id}`, 303);
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Stars of the repository the sidebar links (the stored link, else the first one the text names). */
async function linkedRepoStars(deps: WebDeps, paper: PaperState): Promise<number | null> {
  const repo = paperLinksOf(paper).githubRepo;
  const url = repo ? githubRepository(repo) : null;
  return url ? repoStars(deps.store, githubRepoKey(url)) : null;
}
