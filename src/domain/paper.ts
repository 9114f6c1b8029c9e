/**
 * The normalized paper record every source produces and the pipeline stores.
 * Sources fill what they know; `undefined`/null means "this source does not say".
 */

/** Where a record came from; also the `source` of a paper's source rows. */
export type SourceName = 'arxiv-oai' | 'arxiv-api' | 'arxiv-rss' | 'arxiv-snapshot' | 'hf-daily' | 'jsonl';

/** arXiv sources are authoritative for metadata of the version they carry. */
export const ARXIV_SOURCES: ReadonlySet<SourceName> = new Set(['arxiv-oai', 'arxiv-api', 'arxiv-rss', 'arxiv-snapshot']);

export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

export interface PaperVersion {
  version: number;
  /** ISO 8601 UTC date-time the version was submitted. */
  submittedAt: string;
  /** Size as arXiv reports it, e.g. `"1234kb"`. */
  size?: string | null;
}

export interface PaperRecord {
  source: SourceName;
  /** Free-form provenance: a file path, a feed URL, an OAI datestamp. */
  sourceRef?: string | null;
  /** Canonical arXiv id without version (see parseArxivId). */
  id: string;
  /** Version this record describes, null when the source does not say. */
  version?: number | null;
  title: string;
  abstract?: string | null;
  /** Author names in paper order, as displayed ("Jane Q. Doe"). */
  authors?: string[] | null;
  primaryCategory?: string | null;
  /** All categories, primary first. */
  categories?: string[] | null;
  comments?: string | null;
  journalRef?: string | null;
  /** Who submitted the paper to arXiv (a name, as arXiv shows it). */
  submitter?: string | null;
  /** Institutional report number(s), e.g. `CERN-TH-2024-001`. */
  reportNo?: string | null;
  /** Mathematics Subject Classification, e.g. `05A15, 05A16`. */
  mscClass?: string | null;
  /** One or more DOIs separated by spaces, as arXiv gives them. */
  doi?: string | null;
  /** License URL. */
  license?: string | null;
  /** ISO date-time of the first version. */
  submittedAt?: string | null;
  /** ISO date-time of the latest version this record knows. */
  updatedAt?: string | null;
  versions?: PaperVersion[] | null;
  /** Announcement (listing) day on arXiv, YYYY-MM-DD in America/New_York. */
  announcedOn?: string | null;
  announceType?: AnnounceType | null;
  /** ISO date-time the paper was added to a daily-papers feed (imported archives, submissions). */
  dailyAt?: string | null;
  /** Upvotes counted elsewhere (imported baseline). */
  upvotes?: number | null;
  githubUrl?: string | null;
  projectUrl?: string | null;
}

/** A rejected input record: where it was and why. */
export interface Rejection {
  /** 1-based line or record number in the input, or a locator such as an OAI identifier. */
  at: string;
  reason: string;
}

/**
 * A source yields records and rejections, in input order. `at` locates a record in its input
 * (`line 17`), so the pipeline's validation can say where a bad record was.
 */
export type SourceItem = { record: PaperRecord; at?: string } | { rejected: Rejection };
