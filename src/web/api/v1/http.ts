import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from '../../pages/page.js';
import { type BearerIdentity, bearerIdentity } from '../../http/bearer.js';
import { RateLimitedError, WindowLimiter } from '../../http/rate-limit.js';
import { parseInput } from '../compat/http.js';
import { Validators } from './conditional.js';

/**
 * The plumbing of `/api/v1`: every route is declared once (method, path, zod schemas, handler)
 * and the same declaration registers it with Fastify, validates its input, and feeds the
 * OpenAPI document (src/web/api/openapi.ts) and the /api page, so none of them can drift.
 */
export type Method = 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyObject = z.ZodObject<any>;
type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export interface ApiCall<P, Q, B> {
  deps: WebDeps;
  req: FastifyRequest;
  reply: FastifyReply;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The caller's token, on routes with `auth`. */
  identity: BearerIdentity | null;
}

/** What a handler answers: JSON by default, or text of another type (BibTeX). */
export interface ApiResult {
  status?: number;
  body: unknown;
  contentType?: string;
}

export interface ApiResponseSpec {
  description: string;
  /** A schema registered in src/web/api/v1/schemas.ts (its id becomes the OpenAPI component). */
  schema?: z.ZodType;
  /** Non-JSON responses (BibTeX). */
  contentType?: string;
}

export interface RouteSpec<P extends AnyObject | undefined = AnyObject | undefined, Q extends AnyObject | undefined = AnyObject | undefined, B extends AnyObject | undefined = AnyObject | undefined> {
  summary: string;
  description: string;
  /** The group on the /api page and in OpenAPI tags. */
  tag: string;
  /** Needs `Authorization: Bearer <token>` (writes). */
  auth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ApiResponseSpec>;
  /** A request path for the docs' example, e.g. `/api/v1/papers/2401.00001`. */
  example: string;
  /** The example's JSON body, for writes. */
  exampleBody?: unknown;
  handler(call: ApiCall<P, Q, B>): Promise<ApiResult>;
}

/** Types a route's handler from its schemas. */
export function defineRoute<P extends AnyObject | undefined = undefined, Q extends AnyObject | undefined = undefined, B extends AnyObject | undefined = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return spec;
}

export interface RegisteredRoute {
  method: Method;
  /** OpenAPI path template: `/api/v1/papers/{id}.bib`. */
  path: string;
  spec: RouteSpec;
}

/**
 * Writes are counted per token, 120 a minute (two a second is a busy curator; the site's own
 * limits on comments, votes and submissions still apply). Reads fall under the site's one read
 * limit per address (src/web/http/read-limit.ts).
 */
export const WRITES_PER_MINUTE = 120;

export class ApiV1 {
  readonly routes: RegisteredRoute[] = [];
  private readonly writes = new WindowLimiter(WRITES_PER_MINUTE, 60_000);
  private readonly validators = new Validators();

  constructor(
    private readonly app: FastifyInstance,
    private readonly deps: WebDeps,
  ) {}

  get<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends AnyObject | undefined>(path: string, spec: RouteSpec<P, Q, B>): void {
    this.add('GET', path, spec);
  }
  put<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends AnyObject | undefined>(path: string, spec: RouteSpec<P, Q, B>): void {
    this.add('PUT', path, spec);
  }
  patch<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends AnyObject | undefined>(path: string, spec: RouteSpec<P, Q, B>): void {
    this.add('PATCH', path, spec);
  }
  post<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends AnyObject | undefined>(path: string, spec: RouteSpec<P, Q, B>): void {
    this.add('POST', path, spec);
  }
  delete<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends AnyObject | undefined>(path: string, spec: RouteSpec<P, Q, B>): void {
    this.add('DELETE', path, spec);
  }

  /** OPTIONS preflight for every /api/v1 path: GETs from any origin, cached a day. */
  preflight(path: string): void {
    this.app.options(path, async (_req, reply) =>
      reply
        .code(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
        .header('access-control-allow-headers', 'Authorization, Content-Type, If-None-Match, If-Modified-Since')
        .header('access-control-max-age', '86400')
        .send(),
    );
  }

  private add(method: Method, path: string, spec: RouteSpec<AnyObject | undefined, AnyObject | undefined, AnyObject | undefined>): void {
    this.routes.push({ method, path, spec: spec as RouteSpec });
    const read = method === 'GET';
    const suffix = /\{id\}(\.\w+)/.exec(path)?.[1] ?? '';
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const params = spec.params ? parseInput(spec.params, pathParams(req.params as Record<string, string>, suffix)) : {};
      const query = parseInput(spec.query ?? NO_QUERY, req.query);
      const identity = spec.auth ? await bearerIdentity(req, this.deps.store, this.deps.now()) : null;
      // A read with a token (your follows) is a read: the read limit per address counts it, not the write limit.
      if (identity && !read) this.countWrite(identity);
      const body = spec.body ? parseInput(spec.body, req.body ?? {}) : {};
      const result = await spec.handler({ deps: this.deps, req, reply, params, query, body, identity } as ApiCall<never, never, never>);
      reply.code(result.status ?? 200);
      // A read with a token answers the token owner's own data (follows, recommendations): no shared cache keeps it.
      if (read) reply.header('cache-control', spec.auth ? 'private, no-store' : 'no-cache');
      if (result.contentType) return reply.type(result.contentType).send(result.body);
      return reply.send(result.body);
    };
    const options = read ? { onRequest: openCors, onSend: this.validators.onSend } : {};
    for (const url of fastifyPaths(path)) this.app.route({ method, url, ...options, handler });
  }

  private countWrite(identity: BearerIdentity): void {
    const key = `token:${identity.tokenId}`;
    if (this.writes.hit(key)) return;
    throw new RateLimitedError(`more than ${WRITES_PER_MINUTE} API writes a minute with this token: wait for Retry-After seconds`, this.writes.retryAfterMs(key) / 1000);
  }
}

// Unknown query parameters are refused (a typo such as `min_upvote` must not silently do nothing).
const NO_QUERY = z.strictObject({}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}: this endpoint takes none` : undefined) });

/** GETs are readable from any origin: the data is public, and no cookie is ever read on these routes. */
async function openCors(_req: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-expose-headers', 'ETag, Link, Retry-After');
}

/**
 * Fastify paths of an OpenAPI template. `{id}` is one path segment (`2401.00001`,
 * `hep-th%2F9901001`, a percent-encoded arXiv URL); old-style ids are also accepted with their
 * slash as is (`/papers/hep-th/9901001`), through a second route of two segments. A suffix
 * after the parameter (`{id}.bib`) becomes a pattern on it.
 */
export function fastifyPaths(template: string): string[] {
  const segments = template.split('/');
  const at = segments.findIndex((s) => /^\{id\}/.test(s));
  const convert = (s: string) => s.replace(/^\{(\w+)\}(\.\w+)?$/, (_m, name: string, suffix?: string) => (suffix ? `:${name}(^.+\\${suffix}$)` : `:${name}`));
  const one = segments.map(convert).join('/');
  if (at < 0) return [one];
  const suffix = segments[at]!.slice('{id}'.length);
  const oldStyle = segments.map((s, i) => (i === at ? `:idArchive/${suffix ? `:idNumber(^.+\\${suffix}$)` : ':idNumber'}` : convert(s))).join('/');
  return [one, oldStyle];
}

/** Path parameters with an old-style id put back together and a `.bib`-like suffix dropped. */
function pathParams(raw: Record<string, string>, suffix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (k !== 'idArchive' && k !== 'idNumber') out[k] = v;
  if (raw.idArchive !== undefined) out.id = `${raw.idArchive}/${raw.idNumber}`;
  if (out.id !== undefined && suffix && out.id.endsWith(suffix)) out.id = out.id.slice(0, -suffix.length);
  return out;
}

/** `Link: <…>; rel="next"` for a page with a next cursor, keeping the request's other parameters. */
export function nextLink(call: { deps: WebDeps; req: FastifyRequest; reply: FastifyReply }, cursor: string | null): void {
  if (cursor === null) return;
  const url = new URL(call.req.url, call.deps.config.baseUrl);
  url.searchParams.set('cursor', cursor);
  call.reply.header('link', `<${call.deps.config.baseUrl}${url.pathname}${url.search}>; rel="next"`);
}
