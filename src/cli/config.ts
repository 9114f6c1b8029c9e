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
      printJson({ ...config, databaseUrl: hidePassword(config.databaseUrl), github: { ...config.github, token: config.github.token && '***' }, mail: { ...config.mail, smtpUrl: config.mail.smtpUrl && hidePassword(config.mail.smtpUrl) } });
      return 0;
    }
    for (const [name, { default: def, doc }] of Object.entries(CONFIG_DOC)) {
      const value = process.env[name];
      const shown = (name === 'DATABASE_URL' || name === 'SMTP_URL') && value ? hidePassword(value) : name === 'GITHUB_TOKEN' && value ? '***' : value;
      console.log(`${name.padEnd(26)} ${(shown ?? `${def} (default)`).padEnd(36)} ${doc}`);
    }
    return 0;
  },
});

/** Passwords in URLs never reach a terminal or a log. */
function hidePassword(url: string): string {
  return url.replace(/:\/\/([^:@/]+):[^@/]+@/, '://$1:***@');
}
