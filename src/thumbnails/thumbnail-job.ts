import type { ArxivHttpClient } from '../ingest/arxiv-http.js';
import type { Store } from '../store/database.js';
import { markThumbnailFailed, papersNeedingThumbnails, saveThumbnail, type ThumbnailCandidate } from '../store/thumbnails.js';
import { encodeWebp, THUMBNAIL_WIDTH } from './encode.js';
import { fetchPdf, type PdfFetchOptions } from './pdf-fetch.js';
import { renderFirstPage } from './render-first-page.js';

/**
 * The background thumbnail worker: takes the papers that need a thumbnail, fetches each PDF
 * through the polite arXiv client, draws page 1 and stores it as WebP. A failure is stored
 * with its error and tried again later (1 h, 6 h, 24 h), then given up on; a file refused as
 * too large is given up on at once. `serve` runs it every minute (src/jobs/schedule.ts), so
 * papers an ingestion or a submission brought in get theirs within minutes, never inside a
 * page request; `paperboy thumbnails` backfills.
 */
export interface ThumbnailJobDeps {
  store: Store;
  client: ArxivHttpClient;
  /** ARXIV_PDF_URL */
  pdfUrl: string;
  /** THUMBNAILS: false fetches nothing. */
  enabled: boolean;
  log?: (line: string) => void;
  now?: () => Date;
  fetch?: PdfFetchOptions;
  /** Rendering's own time limit per paper. */
  renderTimeoutMs?: number;
}

export interface ThumbnailRun {
  /** Only papers of this feed day or later; the scheduled run looks back RECENT_DAYS. */
  since?: string;
  ids?: readonly string[];
  /** Most papers tried in this run. */
  limit?: number;
}

export interface ThumbnailRunResult {
  tried: number;
  ready: number;
  failed: number;
  /** THUMBNAILS=off: nothing was looked at. */
  disabled: boolean;
}

/** Retry delays after the 1st, 2nd, 3rd failure; after the 4th, the job gives up. */
const RETRY_DELAYS_MS = [3_600_000, 6 * 3_600_000, 24 * 3_600_000];
/** The scheduled run's window: older papers get theirs from `paperboy thumbnails --since`. */
export const RECENT_DAYS = 7;
/** Papers a scheduled run tries (at arXiv's 3 s spacing, ~2 minutes). */
export const RUN_LIMIT = 40;

export function retryDelayMs(attempts: number): number | null {
  return RETRY_DELAYS_MS[attempts - 1] ?? null;
}

export async function runThumbnails(deps: ThumbnailJobDeps, run: ThumbnailRun = {}): Promise<ThumbnailRunResult> {
  const result: ThumbnailRunResult = { tried: 0, ready: 0, failed: 0, disabled: !deps.enabled };
  if (!deps.enabled) return result;
  const now = deps.now ?? (() => new Date());
  const since = run.ids ? run.since : (run.since ?? daysBefore(now(), RECENT_DAYS));
  const candidates = await papersNeedingThumbnails(deps.store, { now: now(), limit: run.limit ?? RUN_LIMIT, ...(since ? { since } : {}), ...(run.ids ? { ids: run.ids } : {}) });
  for (const paper of candidates) {
    result.tried++;
    if (await makeThumbnail(deps, paper)) result.ready++;
    else result.failed++;
  }
  return result;
}

/** One paper: fetched, drawn, encoded, stored; or its failure recorded. True when it is ready. */
export async function makeThumbnail(deps: ThumbnailJobDeps, paper: Pick<ThumbnailCandidate, 'id'>): Promise<boolean> {
  const now = deps.now ?? (() => new Date());
  try {
    const pdf = await fetchPdf(deps.client, deps.pdfUrl, paper.id, deps.fetch);
    // Drawn at twice the thumbnail's width, then scaled down: sharper text than drawing small.
    const page = await renderFirstPage(pdf, { width: THUMBNAIL_WIDTH * 2, ...(deps.renderTimeoutMs ? { timeoutMs: deps.renderTimeoutMs } : {}) });
    const encoded = await encodeWebp(page.png);
    await saveThumbnail(deps.store, { paperId: paper.id, ...encoded }, now());
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const final = (err as { code?: string }).code === 'upstream_refused';
    const attempts = await markThumbnailFailed(deps.store, paper.id, message, now(), (n) => (final ? null : retryDelayMs(n)));
    deps.log?.(`thumbnail ${paper.id}: failed (attempt ${attempts}): ${message}`);
    return false;
  }
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}
