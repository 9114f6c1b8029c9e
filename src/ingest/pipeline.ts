import type { PaperRecord, Rejection, SourceItem } from '../domain/paper.js';
import { validateRecord } from '../domain/paper-rules.js';
import type { Store } from '../store/database.js';
import type { Fence } from '../store/locks.js';
import { type UpsertOutcome, upsertPapers } from '../store/papers.js';

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface PipelineOptions {
  /**
   * Records per transaction. Measured with `bench:import` at 100k papers: batches of 500 /
   * 2,000 / 8,000 gave 21.2k / 21.1k / 17.7k papers/s on SQLite and 11.0k / 12.2k / 11.2k on
   * PostgreSQL. Each batch is atomic, so a crash loses at most the batch in flight, and the
   * re-run finds the rest unchanged.
   */
  batchSize?: number;
  now?: Date;
  onRejected?: (rejection: Rejection) => void;
  /** The lock fence of the job running this ingestion (src/store/locks.ts): checked in every batch's transaction. */
  fence?: Fence;
  /** Called after every committed batch with the running totals. */
  onBatch?: (summary: IngestSummary) => void;
}

export function emptySummary(): IngestSummary {
  return { added: 0, updated: 0, unchanged: 0, rejected: 0 };
}

/**
 * The one way records enter the store: validate, then upsert in batches. Invalid records are
 * reported through onRejected and counted; the rest goes in.
 */
export async function ingestItems(
  store: Store,
  items: AsyncIterable<SourceItem> | Iterable<SourceItem>,
  options: PipelineOptions = {},
  summary: IngestSummary = emptySummary(),
): Promise<IngestSummary> {
  const batchSize = options.batchSize ?? 2000;
  const now = options.now ?? new Date();
  let batch: PaperRecord[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await upsertPapers(store, batch, now, options.fence);
    batch = [];
    for (const o of outcomes) summary[o satisfies UpsertOutcome]++;
    options.onBatch?.(summary);
  };

  for await (const item of items) {
    const checked = screenItem(item, now);
    if ('rejected' in checked) {
      summary.rejected++;
      options.onRejected?.(checked.rejected);
      continue;
    }
    batch.push(checked.record);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}

/** The pipeline's gate: a record that breaks a rule (see validateRecord) becomes a Rejection. */
export function screenItem(item: SourceItem, now: Date): SourceItem {
  if ('rejected' in item) return item;
  const problem = validateRecord(item.record, now);
  return problem ? { rejected: { at: item.at ?? item.record.id, reason: problem } } : item;
}
