import type { PaperLinks } from '../../../domain/paper-links.js';
import { enteredFeedAt } from '../../../domain/ranking.js';
import { foldWhitespace } from '../../../domain/text.js';
import type { PaperCard } from '../../../store/feed.js';

/**
 * The public daily-papers JSON shapes, one pure presenter per shape. Field names and types
 * follow the public API exactly; what Paperboy cannot know is present with an empty value
 * ("", [], 0, false) when the shape requires it and left out when it is optional.
 */

/** What every presenter starts from: a feed card, its abstract and its submitter's id. */
export interface CompatPaperSource {
  card: PaperCard;
  abstract: string;
  /** Code repository and project page: stored on the paper, else found in its abstract or comments field. */
  links: PaperLinks;
  /** The local user who submitted the paper (null for papers that came from arXiv or an import). */
  submitter: UserRef | null;
  /** The absolute URL of the image or video its submitter attached, if any. */
  mediaUrl?: string | null;
  /** Users verified as the paper's authors, by position in its author list (src/store/author-claims.ts). */
  authorUsers?: ReadonlyMap<number, UserRef & { since: string }>;
  /** A verified author commented on the paper. */
  authorParticipating?: boolean;
  /** The org it was submitted under, as the public shape names one. */
  organization?: Organization | null;
}

/** An org as the public API names one: id, slug (`name`), display name (`fullname`) and the avatar's absolute URL ("" when none). */
export interface Organization {
  _id: string;
  name: string;
  fullname: string;
  avatar: string;
}

/** A local user as the shapes name one: id, handle (`name`) and the name pages show (`fullname`). */
export interface UserRef {
  id: number;
  name: string;
  displayName: string;
}

export interface UserOverview {
  _id: string;
  avatarUrl: string;
  fullname: string;
  name: string;
  type: 'user';
  isPro: boolean;
}

export interface Author {
  _id: string;
  name: string;
  hidden: boolean;
  user?: UserOverview;
  /** 'claimed_verified' for an author a user claimed and got verified (by e-mail domain or a moderator). */
  status?: string;
  statusLastChangedAt?: string;
}

export interface Paper {
  id: string;
  authors: Author[];
  publishedAt: string;
  title: string;
  summary: string;
  upvotes: number;
  discussionId: string;
  submittedOnDailyAt?: string;
  submittedOnDailyBy?: UserOverview;
  projectPage?: string;
  githubRepo?: string;
  mediaUrls?: string[];
  /** Stars of the paper's best repository, once GitHub was asked (src/enrich/). */
  githubStars?: number;
  /** The one-sentence summary and keywords, when made (src/enrich/summaries/). */
  ai_summary?: string;
  ai_keywords?: string[];
  organization?: Organization;
}

export interface Item {
  paper: Paper;
  publishedAt: string;
  title: string;
  summary: string;
  thumbnail: string;
  numComments: number;
  submittedBy: UserOverview;
  isAuthorParticipating: boolean;
  mediaUrls?: string[];
  organization?: Organization;
}

export interface PaperDetail extends Paper {
  numComments: number;
  projectPage: string;
  githubRepo: string;
  githubStars: number;
  ai_summary: string;
  ai_keywords: string[];
  linkedModels: never[];
  numTotalModels: number;
  linkedDatasets: never[];
  numTotalDatasets: number;
  linkedSpaces: never[];
  numTotalSpaces: number;
}

export interface PaperListItem {
  id: string;
  title: string;
  thumbnailUrl: string;
  upvotes: number;
  publishedAt: string;
  authors: Author[];
  summary: string;
  projectPage?: string;
}

/** Paperboy has no avatars or plans: a user is its id, its handle (`name`) and its display name (`fullname`, the handle when none). */
export function presentUserOverview(user: UserRef | null): UserOverview {
  return { _id: user ? String(user.id) : '', avatarUrl: '', fullname: user?.displayName ?? '', name: user?.name ?? '', type: 'user', isPro: false };
}

/** An author as the paper names it; with the user verified as them, `user` and `status` too. */
export function presentAuthor(name: string, user?: UserRef & { since: string }): Author {
  if (!user) return { _id: '', name, hidden: false };
  return { _id: '', name, hidden: false, user: presentUserOverview(user), status: 'claimed_verified', ...(user.since ? { statusLastChangedAt: isoDateTime(user.since) } : {}) };
}

function presentAuthors(src: CompatPaperSource): Author[] {
  return src.card.authors.map((name, i) => presentAuthor(name, src.authorUsers?.get(i)));
}

/** Datetimes as the public API writes them: ISO 8601 with milliseconds and `Z`. */
export function isoDateTime(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

/** The arXiv publication date (first version); a paper without one gets its announcement day. */
function arxivPublishedAt(card: PaperCard): string {
  if (card.submittedAt) return isoDateTime(card.submittedAt);
  return isoDateTime(enteredFeedAt({ dailyAt: null, feedDate: card.feedDate, submittedAt: null }));
}

/** When the paper joined Paperboy's daily feed: its daily-feed time, else its announcement day. */
function feedPublishedAt(card: PaperCard): string {
  return isoDateTime(enteredFeedAt(card));
}

export function presentPaper(src: CompatPaperSource): Paper {
  const { card } = src;
  const paper: Paper = {
    id: card.id,
    authors: presentAuthors(src),
    publishedAt: arxivPublishedAt(card),
    title: card.title,
    summary: src.abstract,
    upvotes: card.upvotes,
    // Paperboy's discussion of a paper is the paper's own page: its id is the paper id.
    discussionId: card.id,
  };
  if (card.feedDate || card.dailyAt) paper.submittedOnDailyAt = feedPublishedAt(card);
  if (src.submitter) paper.submittedOnDailyBy = presentUserOverview(src.submitter);
  if (src.links.projectPage) paper.projectPage = src.links.projectPage;
  if (src.links.githubRepo) paper.githubRepo = src.links.githubRepo;
  if (src.mediaUrl) paper.mediaUrls = [src.mediaUrl];
  if (src.links.githubRepo && card.githubStars != null) paper.githubStars = card.githubStars;
  if (card.summary) paper.ai_summary = card.summary;
  if (card.keywords?.length) paper.ai_keywords = card.keywords;
  if (src.organization) paper.organization = src.organization;
  return paper;
}

export function presentItem(src: CompatPaperSource): Item {
  const item: Item = {
    paper: presentPaper(src),
    publishedAt: feedPublishedAt(src.card),
    title: foldWhitespace(src.card.title),
    summary: src.abstract,
    thumbnail: '',
    numComments: src.card.comments,
    submittedBy: presentUserOverview(src.submitter),
    isAuthorParticipating: src.authorParticipating === true,
  };
  if (src.mediaUrl) item.mediaUrls = [src.mediaUrl];
  if (src.organization) item.organization = src.organization;
  return item;
}

/** `/api/papers/{id}`: the Paper fields flat, plus what the paper page links to (nothing, here). */
export function presentPaperDetail(src: CompatPaperSource): PaperDetail {
  return {
    ...presentPaper(src),
    numComments: src.card.comments,
    projectPage: src.links.projectPage ?? '',
    githubRepo: src.links.githubRepo ?? '',
    githubStars: src.card.githubStars ?? 0,
    ai_summary: src.card.summary ?? '',
    ai_keywords: src.card.keywords ?? [],
    linkedModels: [],
    numTotalModels: 0,
    linkedDatasets: [],
    numTotalDatasets: 0,
    linkedSpaces: [],
    numTotalSpaces: 0,
  };
}

export function presentPaperListItem(src: CompatPaperSource): PaperListItem {
  const item: PaperListItem = {
    id: src.card.id,
    title: foldWhitespace(src.card.title),
    thumbnailUrl: '',
    upvotes: src.card.upvotes,
    publishedAt: arxivPublishedAt(src.card),
    authors: presentAuthors(src),
    summary: src.abstract,
  };
  if (src.links.projectPage) item.projectPage = src.links.projectPage;
  return item;
}

/**
 * A comment the write endpoints created. The public API documents no response for them, so this
 * shape is Paperboy's own, in the same style: string ids, the author as a UserOverview.
 */
export interface CreatedComment {
  id: string;
  paperId: string;
  parentId: string | null;
  comment: string;
  createdAt: string;
  author: UserOverview;
}

export function presentComment(c: { id: number; paperId: string; parentId: number | null; body: string; createdAt: string; user: UserRef }): CreatedComment {
  return { id: String(c.id), paperId: c.paperId, parentId: c.parentId === null ? null : String(c.parentId), comment: c.body, createdAt: isoDateTime(c.createdAt), author: presentUserOverview(c.user) };
}
