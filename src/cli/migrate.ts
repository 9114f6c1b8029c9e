import { loadConfig } from '../config.js';
import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { defineCommand } from './command.js';

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Apply pending database migrations (serve and every command also do this on start).',
  usage: 'paperboy migrate',
  help: '',
  options: {},
  allowPositionals: false,
  async run() {
    const config = loadConfig();
    const store = openStore(config.databaseUrl);
    try {
      const applied = await migrateToLatest(store);
      console.log(applied.length ? `applied ${applied.length} migration(s) to ${store.location}: ${applied.join(', ')}` : `${store.location} is up to date`);
    } finally {
      await store.close();
    }
    return 0;
  },
});
