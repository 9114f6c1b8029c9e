import { arxivLinks } from '../../../domain/arxiv-id.js';
import type { PaperState } from '../../../domain/paper-state.js';
import type { CommentRow } from '../../../store/comments.js';
import type { PaperCard } from '../../../store/feed.js';
import type { CommentJson, PaperDetailJson, PaperJson } from './schemas.js';

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
