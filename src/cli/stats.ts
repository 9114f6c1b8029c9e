import { ABANDONED, abandonDeadRuns, latestRuns } from '../store/ingest-runs.js';
import { latestJobRuns } from '../store/job-runs.js';
import { storeStats } from '../store/stats.js';
import { defineCommand } from './command.js';
import { describeRunSource, formatJobRun, printJson, withStore } from './context.js';

export const statsCommand = defineCommand({
  name: 'stats',
  summary: 'Show what the store holds: papers, versions, sources, days, last ingestion runs.',
  usage: 'paperboy stats [--json]',
  help: '  --json                Print one JSON object ({"papers": N, ...})',
  options: { json: { type: 'boolean' } },
  allowPositionals: false,
  async run(values) {
    return withStore(async (store) => {
      const stats = await storeStats(store);
      // A run whose process died shows as abandoned, not as running forever.
      await abandonDeadRuns(store);
      const runs = await latestRuns(store);
      const jobRuns = await latestJobRuns(store);
      if (values.json) {
        printJson({ ...stats, store: store.dialect, lastRuns: runs, jobRuns });
        return 0;
      }
      const n = (x: number) => x.toLocaleString('en-US');
      console.log(`store        ${store.dialect} ${store.location}`);
      console.log(`papers       ${n(stats.papers)}`);
      console.log(`versions     ${n(stats.versions)}`);
      console.log(`change seq   ${n(stats.changeSeq)}`);
      console.log(`feed days    ${stats.earliestFeedDate ?? '-'} .. ${stats.latestFeedDate ?? '-'}`);
      console.log(`sources      ${Object.entries(stats.bySource).map(([s, c]) => `${s} ${n(c)}`).join(', ') || '-'}`);
      console.log(`categories   ${stats.topCategories.map((c) => `${c.category} ${n(c.papers)}`).join(', ') || '-'}`);
      for (const r of runs) {
        const state = r.error ? (r.error === ABANDONED ? r.error : `failed: ${r.error}`) : r.finishedAt ? `+${r.added} added, ${r.updated} updated, ${r.rejected} rejected` : 'running';
        console.log(`last ${r.kind.padEnd(8)}${r.startedAt}  ${state}`);
        for (const s of r.sources ?? []) console.log(`  ${describeRunSource(s)}`);
      }
      for (const r of jobRuns) console.log(formatJobRun(r));
      return 0;
    });
  },
});
