import { InvalidInputError, PaperboyError } from './domain/errors.js';
import { type Command, commandHelp, parseCommandArgs } from './cli/command.js';
import { adminCommand } from './cli/admin.js';
import { configCommand } from './cli/config.js';
import { digestCommand, subscribersCommand } from './cli/digest.js';
import { enrichCommand } from './cli/enrich.js';
import { authorsCommand } from './cli/authors.js';
import { backupCommand } from './cli/backup.js';
import { exportCommand } from './cli/export.js';
import { restoreCommand } from './cli/restore.js';
import { importCommand } from './cli/import.js';
import { ingestCommand } from './cli/ingest.js';
import { migrateCommand } from './cli/migrate.js';
import { reindexCommand } from './cli/reindex.js';
import { searchCommand } from './cli/search.js';
import { serveCommand } from './cli/serve.js';
import { statsCommand } from './cli/stats.js';
import { thumbnailsCommand } from './cli/thumbnails.js';

/** Every command of the `paperboy` CLI. */
const COMMANDS: Command[] = [serveCommand, importCommand, ingestCommand, searchCommand, reindexCommand, thumbnailsCommand, enrichCommand, authorsCommand, statsCommand, digestCommand, subscribersCommand, adminCommand, exportCommand, restoreCommand, backupCommand, migrateCommand, configCommand] as Command[];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Paperboy: the daily research papers, self-hosted.',
    '',
    'Usage: paperboy <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `paperboy <command> --help` for a command\'s options. Configuration comes from environment variables: `paperboy config`.',
    '',
  ].join('\n');
}

/** README's exit codes: 2 for input we refuse (arguments, configuration, files), 1 for any other failure (arXiv, SMTP, an embedding server). */
export function exitCodeOf(err: PaperboyError): 1 | 2 {
  return err instanceof InvalidInputError ? 2 : 1;
}

/** Runs the CLI; resolves with the exit code. Errors with a code print as one clear message. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log('paperboy 0.1.0');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`paperboy: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const { values, positionals, help } = parseCommandArgs(command, rest);
    if (help) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(values, positionals);
  } catch (err) {
    if (err instanceof PaperboyError) {
      process.stderr.write(`paperboy ${name}: ${err.message}\n`);
      return exitCodeOf(err);
    }
    throw err;
  }
}
