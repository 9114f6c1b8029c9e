import { CONFIG_DOC, loadConfig } from '../config.js';
import { defineCommand } from './command.js';
import { printJson } from './context.js';

export const configCommand = defineCommand({
  name: 'config',
  summary: 'Print the configuration in effect (environment variables, validated).',
  usage: 'paperboy config [--json]',
  help: '  --json                Print the typed configuration as JSON',
  options: { json: { type: 'boolean' } },
  allowPositionals: false,
  async run(values) {
    const config = loadConfig();
    if (values.json) {
      printJson({ ...config, databaseUrl: config.databaseUrl.replace(/:\/\/([^:@/]+):[^@/]+@/, '://$1:***@') });
      return 0;
    }
    for (const [name, { default: def, doc }] of Object.entries(CONFIG_DOC)) {
      const value = process.env[name];
      const shown = name === 'DATABASE_URL' && value ? value.replace(/:\/\/([^:@/]+):[^@/]+@/, '://$1:***@') : value;
      console.log(`${name.padEnd(26)} ${(shown ?? `${def} (default)`).padEnd(36)} ${doc}`);
    }
    return 0;
  },
});
