import { arxivLinks } from '../../../domain/arxiv-id.js';
import type { PaperState } from '../../../domain/paper-state.js';
import type { OwnClaim } from '../../../store/author-claims.js';
import type { CommentRow } from '../../../store/comments.js';
import type { PaperCard } from '../../../store/feed.js';
import type { Follow } from '../../../store/follows.js';
import type { Org, OrgMember } from '../../../store/orgs.js';
import { absoluteUrl } from '../../render/absolute-url.js';
import { orgAvatarPath, orgPath } from '../../views/org-badge.js';
import { authorPath } from '../../views/paper-card.js';
import type { ClaimJson, CommentJson, FollowJson, OrgJson, PaperDetailJson, PaperJson } from './schemas.js';

/** Pure functions from store rows to the public JSON shapes of /api/v1 (schemas.ts describes them). */

export function presentPaper(card: PaperCard, baseUrl: string): PaperJson {
  const links = arxivLinks(card.id);
  return {
    id: card.id, version: card.version, title: card.title, authors: card.authors, primary_category: card.primaryCategory, categories: card.categories,
    upvotes: card.upvotes, comments: card.comments, submitted_by: card.submittedBy, feed_date: card.feedDate, published_at: card.submittedAt,
    added_at: card.dailyAt, github_url: card.githubUrl, project_url: card.projectUrl, url: `${baseUrl}/papers/${card.id}`, arxiv_url: links.abs, pdf_url: links.pdf,
    summary: card.summary ?? null, keywords: card.keywords ?? [],
  };
}

/** One paper: its card (counts, submitter, visibility already checked) and its full record. */
export function presentPaperDetail(card: PaperCard, paper: PaperState, baseUrl: string): PaperDetailJson {
  return {
    ...presentPaper(card, baseUrl),
    abstract: paper.abstract, updated_at: paper.updatedAt, announced_on: paper.announcedOn, doi: paper.doi, journal_ref: paper.journalRef,
    report_no: paper.reportNo, msc_class: paper.mscClass, arxiv_submitter: paper.submitter,
    license: paper.license, arxiv_comments: paper.comments, versions: paper.versions.map((v) => ({ version: v.version, submitted_at: v.submittedAt, size: v.size ?? null })),
    bibtex_url: `${baseUrl}/api/v1/papers/${card.id}.bib`,
  };
}

/** A comment; a deleted one loses author and text, a hidden one its text (the moderation log says why). */
export function presentComment(c: CommentRow): CommentJson {
  const state = c.deletedAt ? 'deleted' : c.hiddenAt ? 'hidden' : 'visible';
  return {
    id: c.id, parent_id: c.parentId, author: state === 'deleted' ? null : c.userName, body: state === 'visible' ? c.body : null, state,
    created_at: c.createdAt, edited_at: state === 'visible' ? c.editedAt : null,
  };
}

/** An org with its members by handle and role: never their e-mail addresses or display names. */
export function presentOrg(org: Org, members: readonly OrgMember[], baseUrl: string): OrgJson {
  const avatar = orgAvatarPath(org);
  return {
    id: org.id, slug: org.slug, name: org.name, website: org.website, avatar_url: avatar ? absoluteUrl(baseUrl, avatar) : null, url: absoluteUrl(baseUrl, orgPath(org.slug)),
    members: members.map((m) => ({ handle: m.handle, role: m.role, joined_at: m.joinedAt })),
  };
}

export function presentFollow(f: Follow, baseUrl: string): FollowJson {
  return { kind: f.kind, target: f.target, label: f.label, url: f.path === null ? null : absoluteUrl(baseUrl, f.path), created_at: f.createdAt };
}

export function presentClaim(c: OwnClaim, baseUrl: string): ClaimJson {
  return {
    id: c.id, author: { slug: c.authorSlug, name: c.authorName, url: absoluteUrl(baseUrl, authorPath(c.authorSlug)) }, status: c.status,
    verified_by: c.verifiedBy, reason: c.reason, created_at: c.createdAt, decided_at: c.decidedAt,
  };
}
