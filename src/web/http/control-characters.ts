import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasControlCharacter } from '../../domain/control-characters.js';
import { InvalidInputError } from '../../domain/errors.js';

/**
 * preValidation hook, for every route: a path, query value, form field or JSON string holding a
 * control character other than tab, LF or CR is refused with one clear 400, before any handler
 * or query sees it (PostgreSQL answered NUL with a 500). Single-line fields (addresses, names,
 * ids, redirect paths) refuse tab and line breaks too, in their own checks.
 */
export function refuseControlCharacters(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const where = controlCharacterIn(req);
  done(where ? new InvalidInputError(`${where}: control characters (such as NUL) are not accepted`, 'invalid_characters') : undefined);
}

function controlCharacterIn(req: FastifyRequest): string | null {
  const path = req.url.split('?')[0] ?? '';
  if (hasControlCharacter(decodedOrRaw(path))) return 'the address';
  for (const [name, value] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    if (hasControlCharacter(name) || anyString(value, (s) => hasControlCharacter(s, 'multi-line'))) return `parameter ${nameForMessage(name)}`;
  }
  if (typeof req.body === 'string') return hasControlCharacter(req.body, 'multi-line') ? 'the request body' : null;
  const field = stringFieldWith(req.body, (s) => hasControlCharacter(s, 'multi-line'));
  return field === null ? null : `field ${nameForMessage(field)}`;
}

/** The first key (or key of the string value) in a parsed form or JSON body that fails `bad`. Iterative: a JSON body nests 100,000 deep within the body limit. */
function stringFieldWith(body: unknown, bad: (s: string) => boolean): string | null {
  const stack: [string, unknown][] = [['body', body]];
  while (stack.length > 0) {
    const [name, value] = stack.pop()!;
    if (typeof value === 'string') {
      if (bad(value)) return name;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push([name, item]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (bad(key)) return key;
        stack.push([key, item]);
      }
    }
  }
  return null;
}

function anyString(value: unknown, bad: (s: string) => boolean): boolean {
  return typeof value === 'string' ? bad(value) : Array.isArray(value) && value.some((v) => typeof v === 'string' && bad(v));
}

function nameForMessage(name: string): string {
  return hasControlCharacter(name) ? '(a name with control characters)' : `"${name.slice(0, 40)}"`;
}

function decodedOrRaw(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
