import { exportStore } from '../backup/export.js';
import { InvalidInputError } from '../domain/errors.js';
import { defineCommand } from './command.js';
import { printJson, withStore } from './context.js';
import { createProgress } from './progress.js';

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write the whole store (papers, users, votes, comments, subscriptions, media…) to one checksummed archive.',
  usage: 'paperboy export FILE [--json]',
  help: '  --json                Print {"rows":N,"tables":[{"table","rows","checksum"}...]} on stdout',
  options: { json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals) {
    const file = oneFile('export', positionals);
    return withStore(async (store) => {
      const progress = createProgress('export');
      const started = Date.now();
      const summary = await exportStore(store, file, (rows, fraction) => progress.update(rows, fraction)).finally(() => progress.finish());
      if (values.json) printJson(summary);
      else console.log(`exported ${summary.rows.toLocaleString('en-US')} rows of ${summary.tables.length} tables from ${store.location} to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    });
  },
});

/** The one FILE argument of export, restore and backup. */
export function oneFile(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new InvalidInputError(`name one archive file\nRun \`paperboy ${command} --help\` for usage.`);
  return positionals[0]!;
}
