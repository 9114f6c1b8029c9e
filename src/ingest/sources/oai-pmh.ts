/**
 * OAI-PMH ListRecords harvesting from arXiv, page by page, with a checkpoint that survives crashes.
 *
 * Checkpoint protocol (the value is JSON owned by this module, see OaiCheckpoint):
 * - The harvester yields a page; the consumer stores its records, then asks for the next page.
 *   Only then (after `yield` returns) does the harvester save the page's resumption token, so a
 *   crash or an exception in the consumer never loses a page: the page is fetched again instead
 *   (delivery is at-least-once; the store's upsert makes that harmless).
 * - A harvest started with the same set, metadataPrefix, from and until as a saved, unfinished one
 *   continues at the saved token. If arXiv rejects it (`badResumptionToken`: tokens expire daily),
 *   the harvest restarts from the original `from`.
 * - When the list is complete the checkpoint becomes `{ "nextFrom": "YYYY-MM-DD" }`: the date of the
 *   FIRST page's responseDate (arXiv's advice: `from` = the date of the last server response; taking
 *   the first page's date also re-covers records changed while we were paging). With an `until`,
 *   nextFrom is never later than `until`, so a bounded backfill cannot skip the days after it.
 * - `from` is optional: without one, the harvester reads `nextFrom` from the checkpoint (incremental
 *   harvest). With neither, it harvests everything (arXiv's earliest datestamp is 2005-09-16).
 */
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates.js';
import { InvalidInputError, PaperboyError, UpstreamError } from '../../domain/errors.js';
import type { SourceItem } from '../../domain/paper.js';
import type { ArxivHttpClient } from '../arxiv-http.js';
import { parseOaiResponse, type OaiMetadataPrefix } from './oai-pmh-parse.js';

export { categoryToOaiSet } from './oai-sets.js';
export { parseOaiResponse, type OaiMetadataPrefix, type OaiResponse } from './oai-pmh-parse.js';

export interface OaiPage {
  items: SourceItem[];
  /** The server's responseDate for this page (ISO 8601 UTC). */
  responseDate: string;
  /** Position of this page's first record in the whole list, when the server says. */
  cursor?: number;
  completeListSize?: number;
  /** Ids of deleted records (tombstones) on this page: not records, not rejections. */
  deleted: string[];
}

/** Where the harvester keeps its state between runs (a row in the store, a file in tests). */
export interface OaiCheckpointStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string | null): Promise<void>;
}

export interface HarvestOptions {
  /** e.g. `https://oaipmh.arxiv.org/oai` */
  baseUrl: string;
  /** OAI set spec (`cs:cs:CL`); see categoryToOaiSet. */
  set?: string;
  metadataPrefix?: OaiMetadataPrefix;
  /** YYYY-MM-DD; defaults to the checkpoint's nextFrom. */
  from?: string;
  /** YYYY-MM-DD, inclusive. Leave out for incremental harvests. */
  until?: string;
  checkpoint: OaiCheckpointStore;
  checkpointName: string;
  log?: (line: string) => void;
}

const harvestParams = z.object({
  metadataPrefix: z.enum(['arXivRaw', 'arXiv']),
  set: z.string().nullable(),
  from: z.string().nullable(),
  until: z.string().nullable(),
});
/** The request arguments a token belongs to. */
type HarvestParams = z.infer<typeof harvestParams>;

/**
 * The saved state: a harvest in progress (token, params, startedAt) or a finished one (nextFrom
 * only). Stored as JSON; unknown keys are dropped on reading.
 */
const oaiCheckpoint = z.object({
  /** Token to continue an unfinished list with. */
  token: z.string().optional(),
  params: harvestParams.optional(),
  /** responseDate of the unfinished harvest's first page: becomes nextFrom when it completes. */
  startedAt: z.string().optional(),
  cursor: z.number().optional(),
  completeListSize: z.number().optional(),
  /** `from` for the next incremental harvest; kept while a later harvest is in progress. */
  nextFrom: z.string().optional(),
});
export type OaiCheckpoint = z.infer<typeof oaiCheckpoint>;

/** Reads a checkpoint value; null for none. Throws when it is not ours. */
export function readOaiCheckpoint(value: string | null): OaiCheckpoint | null {
  if (value === null || value === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  const parsed = oaiCheckpoint.safeParse(json);
  // Refuse rather than guess: ignoring it could start a harvest of all of arXiv.
  if (!parsed.success) throw new PaperboyError('invalid_checkpoint', `OAI checkpoint is not a harvest state: ${value.slice(0, 80)}`);
  return parsed.data;
}

/** The `from` an incremental harvest would use with this checkpoint value (null = from the start). */
export function incrementalFrom(value: string | null): string | null {
  return readOaiCheckpoint(value)?.nextFrom ?? null;
}

/** arXiv's noRecordsMatch for a set it does not have: "Set argument doesn't match any sets. The setSpec was 'moo'". */
const UNKNOWN_SET = /doesn't match any sets/i;

/** Restarting more than this often after badResumptionToken means something else is wrong. */
const MAX_RESTARTS = 1;

/**
 * Harvests `ListRecords` page by page. See the module comment for the checkpoint protocol.
 * OAI errors: `noRecordsMatch` ends the harvest with no pages (and records nextFrom);
 * `badResumptionToken` restarts from `from` once; any other code throws UpstreamError.
 */
export async function* harvestOai(client: ArxivHttpClient, opts: HarvestOptions): AsyncGenerator<OaiPage, void, undefined> {
  const log = opts.log ?? (() => {});
  for (const [name, v] of [['from', opts.from], ['until', opts.until]] as const) {
    if (v !== undefined && !isCalendarDate(v)) throw new InvalidInputError(`OAI-PMH ${name} must be YYYY-MM-DD, got "${v}"`);
  }
  const saved = readOaiCheckpoint(await opts.checkpoint.get(opts.checkpointName));
  const params: HarvestParams = {
    metadataPrefix: opts.metadataPrefix ?? 'arXivRaw',
    set: opts.set ?? null,
    from: opts.from ?? saved?.nextFrom ?? null,
    until: opts.until ?? null,
  };
  const save = (state: OaiCheckpoint) => opts.checkpoint.set(opts.checkpointName, JSON.stringify(state));

  let token: string | null = null;
  let startedAt: string | null = null;
  if (saved?.token && saved.params && sameParams(saved.params, params)) {
    token = saved.token;
    startedAt = saved.startedAt ?? null;
    log(`oai: resuming ${opts.checkpointName} at token ${token}`);
  } else if (saved?.token) {
    log(`oai: ${opts.checkpointName} has an unfinished harvest with other arguments; starting over`);
  }

  let restarts = 0;
  let page = 0;
  for (;;) {
    const url = token ? buildUrl(opts.baseUrl, { verb: 'ListRecords', resumptionToken: token }) : buildUrl(opts.baseUrl, { verb: 'ListRecords', ...params });
    const res = await client.get(url);
    const parsed = parseOaiResponse(res.body, page + 1);
    if (!parsed) throw new UpstreamError(`OAI-PMH: HTTP ${res.status}, not an OAI-PMH response from ${url}`, res.status);

    if (parsed.kind === 'error') {
      if (parsed.code === 'badResumptionToken' && token && restarts < MAX_RESTARTS) {
        restarts++;
        // startedAt stays: the earlier date makes the next incremental harvest re-cover more, never less.
        log(`oai: token ${token} rejected (${parsed.message}); restarting from ${params.from ?? 'the beginning'}`);
        token = null;
        continue;
      }
      // arXiv answers a set it does not have with noRecordsMatch too: that is no empty day.
      if (parsed.code === 'noRecordsMatch' && UNKNOWN_SET.test(parsed.message)) {
        throw new UpstreamError(`OAI-PMH: arXiv has no set "${params.set}" (${parsed.message})`, res.status, 'oai_unknown_set');
      }
      if (parsed.code === 'noRecordsMatch') {
        // An empty harvest is a success: nothing changed since `from`.
        startedAt ??= parsed.responseDate;
        await save({ nextFrom: nextFromOf(startedAt, params) });
        log(`oai: no records match (${parsed.message})`);
        return;
      }
      throw new UpstreamError(`OAI-PMH ${parsed.code}: ${parsed.message}`, res.status, `oai_${parsed.code}`);
    }

    page++;
    startedAt ??= parsed.responseDate;
    const { resumption } = parsed;
    const next = resumption?.token ?? null;
    const out: OaiPage = { items: parsed.items, responseDate: parsed.responseDate, deleted: parsed.deleted };
    if (resumption?.cursor !== undefined) out.cursor = resumption.cursor;
    if (resumption?.completeListSize !== undefined) out.completeListSize = resumption.completeListSize;
    log(`oai: page ${page}: ${parsed.items.length} records, ${parsed.deleted.length} deleted${next ? '' : ', list complete'}`);

    yield out;
    // The consumer has stored the page: only now may the checkpoint move past it.
    if (!next) {
      await save({ nextFrom: nextFromOf(startedAt, params) });
      return;
    }
    const state: OaiCheckpoint = { token: next, params, startedAt };
    if (saved?.nextFrom) state.nextFrom = saved.nextFrom;
    if (out.cursor !== undefined) state.cursor = out.cursor;
    if (out.completeListSize !== undefined) state.completeListSize = out.completeListSize;
    await save(state);
    token = next;
  }
}

function sameParams(a: HarvestParams, b: HarvestParams): boolean {
  return a.metadataPrefix === b.metadataPrefix && a.set === b.set && a.from === b.from && a.until === b.until;
}

/** Date part (UTC, OAI's granularity) of the first response, capped at `until`. */
function nextFromOf(responseDate: string, params: HarvestParams): string {
  const day = responseDate.slice(0, 10);
  if (!isCalendarDate(day)) throw new UpstreamError(`OAI-PMH: unreadable responseDate "${responseDate}"`);
  return params.until && params.until < day ? params.until : day;
}

/** Query arguments in OAI order; nulls are left out. Follow-ups carry only verb + resumptionToken. */
function buildUrl(baseUrl: string, args: Record<string, string | null>): string {
  const url = new URL(baseUrl);
  for (const [k, v] of Object.entries(args)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}
