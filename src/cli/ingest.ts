import { announceDaysBack } from '../domain/announcement-calendar.js';
import { parseArxivId } from '../domain/arxiv-id.js';
import { isCalendarDate } from '../domain/dates.js';
import { InvalidInputError } from '../domain/errors.js';
import { cleanCategories, isCategory } from '../domain/text.js';
import { failedSources, runArxivIngestion } from '../ingest/arxiv-ingest.js';
import { categoryToOaiSet } from '../ingest/sources/oai-pmh.js';
import { defineCommand } from './command.js';
import { arxivClient, describeRunSource, printJson, withStore } from './context.js';

/** --days reaches a month back at most: a first run wants the recent days; a longer span is a backfill (--from). */
const MAX_DAYS = 30;

export const ingestCommand = defineCommand({
  name: 'ingest',
  summary: 'Bring in papers from arXiv: today\'s announcements and an incremental harvest, a backfill, or single ids.',
  usage: 'paperboy ingest arxiv [--categories cs.CL,cs.LG] [--days N | --from YYYY-MM-DD] [--until YYYY-MM-DD] [--ids ID,...] [--json]',
  help: [
    '  --categories LIST     Comma-separated arXiv categories (default: ARXIV_CATEGORIES)',
    `  --days N              The last N announcement days (1-${MAX_DAYS}): today's announcement feed plus a harvest from N days back`,
    '  --from DATE           Backfill: harvest OAI-PMH records modified from DATE (YYYY-MM-DD)',
    '  --until DATE          Backfill: ... up to DATE',
    '  --ids LIST            Fetch these papers through the arXiv API (any id form, comma-separated)',
    '  --json                Print the summary as JSON',
    '',
    '  Without --from/--until/--ids: the announcement feed (exact days of new papers) plus an',
    '  incremental OAI-PMH harvest from the last checkpoint; an interrupted harvest resumes.',
  ].join('\n'),
  options: { categories: { type: 'string' }, days: { type: 'string' }, from: { type: 'string' }, until: { type: 'string' }, ids: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals) {
    if (positionals.length !== 1 || positionals[0] !== 'arxiv') {
      throw new InvalidInputError(`expected \`paperboy ingest arxiv\`, got \`paperboy ingest ${positionals.join(' ')}\`\nRun \`paperboy ingest --help\` for usage.`);
    }
    const categories = values.categories === undefined ? undefined : parseCategories(values.categories);
    for (const [name, v] of [['from', values.from], ['until', values.until]] as const) {
      if (v !== undefined && !isCalendarDate(v)) throw new InvalidInputError(`--${name} must be a date as YYYY-MM-DD, got "${v}"`);
    }
    if (values.from && values.until && values.from > values.until) throw new InvalidInputError(`--from ${values.from} is after --until ${values.until}`);
    if (values.from && values.from > new Date().toISOString().slice(0, 10)) throw new InvalidInputError(`--from ${values.from} is in the future`);
    const ids = values.ids === undefined ? undefined : [...new Set(values.ids.split(/[\s,]+/).filter(Boolean).map((raw) => parseArxivId(raw).id))];
    if (ids && ids.length === 0) throw new InvalidInputError('--ids names no arXiv id');
    if (ids && (values.from || values.until)) throw new InvalidInputError('--ids cannot be combined with --from/--until');

    if (values.days !== undefined && (values.from || values.until || ids)) throw new InvalidInputError('--days cannot be combined with --from/--until/--ids');
    const from = values.days === undefined ? values.from : daysBack(values.days);

    return withStore(async (store, config) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const result = await runArxivIngestion(store, arxivClient(config, log), config, {
        ...(categories ? { categories } : {}),
        ...(from ? { from } : {}),
        ...(values.days !== undefined ? { announcements: true } : {}),
        ...(values.until ? { until: values.until } : {}),
        ...(ids ? { ids } : {}),
        log,
        onRejected: (r) => log(`rejected ${r.at}: ${r.reason}`),
      });
      if (values.json) printJson(result);
      else {
        console.log(`arxiv: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected`);
        if (result.sources.length > 1) for (const s of result.sources) console.log(`  ${describeRunSource(s)}`);
        if (result.notFound.length) console.log(`not found on arXiv: ${result.notFound.join(', ')}`);
      }
      // Every source ran; one that failed makes the run a failure (exit 1), with one line saying which.
      const failed = failedSources(result);
      if (failed) process.stderr.write(`paperboy ingest: ${failed}\n`);
      return failed ? 1 : 0;
    });
  },
});

/** --days N as the harvest's from-date: N days before the latest announcement day, as a first daily harvest reaches back. */
function daysBack(value: string): string {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > MAX_DAYS) throw new InvalidInputError(`--days must be a whole number from 1 to ${MAX_DAYS}, got "${value}"`);
  return announceDaysBack(new Date(), days);
}

function parseCategories(list: string): string[] {
  const parts = list.split(/[\s,]+/).filter(Boolean);
  const bad = parts.filter((c) => !isCategory(c));
  if (bad.length || parts.length === 0) throw new InvalidInputError(`--categories: ${bad.length ? `invalid category "${bad[0]}"` : 'empty list'}; e.g. cs.CL,cs.LG`);
  for (const c of parts) categoryToOaiSet(c); // unknown archives fail here, before any request
  return cleanCategories(parts);
}
