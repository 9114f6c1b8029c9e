import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidInputError } from '../domain/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One CLI command: its help text, its options, and what it does. Returns the exit code. */
export interface Command<O extends Options = Options> {
  name: string;
  summary: string;
  usage: string;
  /** Lines under "Options:" in --help, already formatted. */
  help: string;
  options: O;
  allowPositionals: boolean;
  run(values: ParsedValues<O>, positionals: string[]): Promise<number>;
}

export type ParsedValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

export function defineCommand<O extends Options>(c: Command<O>): Command<O> {
  return c;
}

/** Parses argv for a command; unknown options and stray arguments are clear errors. */
export function parseCommandArgs<O extends Options>(command: Command<O>, argv: string[]): { values: ParsedValues<O>; positionals: string[]; help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals,
      strict: true,
    });
    const { help, ...rest } = values as Record<string, unknown>;
    return { values: rest as ParsedValues<O>, positionals, help: help === true };
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err);
    throw new InvalidInputError(`${message}\nRun \`paperboy ${command.name} --help\` for usage.`, 'bad_arguments');
  }
}

export function commandHelp(c: Command): string {
  return `${c.summary}\n\nUsage: ${c.usage}\n${c.help ? `\nOptions:\n${c.help}\n` : ''}  -h, --help            Show this help\n`;
}

/** Parses a positive integer option, with a clear error. */
export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidInputError(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}
