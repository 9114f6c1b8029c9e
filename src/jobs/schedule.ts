import type { Config } from '../config.js';
import type { Frequency } from '../domain/digest-rules.js';
import type { ArxivHttpClient } from '../ingest/arxiv-http.js';
import { runArxivIngestion, throwIfSourceFailed } from '../ingest/arxiv-ingest.js';
import { duePeriods, runDigests } from '../mail/digest-job.js';
import type { Mailer } from '../mail/transport.js';
import type { Store } from '../store/database.js';
import type { Fence } from '../store/locks.js';
import type { ScheduledJob } from './scheduler.js';
import { drainSubmissions } from './submissions.js';
import { runThumbnails } from '../thumbnails/thumbnail-job.js';
import { runCodeJob } from '../enrich/code-job.js';
import { githubClient } from '../enrich/github-client.js';
import { chatSummarizer, runSummaries } from '../enrich/summaries/summary-job.js';
import { syncPaperAuthors } from '../authors/author-links-job.js';

/** The digest jobs' names, the runs `paperboy digest status` shows. */
export const DIGEST_JOBS = ['digest-daily', 'digest-weekly'];

export interface JobDeps {
  store: Store;
  config: Config;
  client: ArxivHttpClient;
  mailer: Mailer;
  log: (line: string) => void;
  /** Paper vectors of the running search index (For-you digests); none: categories and trending. */
  vectorOf?: (paperId: string) => Float32Array | null;
}

/**
 * The schedule table: every job `serve` runs, and which of them run once at start. The digest
 * jobs always catch up at start (as of their last scheduled time): composing is idempotent, so
 * a run that did happen is repeated to no effect, and one the server was down for happens now.
 */
export function scheduledJobs(deps: JobDeps): { jobs: ScheduledJob[]; atStart: { name: string; asScheduled: boolean }[] } {
  const { config } = deps;
  const jobs: ScheduledJob[] = [];
  const atStart: { name: string; asScheduled: boolean }[] = [];
  if (config.ingestSchedule) {
    jobs.push({ name: 'arxiv-ingest', cron: config.ingestSchedule, run: (_asOf, fence) => ingestJob(deps, fence) });
    if (config.ingestOnStart) atStart.push({ name: 'arxiv-ingest', asScheduled: false });
  }
  for (const frequency of ['daily', 'weekly'] as const) {
    const cron = config.digestSchedule[frequency];
    if (!cron) continue;
    jobs.push({ name: `digest-${frequency}`, cron, run: (asOf) => digestJob(deps, frequency, asOf) });
    atStart.push({ name: `digest-${frequency}`, asScheduled: true });
  }
  // Every minute: submissions arXiv did not answer within their web request wait; at start too,
  // so a restart does not hold a queued submission back another minute.
  jobs.push({ name: 'submissions', cron: '* * * * *', run: () => submissionsJob(deps), quietWhenIdle: true });
  atStart.push({ name: 'submissions', asScheduled: false });
  // Every minute: first-page thumbnails of the papers an ingestion or a submission brought in (src/thumbnails/).
  if (config.thumbnails.enabled) jobs.push({ name: 'thumbnails', cron: '* * * * *', run: () => thumbnailsJob(deps), quietWhenIdle: true });
  // Every 10 minutes: papers' code repositories and their GitHub stars (src/enrich/); paused while GitHub asks to wait.
  if (config.github.enabled) jobs.push({ name: 'code', cron: '*/10 * * * *', run: () => codeJob(deps), quietWhenIdle: true });
  // Every minute: summaries and keywords of papers that have none for their version (src/enrich/summaries/).
  if (config.summaries.enabled) {
    const chat = chatSummarizer(config.summaries.chat);
    jobs.push({ name: 'summaries', cron: '* * * * *', run: () => summariesJob(deps, chat), quietWhenIdle: true });
  }
  // Every minute: the authors of papers added or changed since (src/authors/); at start too.
  jobs.push({ name: 'authors', cron: '* * * * *', run: () => authorsJob(deps), quietWhenIdle: true });
  atStart.push({ name: 'authors', asScheduled: false });
  return { jobs, atStart };
}

/** Authors of the papers changed since the last run; no line when none changed. */
async function authorsJob({ store }: JobDeps): Promise<string | void> {
  const r = await syncPaperAuthors(store);
  if (r.papers === 0) return;
  return `${r.papers} papers read, ${r.rows} author rows written, ${r.created} authors created`;
}

/** Repository links of changed papers, then the repositories due; no line when nothing happened. */
async function codeJob({ store, config, log }: JobDeps): Promise<string | void> {
  const r = await runCodeJob({ store, client: githubClient(config), enabled: config.github.enabled, log });
  if (r.requests === 0 && r.papersLinked === 0) return;
  return `${r.papersLinked} papers read for links; ${r.fetched} fetched, ${r.notModified} unchanged, ${r.renamed} renamed, ${r.missing} missing, ${r.failed} failed in ${r.requests} requests${r.pausedUntil ? `; paused until ${r.pausedUntil.toISOString()}` : ''}`;
}

/** Summaries of papers without one for their version, then model ones of recent papers; no line when none was due. */
async function summariesJob({ store, config, log }: JobDeps, chat: ReturnType<typeof chatSummarizer>): Promise<string | void> {
  const r = await runSummaries({ store, enabled: true, chat, log }, config.summaries.chat?.perMinute ?? 0);
  if (r.extractive + r.model + r.fellBack === 0) return;
  return `${r.extractive} extractive, ${r.model} by the model, ${r.fellBack} fell back`;
}

/** Queued submissions: fetched from arXiv, credited to their submitters (src/jobs/submissions.ts); no line when none was due. */
async function submissionsJob({ store, client, config, log }: JobDeps): Promise<string | void> {
  const r = await drainSubmissions(store, client, config.arxiv.apiUrl, { log });
  if (r.added + r.exists + r.retried + r.failed === 0) return;
  return `${r.added} added, ${r.exists} already here, ${r.retried} to retry, ${r.failed} failed`;
}

/** Thumbnails of recent papers without one; no line when none was due. */
async function thumbnailsJob({ store, client, config, log }: JobDeps): Promise<string | void> {
  const r = await runThumbnails({ store, client, pdfUrl: config.thumbnails.pdfUrl, enabled: config.thumbnails.enabled, log });
  if (r.tried === 0) return;
  return `${r.ready} ready, ${r.failed} failed`;
}

/** The daily arXiv ingestion (announcement feed, then OAI-PMH from the checkpoints). */
async function ingestJob({ store, client, config, log }: JobDeps, fence: Fence): Promise<string> {
  const r = await runArxivIngestion(store, client, config, { log, fence });
  // A source that failed (the others ran) makes the run a failure in job_runs and the log.
  throwIfSourceFailed(r);
  return `${r.added} added, ${r.updated} updated, ${r.rejected} rejected`;
}

/** A digest run: compose the period due as of `asOf` and any missed since the last one, then send. */
async function digestJob({ store, config, mailer, log, vectorOf }: JobDeps, frequency: Frequency, asOf: Date): Promise<string> {
  const r = await runDigests(store, config, mailer, await duePeriods(store, frequency, asOf), { log, ...(vectorOf ? { vectorOf } : {}) });
  return `${r.periods.map((p) => p.key).join(', ')}: queued ${r.queued}, ${r.sentElsewhere ? 'sent by the run already sending' : `sent ${r.sent}, to retry ${r.retried}, failed ${r.failed}`}`;
}
