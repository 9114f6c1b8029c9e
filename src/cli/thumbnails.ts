import { isCalendarDate } from '../domain/dates.js';
import { InvalidInputError } from '../domain/errors.js';
import { parseArxivId } from '../domain/arxiv-id.js';
import { paperTitles } from '../store/papers.js';
import { thumbnailCounts } from '../store/thumbnails.js';
import { runThumbnails, type ThumbnailRunResult } from '../thumbnails/thumbnail-job.js';
import { defineCommand, positiveInt } from './command.js';
import { arxivClient, withStore } from './context.js';

/** Papers looked up per batch of a backfill. */
const BATCH = 50;

export const thumbnailsCommand = defineCommand({
  name: 'thumbnails',
  summary: 'Make first-page thumbnails of papers that have none (a running server makes those of new papers itself).',
  usage: 'paperboy thumbnails [--since YYYY-MM-DD] [--ids ID,...] [--limit N]',
  help: [
    '  --since DATE          Papers of this feed day or later (default: the last 7 days)',
    '  --ids ID,...          Exactly these papers (also ones that failed before)',
    '  --limit N             Stop after N papers',
    '  (PDFs come from ARXIV_PDF_URL/ID at arXiv\'s pace, one every ARXIV_REQUEST_INTERVAL_MS; THUMBNAILS=off refuses)',
  ].join('\n'),
  options: { since: { type: 'string' }, ids: { type: 'string' }, limit: { type: 'string' } },
  allowPositionals: false,
  async run(values) {
    const since = values.since;
    if (since !== undefined && !isCalendarDate(since)) throw new InvalidInputError(`--since must be a date as YYYY-MM-DD, got "${since}"`);
    const ids = values.ids === undefined ? undefined : [...new Set(values.ids.split(/[\s,]+/).filter(Boolean).map((raw) => parseArxivId(raw).id))];
    if (ids && ids.length === 0) throw new InvalidInputError('--ids names no arXiv id');
    const limit = positiveInt('limit', values.limit, Number.MAX_SAFE_INTEGER);

    return withStore(async (store, config) => {
      if (!config.thumbnails.enabled) throw new InvalidInputError('THUMBNAILS=off: no PDF is fetched; unset it to make thumbnails', 'invalid_config');
      if (ids) {
        const known = await paperTitles(store, ids);
        const missing = ids.filter((id) => !known.has(id));
        if (missing.length) throw new InvalidInputError(`not in the store: ${missing.join(', ')} (bring them in first: paperboy ingest arxiv --ids ...)`);
      }
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const deps = { store, client: arxivClient(config, log), pdfUrl: config.thumbnails.pdfUrl, enabled: true, log };
      const total: ThumbnailRunResult = { tried: 0, ready: 0, failed: 0, disabled: false };
      // Each batch takes the papers still needing one; a failure is due again only hours later, so batches move on.
      for (;;) {
        const batch = await runThumbnails(deps, { ...(since ? { since } : {}), ...(ids ? { ids } : {}), limit: Math.min(BATCH, limit - total.tried) });
        total.tried += batch.tried;
        total.ready += batch.ready;
        total.failed += batch.failed;
        if (batch.tried > 0) log(`${total.tried} papers: ${total.ready} ready, ${total.failed} failed`);
        if (ids || batch.tried === 0 || total.tried >= limit) break;
      }
      const counts = await thumbnailCounts(store);
      console.log(`thumbnails: ${total.ready} made, ${total.failed} failed; in the store: ${counts.ready} ready, ${counts.failed} failed`);
      return total.failed > 0 && total.ready === 0 ? 1 : 0;
    });
  },
});
