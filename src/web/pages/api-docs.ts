import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { bodySchemaOf, parametersOf } from '../api/openapi.js';
import { type RegisteredRoute, WRITES_PER_MINUTE } from '../api/v1/http.js';
import { ApiDocsPage, type EndpointDoc } from '../views/api-docs-page.js';
import { cachedPage, pageContext, type WebDeps } from './page.js';

/** GET /api: the human-readable reference, built from the same route table as /api/v1/openapi.json. */
export function apiDocsHandler(deps: WebDeps, routes: readonly RegisteredRoute[]) {
  let endpoints: EndpointDoc[] | null = null;
  return async (req: FastifyRequest, reply: FastifyReply) =>
    cachedPage(req, reply, deps, async () => {
      endpoints ??= routes.map(endpointDoc);
      return { page: h(ApiDocsPage, { ctx: pageContext(req, reply, deps), endpoints, readsPerMinute: deps.config.readLimitPerMinute, writesPerMinute: WRITES_PER_MINUTE }) };
    });
}

function endpointDoc(route: RegisteredRoute): EndpointDoc {
  const body = bodySchemaOf(route);
  const bodyFields = body ? Object.entries((body.properties ?? {}) as Record<string, { description?: string; type?: unknown }>).map(([name, p]) => ({ name, required: ((body.required as string[] | undefined) ?? []).includes(name), description: p.description ?? '', type: String(p.type ?? '') })) : [];
  return {
    method: route.method,
    path: route.path,
    tag: route.spec.tag,
    summary: route.spec.summary,
    description: route.spec.description,
    auth: route.spec.auth === true,
    parameters: parametersOf(route).map((p) => ({ name: p.name, in: p.in, required: p.required, description: p.description, type: typeLabel(p.schema) })),
    body: bodyFields,
    statuses: Object.entries(route.spec.responses).map(([status, r]) => `${status} ${r.description}`),
    example: route.spec.example,
    exampleBody: route.spec.exampleBody === undefined ? null : JSON.stringify(route.spec.exampleBody),
  };
}

/** `integer 1-100 (default 50)`, `upvotes | date`, `string`. */
function typeLabel(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return (schema.enum as string[]).join(' | ');
  const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` ${String(schema.minimum)}-${String(schema.maximum)}` : '';
  const fallback = schema.default !== undefined ? ` (default ${String(schema.default)})` : '';
  return `${String(schema.type ?? 'string')}${range}${fallback}`;
}
