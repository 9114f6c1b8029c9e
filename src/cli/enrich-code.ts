import { InvalidInputError } from '../domain/errors.js';
import { runCodeJob } from '../enrich/code-job.js';
import { githubClient } from '../enrich/github-client.js';
import { paperTitles } from '../store/papers.js';
import { repoCounts } from '../store/repos.js';
import { positiveInt } from './command.js';
import { withStore } from './context.js';
import { idsOption, type EnrichOptions } from './enrich.js';

/** `paperboy enrich code`: papers' repositories, and their stars from GitHub. */
export async function enrichCode(values: EnrichOptions): Promise<number> {
  if (values.since !== undefined || values.model) throw new InvalidInputError('--since and --model are options of `paperboy enrich summaries`');
  const ids = idsOption(values.ids);
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
}
