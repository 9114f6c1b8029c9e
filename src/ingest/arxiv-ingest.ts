import type { Config } from '../config.js';
import { addDays } from '../domain/dates.js';
import { latestAnnounceDay } from '../domain/announcement-calendar.js';
import type { Rejection } from '../domain/paper.js';
import type { Store } from '../store/database.js';
import { checkpointStore } from '../store/checkpoints.js';
import { finishRun, startRun } from '../store/ingest-runs.js';
import type { ArxivHttpClient } from './arxiv-http.js';
import { emptySummary, type IngestSummary, ingestItems } from './pipeline.js';
import { fetchByIds } from './sources/arxiv-api.js';
import { fetchAnnouncements } from './sources/arxiv-rss.js';
import { categoryToOaiSet, harvestOai, readOaiCheckpoint } from './sources/oai-pmh.js';

export interface ArxivIngestOptions {
  /** Defaults to the configured categories. */
  categories?: string[];
  /** Backfill range (YYYY-MM-DD, OAI-PMH datestamps): harvests only that range, no announcement feed. */
  from?: string;
  until?: string;
  /** Read the announcement feed too (default: only without from/until), so today's papers get their exact day in a backfill. */
  announcements?: boolean;
  /** Fetch these papers (canonical ids, see parseArxivId) through the arXiv API instead. */
  ids?: string[];
  log?: (line: string) => void;
  onRejected?: (rejection: Rejection) => void;
  now?: Date;
}

export interface ArxivIngestResult extends IngestSummary {
  /** The announcement day the RSS feed described, when it was read. */
  announcedOn: string | null;
  /** Ids asked for with `ids` that arXiv does not know. */
  notFound: string[];
  deleted: number;
}

/**
 * One arXiv ingestion run, as the scheduler and `paperboy ingest arxiv` call it.
 *
 * Daily mode (no range, no ids): first the announcement feed of the followed categories, which
 * fixes the exact day of every new paper; then an incremental OAI-PMH harvest per category from
 * the last checkpoint, which brings version history, DOIs, journal refs and anything the feed
 * missed (days the server was down). Backfill mode harvests the given range only. Every page is
 * stored before the harvest moves on, so an interrupted run resumes where it stopped.
 */
export async function runArxivIngestion(store: Store, client: ArxivHttpClient, config: Config, options: ArxivIngestOptions = {}): Promise<ArxivIngestResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const categories = options.categories ?? config.arxiv.categories;
  const summary = emptySummary();
  const result: ArxivIngestResult = { ...summary, announcedOn: null, notFound: [], deleted: 0 };
  const pipe = { now, ...(options.onRejected ? { onRejected: options.onRejected } : {}) };
  const runId = await startRun(store, options.ids ? 'arxiv-api' : 'arxiv');
  try {
    if (options.ids) {
      const items = await fetchByIds(client, config.arxiv.apiUrl, options.ids);
      const found = new Set(items.flatMap((i) => ('record' in i ? [i.record.id] : [])));
      result.notFound = options.ids.filter((id) => !found.has(id));
      await ingestItems(store, items, pipe, summary);
    } else {
      if (options.announcements ?? (!options.from && !options.until)) {
        const feed = await fetchAnnouncements(client, config.arxiv.rssUrl, categories);
        result.announcedOn = feed.announcedOn;
        await ingestItems(store, feed.items, pipe, summary);
        log(`arxiv rss: ${feed.items.length} announcements for ${feed.announcedOn ?? 'no day (weekend or holiday)'}`);
      }
      const checkpoints = checkpointStore(store);
      for (const category of categories) {
        const set = categoryToOaiSet(category);
        const range = options.from || options.until ? `:${options.from ?? ''}..${options.until ?? ''}` : '';
        const checkpointName = `oai:arXivRaw:${set}${range}`;
        const from = options.from ?? (range === '' ? await incrementalStart(checkpoints, checkpointName, now, config.arxiv.backfillDays) : undefined);
        for await (const page of harvestOai(client, {
          baseUrl: config.arxiv.oaiUrl, set, checkpoint: checkpoints, checkpointName, log,
          ...(from ? { from } : {}), ...(options.until ? { until: options.until } : {}),
        })) {
          await ingestItems(store, page.items, pipe, summary);
          result.deleted += page.deleted.length;
          const of = page.completeListSize ? ` of ${page.completeListSize}` : '';
          log(`arxiv oai ${set}: ${(page.cursor ?? 0) + page.items.length}${of} records; ${summary.added} added, ${summary.updated} updated so far`);
        }
      }
    }
  } catch (err) {
    await finishRun(store, runId, summary, err instanceof Error ? err.message : String(err));
    throw err;
  }
  await finishRun(store, runId, summary);
  return Object.assign(result, summary);
}

/**
 * The `from` of a daily harvest: none when the checkpoint knows where the last one ended (the
 * harvester reads it); the unfinished first harvest's own `from`, so it resumes at its token;
 * otherwise a few days back, so a new install does not harvest all of arXiv since 2005.
 */
async function incrementalStart(checkpoints: ReturnType<typeof checkpointStore>, name: string, now: Date, backfillDays: number): Promise<string | undefined> {
  const saved = readOaiCheckpoint(await checkpoints.get(name));
  if (saved?.nextFrom) return undefined;
  return saved?.params?.from ?? addDays(latestAnnounceDay(now), -backfillDays);
}
