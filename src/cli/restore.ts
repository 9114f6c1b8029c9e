import { restoreStore } from '../backup/restore.js';
import { defineCommand } from './command.js';
import { printJson, withStore } from './context.js';
import { oneFile } from './export.js';
import { inputFileSize } from './input-file.js';
import { createProgress } from './progress.js';

export const restoreCommand = defineCommand({
  name: 'restore',
  summary: 'Load an export archive into an empty store (SQLite or PostgreSQL) and verify every table.',
  usage: 'paperboy restore FILE [--json]',
  help: '  --json                Print {"rows":N,"from":DIALECT,"tables":[...]} on stdout',
  options: { json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals) {
    const file = oneFile('restore', positionals);
    const size = inputFileSize(file);
    return withStore(async (store) => {
      const progress = createProgress('restore');
      const started = Date.now();
      // Rows restored against the archive's compressed size is no fraction: show the count and rate only.
      const summary = await restoreStore(store, file, (rows) => progress.update(rows)).finally(() => progress.finish());
      if (values.json) printJson(summary);
      else console.log(`restored ${summary.rows.toLocaleString('en-US')} rows of ${summary.tables.length} tables (${(size / 1e6).toFixed(1)} MB, exported from ${summary.from}) into ${store.location} in ${((Date.now() - started) / 1000).toFixed(1)} s; counts and checksums verified`);
      return 0;
    });
  },
});
