import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/store/api-tokens.js';
import { addComment } from '../../src/store/comments.js';
import { upsertPapers } from '../../src/store/papers.js';
import { findOrCreateUser, setAdmin } from '../../src/store/users.js';
import { buildRecord } from '../support/factories.js';
import { dialects } from '../support/stores.js';
import { csrfOf, sessionClient, startWeb, type WebClient, type WebHarness } from '../support/web.js';

/**
 * Every route Fastify registered, fed a hostile corpus, on every dialect: no answer may be a 5xx.
 * Routes come from the app itself (WebHarness.routes, an onRoute hook), so a new route is fuzzed
 * without touching this file. The client is a signed-in moderator with a valid CSRF token and an
 * API token, so requests get past the sign-in and CSRF walls into the handlers' own validation.
 */

/** Values a text field, an id or a path segment may receive from a hostile client. */
const HOSTILE = [
  '\u0000', 'a\u0000b@example.org', '\u001b[2J', 'a\u007fb', 'line\n\tbreak\r',
  'abc', '1.5', '-1', '0', '1e999', '2147483648', '99999999999999999999', 'NaN',
  '', 'x'.repeat(4_000), '/\t/evil.example', '\\\\evil.example', '../../etc/passwd', "<script>'; drop table papers; --", '/\u2028😀', '\ud800',
];

/** Path segments: the HOSTILE values a path parameter is parsed from, and raw encodings no encoder produces. */
const SEGMENTS = [
  ...['a\u0000b@example.org', '\u001b[2J', 'abc', '1.5', '-1', '0', '1e999', '99999999999999999999', '', 'x'.repeat(4_000), '\\\\evil.example', '\ud800'].map(encodeURIComponentLoose),
  '%00', '%', '%ZZ', '..%2F..%2F', 'a%0Db', '%C0%AF',
];
const RAW_QUERIES = ['x=%&%00=1', 'before=1&before=2&limit=1&limit=%00', 'x[]=1&x[]=2&=&&&'];

/** Query parameters some route reads, all at once with each HOSTILE value. */
const QUERY_NAMES = ['limit', 'sort', 'q', 'cursor', 'from', 'to', 't', 'min_upvotes', 'submitter', 'p', 'page', 'next', 'mode', 'category', 'token', 'prefix', 'js', 'ids', 'id', 'd', 'before', 'date', 'week', 'month'];
/** The ones read as numbers, dates or cursors, also one by one (a bad one must not hide behind another). */
const PARSED_QUERY_NAMES = ['limit', 'cursor', 'from', 'to', 'min_upvotes', 'p', 'page', 'before'];

/** The value each form field a page route reads takes when it is not the one under attack. */
function validForm(commentId: number): Record<string, string> {
  return {
    paper: '2411.00001', body: 'A fine comment.', parent: String(commentId), comment: String(commentId), user: 'victim', reason: 'spam, spam, spam',
    email: 'fuzz@example.org', next: '/', back: '/', vote: '1', token: 'abc', t: 'abc', name: 'script', id: '1', frequency: 'daily',
    categories: 'cs.CL', queries: 'transformers', size: '10',
  };
}

/** The same for the JSON bodies of the APIs (/api/v1 and the compatible API). */
function validJson(commentId: number): Record<string, string> {
  return { paper_id: '2411.00001', arxivId: '2411.00001', id: '2411.00001', comment: 'A fine comment.', body: 'A fine comment.', parent_id: String(commentId) };
}

/**
 * The values tried field by field on top of a valid base: the ones a handler parses as a number
 * or measures. (Control characters need no per-field pass: the app refuses them in any field.)
 * Kept short: the whole run is ~3,500 requests a dialect, 20-35 s on a busy 2-core machine.
 */
const PER_FIELD = ['1.5', '99999999999999999999'];

/** Bodies no form sends: wrong content types, broken and oversized JSON, a JSON nesting bomb. */
const ODD_BODIES: { type: string; body: string }[] = [
  { type: 'text/plain', body: 'paper=2411.00001' },
  { type: 'application/json', body: '{"paper": ' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '[1,2,3]' },
  { type: 'application/json', body: '{"__proto__": {"isAdmin": true}}' },
  { type: 'application/json', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  { type: 'application/json', body: `{"paper_id": [${'"x",'.repeat(40_000)}"x"]}` },
  { type: 'application/json', body: JSON.stringify({ body: 'x'.repeat(300_000) }) },
  { type: 'application/x-www-form-urlencoded', body: `body=${'x'.repeat(300_000)}` },
  { type: 'application/x-www-form-urlencoded', body: 'paper=a&paper=b&paper=%00&%00=1' },
  { type: 'multipart/form-data; boundary=x', body: '--x\r\ngarbage' },
  { type: 'application/octet-stream', body: '\u0000\u0001' },
];

/** Requests in flight at once: enough to keep the server busy, few enough to keep the order (sign-out last). */
const IN_FLIGHT = 8;

interface Finding {
  method: string;
  route: string;
  path: string;
  status: number;
  note: string;
}

/** Fills every path parameter (`:name`, `:name(regex)`, `*`) with one raw segment. */
function fillPath(url: string, segment: string): string {
  return url.replace(/:[A-Za-z_]+(\([^/]*\))?/g, (_m, regex: string | undefined) => (regex?.includes('bib') ? `${segment}.bib` : segment)).replace(/\*/g, segment);
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`route fuzz (${dialect.name})`, () => {
    let web: WebHarness;
    let client: WebClient;
    let csrf: string;
    let bearer: string;
    let commentId: number;
    beforeAll(async () => {
      web = await startWeb(dialect);
      await upsertPapers(web.store, [buildRecord({ id: '2411.00001', title: 'Fuzzed paper', dailyAt: '2026-11-27T09:00:00.000Z' })]);
      client = await sessionClient(web, 'fuzz@example.org');
      const me = await findOrCreateUser(web.store, 'fuzz@example.org', 'fuzz');
      await setAdmin(web.store, me.id, true);
      await findOrCreateUser(web.store, 'victim@example.org', 'victim');
      commentId = await addComment(web.store, { paperId: '2411.00001', userId: me.id, parentId: null, body: 'first', now: new Date() });
      await web.search.start();
      csrf = csrfOf((await client.get('/papers/2411.00001')).text);
      bearer = (await createApiToken(web.store, me.id, 'fuzz')).secret;
    });
    afterAll(() => web?.close());

    it('answers every registered route with < 500 whatever it is sent', async () => {
      const cookie = () => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const findings: Finding[] = [];
      let sent = 0;
      async function send(method: string, route: string, path: string, note: string, body?: { type: string; body: string }): Promise<void> {
        const headers: Record<string, string> = { cookie: cookie(), 'x-csrf-token': csrf, authorization: `Bearer ${bearer}` };
        if (body) headers['content-type'] = body.type;
        let status: number;
        try {
          const res = await fetch(web.url + path, { method, headers, body: body?.body, redirect: 'manual' });
          await res.arrayBuffer();
          status = res.status;
        } catch (err) {
          // The server closing the connection on a request is as bad as a 500.
          status = 599;
          note += ` (${(err as Error).message})`;
        }
        sent++;
        if (status >= 500) findings.push({ method, route, path: path.slice(0, 120), status, note: note.slice(0, 120) });
      }

      // Signing out goes last: it ends the session the other requests ride on.
      const routes = web.routes.filter((r) => r.method !== 'HEAD').sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
      expect(routes.length).toBeGreaterThan(50);
      const jobs: (() => Promise<void>)[] = [];
      for (const { method, url } of routes) {
        const hasBody = method === 'POST' || method === 'PUT' || method === 'DELETE';
        const validPath = fillPath(url, '2411.00001');
        // The JSON APIs read JSON bodies, the site's forms read forms.
        const api = url.startsWith('/api/');
        const base = api ? validJson(commentId) : validForm(commentId);
        const encode = api ? (fields: Record<string, string>) => json(fields) : (fields: Record<string, string>) => form({ ...fields, _csrf: csrf });
        for (const segment of SEGMENTS) {
          if (url.includes(':') || url.includes('*')) jobs.push(() => send(method, url, fillPath(url, segment), 'path param', hasBody ? encode(base) : undefined));
        }
        if (method === 'OPTIONS') continue;
        for (const raw of RAW_QUERIES) jobs.push(() => send(method, url, `${validPath}?${raw}`, 'raw query'));
        if (!hasBody) {
          for (const v of HOSTILE) jobs.push(() => send(method, url, `${validPath}?${new URLSearchParams(QUERY_NAMES.map((n) => [n, v]))}`, 'every query parameter'));
          for (const name of PARSED_QUERY_NAMES) for (const v of PER_FIELD) jobs.push(() => send(method, url, `${validPath}?${new URLSearchParams({ [name]: v })}`, `query ${name}`));
          continue;
        }
        for (const odd of ODD_BODIES) jobs.push(() => send(method, url, validPath, `body ${odd.type}`, odd));
        for (const v of HOSTILE) {
          const all = Object.fromEntries(Object.keys(base).map((k) => [k, v]));
          jobs.push(() => send(method, url, validPath, 'every field', encode(all)));
        }
        for (const name of Object.keys(base)) {
          for (const v of PER_FIELD) jobs.push(() => send(method, url, validPath, `field ${name}`, encode({ ...base, [name]: v })));
        }
      }
      const started = Date.now();
      for (let i = 0; i < jobs.length; i += IN_FLIGHT) await Promise.all(jobs.slice(i, i + IN_FLIGHT).map((j) => j()));
      console.log(`route fuzz (${dialect.name}): ${routes.length} routes, ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(sent).toBe(jobs.length);
      // One line per route and kind of input, with an example request: the list to fix.
      const byKind = new Map<string, Finding>();
      for (const f of findings) if (!byKind.has(`${f.method} ${f.route} ${f.note}`)) byKind.set(`${f.method} ${f.route} ${f.note}`, f);
      expect([...byKind].map(([kind, f]) => `${kind}: ${f.status} (e.g. ${f.path})`), `${findings.length} of ${sent} requests answered >= 500`).toEqual([]);
    }, 240_000);
  });
}

function form(fields: Record<string, string>): { type: string; body: string } {
  return { type: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
}

function json(fields: Record<string, unknown>): { type: string; body: string } {
  return { type: 'application/json', body: JSON.stringify(fields) };
}

/** encodeURIComponent, except for a lone surrogate (which it refuses): sent as its raw UTF-8 bytes. */
function encodeURIComponentLoose(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}
