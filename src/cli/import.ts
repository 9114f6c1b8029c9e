import type { Rejection } from '../domain/paper.js';
import { InvalidInputError } from '../domain/errors.js';
import { parsePaperFileFormat, readPaperFile } from '../ingest/files/detect-format.js';
import { emptySummary, ingestItems } from '../ingest/pipeline.js';
import { refreshPlannerStatistics } from '../store/planner-statistics.js';
import { finishRun, startRun } from '../store/ingest-runs.js';
import { defineCommand } from './command.js';
import { printJson, withStore } from './context.js';
import { inputFileSize } from './input-file.js';
import { createProgress } from './progress.js';

/** Rejections printed one by one; past this, a count (the summary has the total). */
const SHOWN_REJECTIONS = 50;

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Import papers from files: daily-papers JSON, the arXiv metadata snapshot, Paperboy JSONL.',
  usage: 'paperboy import FILE... [--format auto|hf-daily|arxiv-snapshot|jsonl] [--json]',
  help: [
    '  --format FORMAT       auto (default: detect), hf-daily, arxiv-snapshot or jsonl',
    '  --json                Print {"added":N,"updated":N,"unchanged":N,"rejected":N} on stdout',
  ].join('\n'),
  options: { format: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, files) {
    if (files.length === 0) throw new InvalidInputError('name at least one file to import\nRun `paperboy import --help` for usage.');
    const format = parsePaperFileFormat(values.format ?? 'auto');
    const sizes = files.map((file) => inputFileSize(file));
    const totalBytes = sizes.reduce((a, b) => a + b, 0);

    return withStore(async (store) => {
      const summary = emptySummary();
      const runId = await startRun(store, 'import');
      const progress = createProgress('import');
      let shown = 0;
      const onRejected = (r: Rejection, file: string) => {
        if (++shown <= SHOWN_REJECTIONS) progress.log(`rejected ${file} ${r.at}: ${r.reason}`);
      };
      let doneBytes = 0;
      try {
        for (const [i, file] of files.entries()) {
          let fileBytes = 0;
          await ingestItems(store, readPaperFile(file, format, { onBytes: (n) => { fileBytes = n; } }), {
            onRejected: (r) => onRejected(r, file),
            onBatch: (s) => progress.update(s.added + s.updated + s.unchanged + s.rejected, totalBytes ? (doneBytes + fileBytes) / totalBytes : undefined),
          }, summary);
          doneBytes += sizes[i] ?? 0;
        }
      } catch (err) {
        progress.finish();
        await finishRun(store, runId, summary, err instanceof Error ? err.message : String(err));
        throw err;
      }
      progress.finish();
      if (summary.added + summary.updated > 0) await refreshPlannerStatistics(store);
      await finishRun(store, runId, summary);
      if (shown > SHOWN_REJECTIONS) process.stderr.write(`... and ${shown - SHOWN_REJECTIONS} more rejected records\n`);
      if (values.json) printJson(summary);
      else {
        const total = summary.added + summary.updated + summary.unchanged;
        console.log(`imported ${total.toLocaleString('en-US')} papers: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`);
      }
      return 0;
    });
  },
});
