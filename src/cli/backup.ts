import { loadConfig } from '../config.js';
import { InvalidInputError } from '../domain/errors.js';
import { parseDatabaseUrl } from '../store/database.js';
import { backupSqliteFile } from '../store/sqlite-backup.js';
import { defineCommand } from './command.js';
import { oneFile } from './export.js';
import { createProgress } from './progress.js';

export const backupCommand = defineCommand({
  name: 'backup',
  summary: 'Copy the SQLite store to FILE while serve keeps running (SQLite online backup).',
  usage: 'paperboy backup FILE',
  help: '',
  options: {},
  allowPositionals: true,
  async run(_values, positionals) {
    const file = oneFile('backup', positionals);
    const target = parseDatabaseUrl(loadConfig().databaseUrl);
    if (target.dialect !== 'sqlite') {
      throw new InvalidInputError('backup copies a SQLite file; this store is PostgreSQL: use `paperboy export FILE` (restorable into either dialect) or pg_dump');
    }
    const progress = createProgress('backup');
    const started = Date.now();
    const { pages } = await backupSqliteFile(target.path, file, (f) => progress.update(Math.round(f * 100), f)).finally(() => progress.finish());
    console.log(`backed up ${target.path} (${pages.toLocaleString('en-US')} pages) to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  },
});
