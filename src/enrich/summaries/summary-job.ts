import type { SummaryChatConfig } from '../../config.js';
import type { Store } from '../../store/database.js';
import { papersNeedingSummaries, saveSummary, type SummaryCandidate } from '../../store/summaries.js';
import { ChatSummarizer } from './chat-summarizer.js';
import { extractiveSummary } from './extractive-summary.js';
import { extractKeywords } from './keywords.js';

/**
 * The background summary worker. Every run: papers with no summary for their current version
 * get the extractive one and keywords (EXTRACTIVE_BATCH at a time, milliseconds each); then,
 * with a chat server configured, recent papers the model has not been asked about get a model
 * summary (at most its per-minute cap a run). A model failure keeps the extractive summary and
 * records the model as asked, so it is not asked again until the paper's next version.
 */
export interface SummaryJobDeps {
  store: Store;
  /** SUMMARIES: false makes nothing. */
  enabled: boolean;
  /** The chat model, when SUMMARY_URL is set. */
  chat: ChatSummarizer | null;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface SummaryRun {
  since?: string;
  ids?: readonly string[];
  limit?: number;
  /** Ask the chat model (the CLI's --model); the scheduled run does after its extractive pass. */
  model?: boolean;
}

export interface SummaryRunResult {
  extractive: number;
  model: number;
  /** Model answers refused or failed: the extractive summary was stored instead. */
  fellBack: number;
  disabled: boolean;
}

/** Papers summarised offline per run. */
export const EXTRACTIVE_BATCH = 500;
/** The scheduled model pass looks back this many feed days; older papers: `paperboy enrich summaries --model --since`. */
export const RECENT_DAYS = 7;

export function chatSummarizer(chat: SummaryChatConfig | null): ChatSummarizer | null {
  return chat ? new ChatSummarizer({ url: chat.url, model: chat.model, apiKey: chat.apiKey, perMinute: chat.perMinute }) : null;
}

/** Extractive summaries of papers that have none for their version (or exactly `ids`). */
export async function runExtractiveSummaries(deps: SummaryJobDeps, run: SummaryRun = {}): Promise<SummaryRunResult> {
  const result: SummaryRunResult = { extractive: 0, model: 0, fellBack: 0, disabled: !deps.enabled };
  if (!deps.enabled) return result;
  const now = deps.now ?? (() => new Date());
  const papers = await papersNeedingSummaries(deps.store, { limit: run.limit ?? EXTRACTIVE_BATCH, ...pick(run) });
  for (const p of papers) {
    await saveSummary(deps.store, { ...extractive(p), model: null }, now());
    result.extractive++;
  }
  return result;
}

/** Model summaries of papers the model was not asked about for their version (or exactly `ids`). */
export async function runModelSummaries(deps: SummaryJobDeps, run: SummaryRun = {}): Promise<SummaryRunResult> {
  const result: SummaryRunResult = { extractive: 0, model: 0, fellBack: 0, disabled: !deps.enabled || !deps.chat };
  const chat = deps.chat;
  if (!deps.enabled || !chat) return result;
  const now = deps.now ?? (() => new Date());
  const papers = await papersNeedingSummaries(deps.store, { limit: run.limit ?? EXTRACTIVE_BATCH, model: chat.model, ...pick(run) });
  for (const p of papers) {
    const offline = extractive(p);
    if (!p.abstract?.trim()) {
      await saveSummary(deps.store, { ...offline, model: null }, now());
      result.extractive++;
      continue;
    }
    try {
      const summary = await chat.summarise({ title: p.title, abstract: p.abstract });
      await saveSummary(deps.store, { ...offline, summary, source: 'model', model: chat.model }, now());
      result.model++;
    } catch (err) {
      deps.log?.(`summary ${p.id}: ${err instanceof Error ? err.message : String(err)}; the extractive summary stands in`);
      await saveSummary(deps.store, { ...offline, model: chat.model }, now());
      result.fellBack++;
    }
  }
  return result;
}

/** The scheduled run: the extractive pass over everything, then the model pass over recent papers. */
export async function runSummaries(deps: SummaryJobDeps, perMinute: number): Promise<SummaryRunResult> {
  const offline = await runExtractiveSummaries(deps);
  if (!deps.chat || !deps.enabled) return offline;
  const now = (deps.now ?? (() => new Date()))();
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
  const model = await runModelSummaries(deps, { since, limit: perMinute });
  return { extractive: offline.extractive + model.extractive, model: model.model, fellBack: model.fellBack, disabled: false };
}

function extractive(p: SummaryCandidate) {
  return {
    paperId: p.id,
    version: p.version,
    summary: extractiveSummary(p.title, p.abstract),
    keywords: extractKeywords(p.title, p.abstract),
    source: 'extractive' as const,
  };
}

function pick(run: SummaryRun): { since?: string; ids?: readonly string[] } {
  return { ...(run.since ? { since: run.since } : {}), ...(run.ids ? { ids: run.ids } : {}) };
}
