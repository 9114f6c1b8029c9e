import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RegisteredRoute } from './v1/http.js';
import { WRITES_PER_MINUTE } from './v1/http.js';
import { apiSchemas } from './v1/schemas.js';

type JsonSchema = Record<string, unknown>;

/** A parameter as the docs page and OpenAPI show it. */
export interface ParameterDoc {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description: string;
  schema: JsonSchema;
}

const COMPONENT = (id: string) => `#/components/schemas/${id}`;

/** JSON Schema of a request-side zod schema (what a client sends), without the `$schema` line. */
function inputSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    // Query numbers are documented as integers; the string pattern that parses them is ours to know.
    override: (ctx) => {
      if (ctx.jsonSchema.type === 'integer') delete ctx.jsonSchema.pattern;
      // zod leaves a meta `default` out of input schemas; a client wants to know it.
      const fallback = z.globalRegistry.get(ctx.zodSchema)?.default;
      if (fallback !== undefined) ctx.jsonSchema.default = fallback;
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Path and query parameters of a route, from its zod objects. */
export function parametersOf(route: RegisteredRoute): ParameterDoc[] {
  const out: ParameterDoc[] = [];
  for (const [where, schema] of [['path', route.spec.params], ['query', route.spec.query]] as const) {
    if (!schema) continue;
    const json = inputSchema(schema);
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries((json.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = prop;
      out.push({ name, in: where, required: where === 'path' || required.has(name), description: String(description ?? ''), schema: rest });
    }
  }
  return out;
}

/** The JSON Schema of a route's request body, or null. */
export function bodySchemaOf(route: RegisteredRoute): JsonSchema | null {
  return route.spec.body ? inputSchema(route.spec.body) : null;
}

function operation(route: RegisteredRoute): JsonSchema {
  const spec = route.spec;
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const id = r.schema ? apiSchemas.get(r.schema)?.id : undefined;
    const content = r.contentType ? { [r.contentType.split(';')[0]!]: { schema: { type: 'string' } } } : id ? { 'application/json': { schema: { $ref: COMPONENT(id) } } } : undefined;
    responses[status] = { description: r.description, ...(content ? { content } : {}) };
  }
  if (route.method === 'GET') responses['304'] = { description: 'Not modified (If-None-Match or If-Modified-Since matched)' };
  responses['429'] ??= { description: 'Rate limited: see Retry-After', content: { 'application/json': { schema: { $ref: COMPONENT('Error') } } } };
  const body = bodySchemaOf(route);
  const opId = `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`;
  return {
    operationId: opId,
    summary: spec.summary,
    description: spec.description,
    tags: [spec.tag],
    parameters: parametersOf(route).map(({ description, ...p }) => ({ ...p, ...(description ? { description } : {}) })),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses,
    ...(spec.auth ? { security: [{ bearer: [] }] } : {}),
  };
}

/** The OpenAPI 3.1 document of /api/v1, built from the registered routes and the shared response schemas. */
export function openApiDocument(routes: readonly RegisteredRoute[], baseUrl: string, readsPerMinute: number): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  const components = z.toJSONSchema(apiSchemas, { uri: COMPONENT }) as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(components.schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Paperboy API',
      version: '1',
      description: `Papers, search, comments and BibTeX as JSON. Reads are open (CORS \`*\`), ${readsPerMinute > 0 ? `${readsPerMinute} a minute per address` : 'not limited'}; writes need a personal token (\`Authorization: Bearer …\`, created on your profile), ${WRITES_PER_MINUTE} a minute per token. Lists page by \`cursor\`; reads answer ETag and Last-Modified and 304 to conditional requests. Errors are \`{"error": {"code", "message"}}\`.`,
    },
    servers: [{ url: baseUrl }],
    paths,
    components: { schemas: components.schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (`pbt_…`) from your profile page' } } },
  };
}

/** GET /api/v1/openapi.json: generated once per process, on first request (the routes are fixed by then). */
export function openApiHandler(routes: readonly RegisteredRoute[], baseUrl: () => string, readsPerMinute: number) {
  let doc: string | null = null;
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    doc ??= JSON.stringify(openApiDocument(routes, baseUrl(), readsPerMinute));
    return reply.header('access-control-allow-origin', '*').header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(doc);
  };
}
