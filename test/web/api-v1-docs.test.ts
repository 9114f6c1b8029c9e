import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/store/api-tokens.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { WRITES_PER_MINUTE } from '../../src/web/api/v1/http.js';
import { fastifyPaths } from '../../src/web/api/v1/http.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The OpenAPI document, the /api page and the rate limits: in-memory parts, one dialect is enough. */
describe('/api/v1 description and limits', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, [buildRecord({ id: '2611.00001', dailyAt: '2026-11-27T09:00:00.000Z' })]);
  });
  afterAll(() => web?.close());

  /** Every /api/v1 route Fastify knows, as `METHOD path` with Fastify's parameter syntax (from its printed route tree). */
  function registeredRoutes(): string[] {
    const stack: Array<{ indent: number; path: string }> = [];
    const found: string[] = [];
    for (const line of web.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!m) continue;
      const indent = m[1]!.length;
      while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
      const path = (stack.at(-1)?.path ?? '') + m[2]!;
      stack.push({ indent, path });
      if (!m[3] || !path.startsWith('/api/v1/')) continue;
      for (const method of m[3].split(', ')) if (method !== 'HEAD' && method !== 'OPTIONS') found.push(`${method} ${path}`);
    }
    return found;
  }

  it('serves a valid OpenAPI 3.1 document that lists every /api/v1 route', async () => {
    const res = await fetch(`${web.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Json;
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');

    // Parameter names aside (Fastify prints `:id|:idArchive` where two routes share a node).
    const shape = (route: string) => route.replace(/:[A-Za-z]+(?:\|:[A-Za-z]+)*/g, ':p');
    const documented = new Set(Object.entries(doc.paths as Record<string, Json>).flatMap(([path, ops]) => Object.keys(ops).flatMap((m) => fastifyPaths(path).map((p) => shape(`${m.toUpperCase()} ${p}`)))));
    const registered = registeredRoutes().filter((r) => !r.endsWith('/api/v1/openapi.json')).map(shape);
    expect(registered.length).toBeGreaterThanOrEqual(14);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
    expect(doc.components.schemas.Paper.required).toContain('id');
    expect(doc.paths['/api/v1/papers/{id}/vote'].put.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/me/follows'].get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths['/api/v1/collections/{collection_id}'])).toEqual(['get', 'patch', 'delete']);
    expect(doc.paths['/api/v1/collections/{collection_id}/order'].put.requestBody.content['application/json'].schema.required).toEqual(['paper_ids']);
    for (const id of ['Author', 'Org', 'PaperList', 'Follow', 'FollowList', 'Claim', 'ClaimList']) expect(doc.components.schemas[id], id).toBeDefined();
    expect(JSON.stringify(doc.components.schemas.Org)).not.toContain('email');
    const limit = (doc.paths['/api/v1/papers/date/{date}'].get.parameters as Json[]).find((p) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } });
  });

  it('documents every route on the /api page', async () => {
    const page = await (await fetch(`${web.url}/api`)).text();
    const doc = (await (await fetch(`${web.url}/api/v1/openapi.json`)).json()) as Json;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of Object.keys(ops)) expect(page).toContain(`${method.toUpperCase()} ${path}`);
    }
    expect(page).toContain('Authorization: Bearer');
    expect(page).toContain('min_upvotes');
    expect(page).toContain('/api/v1/openapi.json');
  });

  it('answers 429 with Retry-After past the read limit per address and the write limit per token', async () => {
    const ada = await findOrCreateUser(web.store, 'ada@example.org', 'ada');
    const { secret } = await createApiToken(web.store, ada.id, 'busy');
    // Every write counts, even one that finds nothing (a paper that is not here: no vote is taken).
    const put = () => web.app.inject({ method: 'PUT', url: '/api/v1/papers/2611.09999/vote', headers: { authorization: `Bearer ${secret}` } });
    for (let i = 0; i < WRITES_PER_MINUTE; i++) expect((await put()).statusCode).toBe(404);
    const limited = await put();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Reads count apart, per address.
    const read = () => web.app.inject({ method: 'GET', url: '/api/v1/trending?limit=1', remoteAddress: '10.9.8.7' });
    for (let i = 0; i < web.config.readLimitPerMinute; i++) expect((await read()).statusCode).toBe(200);
    const tooMany = await read();
    expect(tooMany.statusCode).toBe(429);
    expect(Number(tooMany.headers['retry-after'])).toBeGreaterThan(0);
    expect(tooMany.headers['access-control-allow-origin']).toBe('*');
    expect((await web.app.inject({ method: 'GET', url: '/api/v1/trending?limit=1', remoteAddress: '10.9.8.6' })).statusCode).toBe(200);
  });
});
