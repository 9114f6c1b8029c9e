import { indexOptionsOf, SearchIndex } from '../search/search-index.js';
import { defineCommand } from './command.js';
import { withStore } from './context.js';
import { failIfSemanticBroken } from './search.js';

export const reindexCommand = defineCommand({
  name: 'reindex',
  summary: 'Rebuild the search index from the store and write its snapshot (a running server picks it up at its next start).',
  usage: 'paperboy reindex [--retrain]',
  help: [
    '  --retrain             Also train a new built-in meaning model (and recompute every paper vector)',
    '  (the snapshot goes to SEARCH_SNAPSHOT_DIR; paper vectors and the model live in the store)',
  ].join('\n'),
  options: { retrain: { type: 'boolean' } },
  allowPositionals: false,
  async run(values) {
    return withStore(async (store, config) => {
      const started = Date.now();
      const index = await SearchIndex.build(store, { ...indexOptionsOf(config.search), retrain: values.retrain === true, log: (line) => console.log(line) });
      index.close();
      const dir = config.search.snapshotDir;
      // Another process may be publishing a generation this moment: wait for its lock (up to a minute).
      for (let tries = 0; dir && !(await index.save(store, dir, { force: true })); tries++) {
        if (tries === 300) throw new Error(`could not take the search-snapshot lock to write into ${dir}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`indexed ${index.size.toLocaleString('en-US')} papers in ${seconds} s${dir ? `; snapshot in ${dir}` : ' (SEARCH_SNAPSHOT_DIR=off: no snapshot written)'}`);
      failIfSemanticBroken(index);
      return 0;
    });
  },
});
