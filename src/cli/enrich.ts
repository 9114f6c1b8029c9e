import { parseArxivId } from '../domain/arxiv-id.js';
import { InvalidInputError } from '../domain/errors.js';
import { runCodeJob } from '../enrich/code-job.js';
import { githubClient } from '../enrich/github-client.js';
import { paperTitles } from '../store/papers.js';
import { repoCounts } from '../store/repos.js';
import { defineCommand, positiveInt } from './command.js';
import { withStore } from './context.js';

export const enrichCommand = defineCommand({
  name: 'enrich',
  summary: 'Code repositories of papers and their GitHub stars (a running server refreshes them itself).',
  usage: 'paperboy enrich code [--ids ID,...] [--limit N]',
  help: [
    '  --ids ID,...          These papers\' repositories, due or not',
    '  --limit N             Ask GitHub about at most N repositories (default: every one due)',
    '  (GITHUB_API_URL; with GITHUB_TOKEN, 50 repositories a GraphQL request; GITHUB=off refuses)',
  ].join('\n'),
  options: { ids: { type: 'string' }, limit: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals) {
    if (positionals.length !== 1 || positionals[0] !== 'code') {
      throw new InvalidInputError(`expected \`paperboy enrich code\`, got \`paperboy enrich ${positionals.join(' ')}\`\nRun \`paperboy enrich --help\` for usage.`);
    }
    const ids = values.ids === undefined ? undefined : [...new Set(values.ids.split(/[\s,]+/).filter(Boolean).map((raw) => parseArxivId(raw).id))];
    if (ids && ids.length === 0) throw new InvalidInputError('--ids names no arXiv id');
    const limit = positiveInt('limit', values.limit, Number.MAX_SAFE_INTEGER);

    return withStore(async (store, config) => {
      if (!config.github.enabled) throw new InvalidInputError('GITHUB=off: GitHub is never asked; unset it to fetch stars', 'invalid_config');
      if (ids) {
        const known = await paperTitles(store, ids);
        const missing = ids.filter((id) => !known.has(id));
        if (missing.length) throw new InvalidInputError(`not in the store: ${missing.join(', ')} (bring them in first: paperboy ingest arxiv --ids ...)`);
      }
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const r = await runCodeJob({ store, client: githubClient(config), enabled: true, log }, { ...(ids ? { ids } : {}), limit });
      const counts = await repoCounts(store);
      console.log(
        `code: ${r.papersLinked} papers read for links; GitHub: ${r.fetched} fetched, ${r.notModified} unchanged, ${r.renamed} renamed, ${r.missing} missing, ${r.failed} failed, ${r.requests} requests` +
          `\nin the store: ${counts.linked} repositories (${counts.ok} ok, ${counts.renamed} renamed, ${counts.missing} missing, ${counts.unfetched} not fetched yet)`,
      );
      if (r.pausedUntil) {
        process.stderr.write(`paperboy enrich: GitHub asked to wait; nothing is asked before ${r.pausedUntil.toISOString()}\n`);
        return 1;
      }
      return r.failed > 0 && r.fetched + r.notModified + r.renamed + r.missing === 0 ? 1 : 0;
    });
  },
});
