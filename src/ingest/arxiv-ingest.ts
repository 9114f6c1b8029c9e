import type { Config } from '../config.js';
import { addDays } from '../domain/dates.js';
import { latestAnnounceDay } from '../domain/announcement-calendar.js';
import { InvalidInputError, PaperboyError, UpstreamError } from '../domain/errors.js';
import type { Rejection, SourceItem } from '../domain/paper.js';
import type { Store } from '../store/database.js';
import { checkpointStore } from '../store/checkpoints.js';
import { finishRun, type RunSource, saveRunSources, startRun } from '../store/ingest-runs.js';
import type { Fence } from '../store/locks.js';
import { papersWithoutDay } from '../store/papers.js';
import type { ArxivHttpClient } from './arxiv-http.js';
import { emptySummary, type IngestSummary, ingestItems } from './pipeline.js';
import { fetchByIds } from './sources/arxiv-api.js';
import { fetchAnnouncements } from './sources/arxiv-rss.js';
import { oaiSetChecker } from './sources/oai-list-sets.js';
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
  /** The job lock's fence (src/store/locks.ts): a run that lost its lock stops at its next batch. */
  fence?: Fence;
}

export interface ArxivIngestResult extends IngestSummary {
  /** The announcement day the RSS feed described, when it was read. */
  announcedOn: string | null;
  /** Ids asked for with `ids` that arXiv does not know. */
  notFound: string[];
  deleted: number;
  /** Each source's outcome (`rss`, `oai:CATEGORY`, `api`); the totals above add them up. */
  sources: RunSource[];
}

/**
 * One arXiv ingestion run, as the scheduler and `paperboy ingest arxiv` call it.
 *
 * Daily mode (no range, no ids): first the announcement feed of the followed categories, which
 * fixes the exact day of every new paper; then an incremental OAI-PMH harvest per category from
 * the last checkpoint, which brings version history, DOIs, journal refs and anything the feed
 * missed (days the server was down). Backfill mode harvests the given range only. Every page is
 * stored before the harvest moves on, so an interrupted run resumes where it stopped.
 *
 * Each source (the feed, each category's harvest, the API for replaced papers still without a day) runs on its own: one failing (arXiv
 * down, an unknown category) does not stop the others. The run resolves with every source's
 * outcome, also kept on the run's record; see failedSources(). Only errors that are not about a
 * source (the store failing, a bug) reject.
 */
export async function runArxivIngestion(store: Store, client: ArxivHttpClient, config: Config, options: ArxivIngestOptions = {}): Promise<ArxivIngestResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const categories = options.categories ?? config.arxiv.categories;
  const summary = emptySummary();
  const result: ArxivIngestResult = { ...summary, announcedOn: null, notFound: [], deleted: 0, sources: [] };
  const pipe = { now, ...(options.onRejected ? { onRejected: options.onRejected } : {}), ...(options.fence ? { fence: options.fence } : {}) };
  const runId = await startRun(store, options.ids ? 'arxiv-api' : 'arxiv');
  /** Runs one source into its own counts; a PaperboyError (arXiv's answer, a bad category) is its outcome, not the run's end. */
  const source = async (name: string, body: (counts: IngestSummary) => Promise<void>) => {
    const counts = emptySummary();
    let error: string | null = null;
    try {
      await body(counts);
    } catch (err) {
      if (!(err instanceof PaperboyError)) throw err;
      // Said once, by the caller: the CLI's summary line, the scheduler's error line (failedSources).
      error = err.message;
    }
    result.sources.push({ source: name, ...counts, error });
    for (const k of ['added', 'updated', 'unchanged', 'rejected'] as const) summary[k] += counts[k];
  };
  try {
    if (options.ids) {
      const ids = options.ids;
      await source('api', async (counts) => {
        const items = await fetchByIds(client, config.arxiv.apiUrl, ids);
        const found = new Set(items.flatMap((i) => ('record' in i ? [i.record.id] : [])));
        result.notFound = ids.filter((id) => !found.has(id));
        await ingestItems(store, items, pipe, counts);
      });
    } else {
      let replaced: string[] = [];
      if (options.announcements ?? (!options.from && !options.until)) {
        await source('rss', async (counts) => {
          const feed = await fetchAnnouncements(client, config.arxiv.rssUrl, categories);
          result.announcedOn = feed.announcedOn;
          await ingestItems(store, feed.items, pipe, counts);
          log(`arxiv rss: ${feed.items.length} announcements for ${feed.announcedOn ?? 'no day (weekend or holiday)'}`);
          replaced = replacedIds(feed.items);
        });
      }
      const checkpoints = checkpointStore(store);
      const setExists = oaiSetChecker(store, client, config.arxiv.oaiUrl, now);
      for (const category of categories) {
        await source(`oai:${category}`, async (counts) => {
          const set = categoryToOaiSet(category);
          if (!(await knownSet(setExists, set, log))) {
            throw new InvalidInputError(`unknown arXiv category "${category}": arXiv has no OAI-PMH set "${set}" (see ARXIV_CATEGORIES)`, 'unknown_category');
          }
          const range = options.from || options.until ? `:${options.from ?? ''}..${options.until ?? ''}` : '';
          const checkpointName = `oai:arXivRaw:${set}${range}`;
          const from = options.from ?? (range === '' ? await incrementalStart(checkpoints, checkpointName, now, config.arxiv.backfillDays) : undefined);
          for await (const page of harvestOai(client, {
            baseUrl: config.arxiv.oaiUrl, set, checkpoint: checkpoints, checkpointName, log,
            ...(from ? { from } : {}), ...(options.until ? { until: options.until } : {}),
          })) {
            await ingestItems(store, page.items, pipe, counts);
            result.deleted += page.deleted.length;
            const of = page.completeListSize ? ` of ${page.completeListSize}` : '';
            log(`arxiv oai ${set}: ${(page.cursor ?? 0) + page.items.length}${of} records; ${counts.added} added, ${counts.updated} updated so far`);
          }
        });
      }
      // A replacement of a paper we never saw carries no date of its own (its day is its first
      // announcement, long before today's). The harvests above bring most of them; for the rest
      // (cross-lists from categories not followed) the API's record gives the first submission,
      // so they land on a day in this run.
      const dayless = await papersWithoutDay(store, replaced);
      if (dayless.length > 0) {
        await source('api', async (counts) => {
          log(`arxiv api: ${dayless.length} replaced papers not seen before: fetching their dates`);
          await ingestItems(store, await fetchByIds(client, config.arxiv.apiUrl, dayless), pipe, counts);
        });
      }
    }
  } catch (err) {
    await finishRun(store, runId, summary, err instanceof Error ? err.message : String(err));
    throw err;
  }
  await saveRunSources(store, runId, result.sources);
  await finishRun(store, runId, summary, failedSources(result));
  return Object.assign(result, summary);
}

/** One line naming each failed source and why (`rss: ...; oai:cs.XX: ...`), or null when all succeeded. */
export function failedSources(result: Pick<ArxivIngestResult, 'sources'>): string | null {
  const failed = result.sources.filter((s) => s.error !== null);
  return failed.length ? failed.map((s) => `${s.source}: ${s.error}`).join('; ') : null;
}

/** Ids of the feed's replacements (`replace`, `replace-cross`). */
function replacedIds(items: readonly SourceItem[]): string[] {
  return items.flatMap((i) => ('record' in i && (i.record.announceType === 'replace' || i.record.announceType === 'replace-cross') ? [i.record.id] : []));
}

/** For jobs: a run with a failed source fails (the scheduler logs this one line), after every source ran. */
export function throwIfSourceFailed(result: ArxivIngestResult): void {
  const failed = failedSources(result);
  if (failed) throw new UpstreamError(failed);
}

/** Whether arXiv lists the set; true (harvest and see) when ListSets itself cannot be read. */
async function knownSet(setExists: (set: string) => Promise<boolean>, set: string, log: (line: string) => void): Promise<boolean> {
  try {
    return await setExists(set);
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    log(`arxiv oai: cannot check the category against ListSets (${err.message}); harvesting ${set} anyway`);
    return true;
  }
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
