import type { Generated } from 'kysely';

/**
 * Table types. Dates are ISO 8601 text in both dialects (UTC date-times with `Z`, or
 * `YYYY-MM-DD` days), so both sort the same and both return the same strings; lists are JSON text.
 */
export interface Database {
  papers: PapersTable;
  paper_versions: PaperVersionsTable;
  paper_sources: PaperSourcesTable;
  counters: CountersTable;
  ingest_checkpoints: IngestCheckpointsTable;
  ingest_runs: IngestRunsTable;
  users: UsersTable;
  login_tokens: LoginTokensTable;
  sessions: SessionsTable;
  paper_activity: PaperActivityTable;
  votes: VotesTable;
  comments: CommentsTable;
  moderation_log: ModerationLogTable;
  settings: SettingsTable;
  subscribers: SubscribersTable;
  digest_outbox: DigestOutboxTable;
  search_models: SearchModelsTable;
  paper_vectors: PaperVectorsTable;
  api_tokens: ApiTokensTable;
  job_runs: JobRunsTable;
  rate_limits: RateLimitsTable;
  submission_requests: SubmissionRequestsTable;
  paper_similar: PaperSimilarTable;
  page_changes: PageChangesTable;
  paper_thumbnails: PaperThumbnailsTable;
  paper_media: PaperMediaTable;
  paper_repos: PaperReposTable;
  github_repos: GithubReposTable;
  repo_star_history: RepoStarHistoryTable;
  paper_summaries: PaperSummariesTable;
  authors: AuthorsTable;
  paper_authors: PaperAuthorsTable;
  author_claims: AuthorClaimsTable;
  orgs: OrgsTable;
  org_members: OrgMembersTable;
  org_invites: OrgInvitesTable;
  paper_orgs: PaperOrgsTable;
  collections: CollectionsTable;
  collection_papers: CollectionPapersTable;
  follows: FollowsTable;
  recommendation_feedback: RecommendationFeedbackTable;
  paper_author_additions: PaperAuthorAdditionsTable;
}

export interface PapersTable {
  /** arXiv id without version, e.g. `2401.01234` or `hep-th/9901001`. */
  id: string;
  version: number | null;
  title: string;
  abstract: string | null;
  /** JSON array of author names in paper order. */
  authors: string;
  primary_category: string | null;
  /** JSON array of categories, primary first. */
  categories: string;
  comments: string | null;
  journal_ref: string | null;
  /** Who submitted it to arXiv, its report number, its MSC classes (arXivRaw, the snapshot). */
  submitter: string | null;
  report_no: string | null;
  msc_class: string | null;
  doi: string | null;
  license: string | null;
  /** First version's submission. */
  submitted_at: string | null;
  /** Latest known version's submission. */
  updated_at: string | null;
  /** arXiv listing day (America/New_York) from the announcement feed. */
  announced_on: string | null;
  /** When the paper was added to a daily-papers feed (imports, submissions). */
  daily_at: string | null;
  /** The day the paper belongs to in Paperboy's feed (derived; see domain/paper-state.ts). */
  feed_date: string | null;
  /** Upvotes counted elsewhere before import; the site adds its own votes to it. */
  upvotes_baseline: number;
  github_url: string | null;
  project_url: string | null;
  /** Value of the change sequence at this row's last insert or update. */
  change_seq: number;
  created_at: string;
  modified_at: string;
}

export interface PaperVersionsTable {
  paper_id: string;
  version: number;
  submitted_at: string;
  size: string | null;
}

export interface PaperSourcesTable {
  paper_id: string;
  source: string;
  source_ref: string | null;
  first_seen_at: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface IngestCheckpointsTable {
  name: string;
  value: string;
  updated_at: string;
}

export interface IngestRunsTable {
  id: Generated<number>;
  kind: string;
  started_at: string;
  finished_at: string | null;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  /** JSON array of RunSource (see store/ingest-runs.ts); null for single-source runs. */
  sources: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  /** The handle: unique, the /u/ path (domain/user-names.ts). */
  name: string;
  /** Free text shown instead of the handle; null: the handle shows. */
  display_name: string | null;
  /** When the user last chose handle and display name; null: the welcome step is due. */
  named_at: string | null;
  is_admin: number;
  banned_at: string | null;
  created_at: string;
}

export interface LoginTokensTable {
  token_hash: string;
  email: string;
  /** Where to go after signing in (a local path). */
  next_path: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface PaperActivityTable {
  paper_id: string;
  /** Local votes: always the number of `votes` rows of the paper (kept in the same transaction). */
  votes: number;
  /** Visible (not deleted, not hidden) comments. */
  comments: number;
  submitted_by: number | null;
  submitted_at: string | null;
  hidden_at: string | null;
}

export interface VotesTable {
  user_id: number;
  paper_id: string;
  created_at: string;
}

export interface CommentsTable {
  id: Generated<number>;
  paper_id: string;
  user_id: number;
  /** Replies are one level deep: a reply's parent is always a top-level comment. */
  parent_id: number | null;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
}

export interface ModerationLogTable {
  id: Generated<number>;
  moderator_id: number;
  action: string;
  target_kind: string;
  target_id: string;
  reason: string;
  created_at: string;
  /** A hidden comment's text at the time it was hidden (shown to moderators only); null for other actions. */
  hidden_text: string | null;
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface SubscribersTable {
  id: Generated<number>;
  email: string;
  frequency: string;
  /** JSON {"categories": string[], "queries": string[]}. */
  topics: string;
  size: number;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  bounced_at: string | null;
  bounce_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface DigestOutboxTable {
  id: Generated<number>;
  subscriber_id: number;
  /** `daily:2026-11-27` or `weekly:2026-W48`. */
  period: string;
  subject: string;
  /** JSON array of paper ids in digest order. */
  paper_ids: string;
  /** For-you digests: JSON object paper id -> reason (src/recommend/rank.ts Reason); null otherwise. */
  reasons: string | null;
  message_id: string;
  /** pending -> sending (claimed) -> sent | failed. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SearchModelsTable {
  id: string;
  kind: string;
  dims: number;
  trained_docs: number;
  created_at: string;
  data: Uint8Array;
}

export interface PaperVectorsTable {
  model_id: string;
  paper_id: string;
  source_seq: number | string;
  vector: Uint8Array;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  /** The owner's label, e.g. "laptop script". */
  name: string;
  /** SHA-256 of the secret (base64url); the secret itself is shown once and never stored. */
  token_hash: string;
  /** The secret's first characters, shown in the owner's list to tell tokens apart. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  started_at: string;
  finished_at: string;
  /** ran | skipped (another process held the job) | failed */
  outcome: string;
  message: string | null;
}

/** A limited key's current window (src/store/rate-limits.ts). */
export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: string;
}

export interface SubmissionRequestsTable {
  id: Generated<number>;
  user_id: number;
  /** arXiv id without version. */
  paper_id: string;
  kind: 'submit' | 'index';
  state: 'queued' | 'done' | 'failed';
  outcome: 'added' | 'exists' | null;
  attempts: number;
  /** While queued: when the background job may try arXiv next. */
  next_attempt_at: string | null;
  /** The last failure, shown to the user on their profile. */
  error: string | null;
  created_at: string;
  updated_at: string;
  /** The org a submission is made under (migrations/20261208T0900-orgs.ts); null: none. */
  org_id?: number | null;
}

export interface PaperSimilarTable {
  paper_id: string;
  /** The search index's change sequence when the list was computed. */
  index_seq: number | string;
  /** JSON `[[id, score], ...]`, most similar first. */
  similar: string;
}

/** Written by triggers only (migrations/20261205T0900-page-changes.ts); read by src/store/page-changes.ts. */
export interface PageChangesTable {
  /** bigint on PostgreSQL: the driver returns it as a string. */
  seq: Generated<number | string>;
  /** The paper whose pages changed; null: any page may have. */
  paper_id: string | null;
  /** Milliseconds since the epoch, by the database's clock. */
  changed_at: Generated<number | string>;
}

/** First-page thumbnails (migrations/20261206T0900-paper-thumbnails.ts; src/store/thumbnails.ts). */
export interface PaperThumbnailsTable {
  paper_id: string;
  /** ready | failed */
  status: string;
  /** The encoded image (WebP); null when failed. */
  image: Buffer | null;
  content_type: string | null;
  /** Short hash of the image: part of its immutable URL. */
  hash: string | null;
  width: number | null;
  height: number | null;
  bytes: number | null;
  error: string | null;
  attempts: number;
  /** When a failed row is due again (ISO 8601); null: ready, or given up. */
  retry_at: string | null;
  updated_at: string;
}

/** A submitter's image or video for their paper (migrations/20261207T0900-paper-media.ts; src/store/media.ts). */
export interface PaperMediaTable {
  paper_id: string;
  uploaded_by: number;
  /** image | video */
  kind: string;
  content_type: string;
  bytes: Buffer;
  width: number;
  height: number;
  duration_ms: number | null;
  /** Short hash of the bytes: part of the immutable URL. */
  hash: string;
  created_at: string;
}

/** Code repositories a paper names (migrations/20261207T0900-code-repos.ts; src/store/repos.ts). */
export interface PaperReposTable {
  paper_id: string;
  /** `owner/name`, lowercased. */
  repo_key: string;
  /** `https://github.com/Owner/Name` as the paper wrote it. */
  url: string;
  /** abstract | comments | import | submitter */
  source: string;
}

/** What GitHub said of a repository at its last fetch. */
export interface GithubReposTable {
  repo_key: string;
  /** `Owner/Name` as GitHub spells it (the new name after a rename). */
  full_name: string | null;
  stars: number | null;
  forks: number | null;
  /** SPDX id, e.g. `MIT`; null when none or unrecognised (`NOASSERTION`). */
  license: string | null;
  pushed_at: string | null;
  /** 1 when the repository is archived (read-only), else 0. */
  archived: number;
  etag: string | null;
  /** ok | missing | renamed */
  status: string;
  /** The new `owner/name` (lowercased) when GitHub redirected. */
  renamed_to: string | null;
  fetched_at: string;
  next_fetch_at: string;
}

/** A repository's stars, one row per day (UTC). */
export interface RepoStarHistoryTable {
  repo_key: string;
  day: string;
  stars: number;
}

/** One-sentence summaries and keywords (migrations/20261207T0900-paper-summaries.ts; src/store/summaries.ts). */
export interface PaperSummariesTable {
  paper_id: string;
  /** The paper's version it was made for. */
  version: number | null;
  /** Null when the paper has no abstract. */
  summary: string | null;
  /** JSON array of keyphrases. */
  keywords: string;
  /** extractive | model */
  source: string;
  /** The chat model's name when source is 'model'. */
  model: string | null;
  updated_at: string;
}

/** People who wrote papers (migrations/20261208T0900-authors.ts; src/store/authors.ts). */
export interface AuthorsTable {
  id: Generated<number>;
  /** The /authors/ path: ASCII, hyphens, unique. */
  slug: string;
  /** The name pages show (the first way a paper wrote it). */
  name: string;
  /** The folded name (src/domain/author-names.ts); a split-off author's carries `#n`. */
  name_key: string;
  /** Set when a moderator merged this author into another: its page redirects there. */
  merged_into: number | null;
  created_at: string;
}

/** Who wrote each paper, in paper order (0-based positions of `papers.authors`). */
export interface PaperAuthorsTable {
  paper_id: string;
  position: number;
  author_id: number;
  /** The name as this paper writes it. */
  name: string;
}

/** "This author is me" (src/store/author-claims.ts). */
export interface AuthorClaimsTable {
  id: Generated<number>;
  author_id: number;
  user_id: number;
  /** pending | verified | rejected */
  status: string;
  /** 'e-mail domain' | 'moderator'; null while pending. */
  verified_by: string | null;
  /** A moderator's reason (approve or reject). */
  reason: string | null;
  created_at: string;
  decided_at: string | null;
}

/** Organizations (migrations/20261208T0900-orgs.ts; src/store/orgs.ts). */
export interface OrgsTable {
  id: Generated<number>;
  /** The /orgs/ path (src/domain/org-names.ts). */
  slug: string;
  name: string;
  /** An http(s) URL, or null. */
  website: string | null;
  /** The avatar as served: a square WebP; null until one is uploaded. */
  avatar: Buffer | null;
  avatar_type: string | null;
  /** Short hash of the avatar: part of its immutable URL. */
  avatar_hash: string | null;
  created_by: number | null;
  created_at: string;
  hidden_at: string | null;
}

export interface OrgMembersTable {
  org_id: number;
  user_id: number;
  role: 'admin' | 'member';
  joined_at: string;
}

export interface OrgInvitesTable {
  token_hash: string;
  org_id: number;
  email: string;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The org a paper was submitted under. */
export interface PaperOrgsTable {
  paper_id: string;
  org_id: number;
  submitted_by: number | null;
  created_at: string;
}

/** A user's named list of papers (migrations/20261208T0900-collections.ts; src/store/collections.ts). */
export interface CollectionsTable {
  id: Generated<number>;
  owner_user_id: number;
  title: string;
  /** The title as an address part (`/c/{id}-{slug}`); a wrong one redirects. */
  slug: string;
  /** Plain text; its web addresses are linked when shown. */
  description: string;
  /** public | private */
  visibility: string;
  created_at: string;
  updated_at: string;
}

/** A paper in a collection: its place (1..n, dense) and the owner's note on it. */
export interface CollectionPapersTable {
  collection_id: number;
  paper_id: string;
  position: number;
  note: string;
  added_at: string;
}

/** What a user follows (migrations/20261209T0900-follows.ts; src/store/follows.ts). */
export interface FollowsTable {
  user_id: number;
  /** author | org | category | collection */
  kind: string;
  /** The author's, org's or collection's id as text, or the category's name. */
  target: string;
  created_at: string;
}

/** A user's explicit feedback on a recommended paper (migrations/20261210T0900-recommendation-feedback.ts). */
export interface RecommendationFeedbackTable {
  user_id: number;
  paper_id: string;
  /** not_interested | more_like_this */
  kind: string;
  created_at: string;
}

/** A paper's verified authors' code link, project page and note (migrations/20261210T0900-author-additions.ts). */
export interface PaperAuthorAdditionsTable {
  paper_id: string;
  code_url: string | null;
  project_url: string | null;
  note: string | null;
  updated_by: number;
  updated_at: string;
}
