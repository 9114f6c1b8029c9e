import { estimateAnnounceDay } from './announcement-calendar.js';
import { ARXIV_SOURCES, type PaperRecord, type PaperVersion } from './paper.js';

/** What the store knows of one paper: the merge of every record seen for it. */
export interface PaperState {
  id: string;
  version: number | null;
  title: string;
  abstract: string | null;
  authors: string[];
  primaryCategory: string | null;
  categories: string[];
  comments: string | null;
  journalRef: string | null;
  submitter: string | null;
  reportNo: string | null;
  mscClass: string | null;
  doi: string | null;
  license: string | null;
  submittedAt: string | null;
  updatedAt: string | null;
  announcedOn: string | null;
  dailyAt: string | null;
  feedDate: string | null;
  upvotesBaseline: number;
  githubUrl: string | null;
  projectUrl: string | null;
  /** Ascending by version. */
  versions: PaperVersion[];
}

/**
 * Folds a record into what is known of a paper. The rules make re-applying any record a no-op
 * (idempotent imports) and make the outcome independent of arrival order where it can be:
 * - metadata: a newer version replaces it; the same version from arXiv refreshes it (arXiv
 *   corrects metadata without a new version); an older or unversioned record only fills gaps;
 * - the feed day is fixed by the first announcement or daily-feed entry: replacements
 *   update a paper but never move it to a new day;
 * - the imported upvote baseline only grows (an older archive cannot lower it);
 * - versions are the union of all seen.
 */
export function mergePaper(existing: PaperState | undefined, rec: PaperRecord): PaperState {
  const base = existing ?? emptyState(rec.id);
  const recVersion = rec.version ?? rec.versions?.reduce((m, v) => Math.max(m, v.version), 0) ?? null;
  const newer = existing === undefined || (recVersion !== null && recVersion > 0 && (base.version === null || recVersion > base.version));
  const sameFromArxiv = recVersion !== null && recVersion === base.version && ARXIV_SOURCES.has(rec.source);
  const take = newer || sameFromArxiv;
  // take: the record's value wins where it has one; otherwise it only fills gaps.
  const pick = <T>(mine: T | null, theirs: T | null | undefined): T | null => (take ? (theirs ?? mine) : (mine ?? theirs ?? null));
  const pickList = (mine: string[], theirs: string[] | null | undefined): string[] =>
    theirs && theirs.length > 0 && (take || mine.length === 0) ? [...theirs] : mine;

  const versions = mergeVersions(base.versions, rec.versions);
  const maxKnown = Math.max(recVersion ?? 0, base.version ?? 0, versions.at(-1)?.version ?? 0);
  const merged: PaperState = {
    id: base.id,
    version: maxKnown > 0 ? maxKnown : null,
    title: take || base.title === '' ? rec.title || base.title : base.title,
    abstract: pick(base.abstract, rec.abstract),
    authors: pickList(base.authors, rec.authors),
    primaryCategory: pick(base.primaryCategory, rec.primaryCategory ?? rec.categories?.[0]),
    categories: pickList(base.categories, rec.categories),
    comments: pick(base.comments, rec.comments),
    journalRef: pick(base.journalRef, rec.journalRef),
    submitter: pick(base.submitter, rec.submitter),
    reportNo: pick(base.reportNo, rec.reportNo),
    mscClass: pick(base.mscClass, rec.mscClass),
    doi: pick(base.doi, rec.doi),
    license: pick(base.license, rec.license),
    submittedAt: earliest(earliest(base.submittedAt, rec.submittedAt), versions[0]?.submittedAt),
    updatedAt: latest(latest(base.updatedAt, rec.updatedAt), versions.at(-1)?.submittedAt),
    announcedOn: base.announcedOn ?? (rec.announceType === 'replace' || rec.announceType === 'replace-cross' ? null : rec.announcedOn ?? null),
    dailyAt: base.dailyAt ?? rec.dailyAt ?? null,
    feedDate: null,
    upvotesBaseline: Math.max(base.upvotesBaseline, rec.upvotes ?? 0),
    githubUrl: rec.githubUrl ?? base.githubUrl,
    projectUrl: rec.projectUrl ?? base.projectUrl,
    versions,
  };
  merged.feedDate = feedDateOf(merged);
  return merged;
}

/**
 * The day a paper belongs to in the feed: the day it was added to a daily-papers feed (so an
 * imported archive keeps its days), else its arXiv announcement day, else the announcement day
 * the calendar predicts from its first submission (OAI-PMH and the API carry no announce day).
 */
export function feedDateOf(p: Pick<PaperState, 'dailyAt' | 'announcedOn' | 'submittedAt'>): string | null {
  if (p.dailyAt) return p.dailyAt.slice(0, 10);
  if (p.announcedOn) return p.announcedOn;
  return p.submittedAt ? estimateAnnounceDay(p.submittedAt) : null;
}

export function samePaperState(a: PaperState, b: PaperState): boolean {
  return (Object.keys(a) as (keyof PaperState)[]).every((k) => {
    const x = a[k];
    const y = b[k];
    return Array.isArray(x) || Array.isArray(y) ? JSON.stringify(x) === JSON.stringify(y) : x === y;
  });
}

function emptyState(id: string): PaperState {
  return {
    id, version: null, title: '', abstract: null, authors: [], primaryCategory: null, categories: [], comments: null,
    journalRef: null, submitter: null, reportNo: null, mscClass: null, doi: null, license: null, submittedAt: null, updatedAt: null, announcedOn: null, dailyAt: null,
    feedDate: null, upvotesBaseline: 0, githubUrl: null, projectUrl: null, versions: [],
  };
}

function mergeVersions(mine: PaperVersion[], theirs: PaperVersion[] | null | undefined): PaperVersion[] {
  if (!theirs || theirs.length === 0) return mine;
  const byVersion = new Map(mine.map((v) => [v.version, v]));
  for (const v of theirs) {
    const known = byVersion.get(v.version);
    byVersion.set(v.version, { version: v.version, submittedAt: v.submittedAt, size: v.size ?? known?.size ?? null });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

function earliest(a: string | null, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b < a ? b : a;
}

function latest(a: string | null, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b > a ? b : a;
}
