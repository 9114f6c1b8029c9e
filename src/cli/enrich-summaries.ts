import { isCalendarDate } from '../domain/dates.js';
import { InvalidInputError } from '../domain/errors.js';
import { chatSummarizer, runExtractiveSummaries, runModelSummaries, type SummaryRunResult } from '../enrich/summaries/summary-job.js';
import { paperTitles } from '../store/papers.js';
import { summaryCounts } from '../store/summaries.js';
import { withStore } from './context.js';
import { idsOption, type EnrichOptions } from './enrich.js';

/** Papers per batch: each batch takes the papers still needing a summary. */
const BATCH = 500;

/** `paperboy enrich summaries`: one-sentence summaries and keywords, offline or by the chat model. */
export async function enrichSummaries(values: EnrichOptions): Promise<number> {
  const since = values.since;
  if (since !== undefined && !isCalendarDate(since)) throw new InvalidInputError(`--since must be a date as YYYY-MM-DD, got "${since}"`);
  if (values.limit !== undefined) throw new InvalidInputError('--limit is an option of `paperboy enrich code`');
  const ids = idsOption(values.ids);

  return withStore(async (store, config) => {
  if (!config.summaries.enabled) throw new InvalidInputError('SUMMARIES=off: no summaries are made; unset it to make them', 'invalid_config');
  const chat = values.model ? chatSummarizer(config.summaries.chat) : null;
  if (values.model && !chat) throw new InvalidInputError('--model needs a chat server: set SUMMARY_URL and SUMMARY_MODEL', 'invalid_config');
  if (ids) {
    const known = await paperTitles(store, ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new InvalidInputError(`not in the store: ${missing.join(', ')} (bring them in first: paperboy ingest arxiv --ids ...)`);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const deps = { store, enabled: true, chat, log };
  const total: SummaryRunResult = { extractive: 0, model: 0, fellBack: 0, disabled: false };
  for (;;) {
    const run = { ...(since ? { since } : {}), ...(ids ? { ids } : {}), limit: chat ? (config.summaries.chat?.perMinute ?? BATCH) : BATCH };
    const batch = chat ? await runModelSummaries(deps, run) : await runExtractiveSummaries(deps, run);
    total.extractive += batch.extractive;
    total.model += batch.model;
    total.fellBack += batch.fellBack;
    const done = batch.extractive + batch.model + batch.fellBack;
    if (done > 0) log(`${total.extractive + total.model + total.fellBack} papers: ${total.extractive} extractive, ${total.model} by the model, ${total.fellBack} fell back`);
    if (ids || done === 0) break;
  }
  const counts = await summaryCounts(store);
  console.log(`summaries: ${total.extractive + total.fellBack} extractive, ${total.model} by the model (${total.fellBack} model answers refused or failed); in the store: ${counts.extractive} extractive, ${counts.model} by a model`);
  return chat && total.fellBack > 0 && total.model === 0 ? 1 : 0;
  });
}
