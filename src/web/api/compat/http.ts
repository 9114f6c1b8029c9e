import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { InvalidInputError } from '../../../domain/errors.js';

/**
 * The compatible API's paths: `/api/daily_papers`, `/api/papers` and everything under it.
 * Their errors are `{"error": "..."}` as in the public API; our own API keeps `{error:{code,message}}`.
 */
const COMPAT_PATH = /^\/api\/(?:daily_papers|papers)(?:\/|$)/;

export function isCompatPath(path: string): boolean {
  return COMPAT_PATH.test(path);
}

/** Any origin may read the public lists (they are public pages too); `Link` carries the paging. */
export async function openCors(_req: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-expose-headers', 'Link');
}

/** OPTIONS preflight: GETs from any origin, with a token header if the script sends one; cached a day. */
export async function preflightHandler(_req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return reply
    .code(204)
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
    .header('access-control-allow-headers', 'Authorization, Content-Type')
    .header('access-control-max-age', '86400')
    .send();
}

/** Validates with a zod schema; the first problem becomes a 400 that names the parameter. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = issue.path.map(String).join('.');
  throw new InvalidInputError(name ? `${name}: ${issue.message}` : issue.message, 'invalid_parameter');
}

/**
 * `Link: <...>; rel="next"` with the request's own parameters and `changes` applied, as the
 * public API pages (and as `huggingface_hub`'s paginate() follows).
 */
export function setNextLink(reply: FastifyReply, baseUrl: string, req: FastifyRequest, changes: Record<string, string>): void {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && !(k in changes)) params.set(k, v);
  for (const [k, v] of Object.entries(changes)) params.set(k, v);
  const path = req.url.split('?')[0]!;
  reply.header('link', `<${baseUrl}${path}?${params.toString()}>; rel="next"`);
}
