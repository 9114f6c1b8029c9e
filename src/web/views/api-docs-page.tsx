import { Layout, type PageContext } from './layout.js';

/** One endpoint as the /api page lists it (built from the route table by src/web/pages/api-docs.ts). */
export interface EndpointDoc {
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  auth: boolean;
  parameters: Array<{ name: string; in: string; required: boolean; description: string; type: string }>;
  body: Array<{ name: string; required: boolean; description: string; type: string }>;
  statuses: string[];
  example: string;
  exampleBody: string | null;
}

export function ApiDocsPage({ ctx, endpoints, readsPerMinute, writesPerMinute }: { ctx: PageContext; endpoints: EndpointDoc[]; readsPerMinute: number; writesPerMinute: number }) {
  const tags = [...new Set(endpoints.map((e) => e.tag))];
  return (
    <Layout ctx={ctx} title="API" description="Paperboy's JSON API: papers, search, comments, BibTeX">
      <h1>API</h1>
      <p>
        Paperboy's papers, search, comments and BibTeX as JSON under <code>/api/v1</code>. The machine-readable description is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1); this page is generated from the same route table.
      </p>
      <nav aria-label="Endpoints">
        <ul>
          {endpoints.map((e) => (
            <li><a href={`#${anchor(e)}`}><code>{e.method} {e.path}</code></a> {e.summary}</li>
          ))}
        </ul>
      </nav>
      <h2>Basics</h2>
      <dl class="facts">
        <dt>Reads</dt>
        <dd>Open to everyone and to scripts on any origin (CORS <code>*</code>), {readsPerMinute > 0 ? `${readsPerMinute.toLocaleString('en-US')} requests a minute per address` : 'no read limit'}.</dd>
        <dt>Writes</dt>
        <dd>
          Upvotes, submissions, comments and collections need a personal token: create one on {ctx.user ? <a href={`/u/${ctx.user.name}#api-tokens`}>your profile</a> : 'your profile (sign in first)'} and send <code>Authorization: Bearer pbt_…</code>. Cookies are not read, so no CSRF token is needed. {writesPerMinute} writes a minute per token, plus the site's own limits.
        </dd>
        <dt>Paging</dt>
        <dd>Lists answer <code>next_cursor</code> (and a <code>Link: rel="next"</code> header); pass it as <code>cursor</code> until it is <code>null</code>. Cursors are opaque; a page keeps its place when new papers arrive.</dd>
        <dt>Caching</dt>
        <dd>Reads answer <code>ETag</code> and <code>Last-Modified</code>; send <code>If-None-Match</code> or <code>If-Modified-Since</code> and get <code>304 Not Modified</code> when nothing changed.</dd>
        <dt>Limits</dt>
        <dd>Past a limit: <code>429</code> with <code>Retry-After</code> (seconds).</dd>
        <dt>Errors</dt>
        <dd><code>{'{"error": {"code": "invalid_parameter", "message": "limit: must be a whole number from 1 to 100"}}'}</code> with the HTTP status: 400 bad parameter, 401 no valid token, 404 unknown or hidden, 429, 503.</dd>
        <dt>Ids</dt>
        <dd>Any arXiv id form: <code>2401.00001</code>, <code>2401.00001v2</code>, <code>arXiv:2401.00001</code>, <code>hep-th/9901001</code>, or a percent-encoded arxiv.org URL.</dd>
      </dl>
      {tags.map((tag) => (
        <section aria-label={tag}>
          <h2>{tag}</h2>
          {endpoints.filter((e) => e.tag === tag).map((e) => <Endpoint e={e} base={ctx.baseUrl} />)}
        </section>
      ))}
    </Layout>
  );
}

function Endpoint({ e, base }: { e: EndpointDoc; base: string }) {
  const curl = [`curl${e.method === 'GET' ? '' : ` -X ${e.method}`}`, e.auth ? `-H 'Authorization: Bearer pbt_…'` : '', e.exampleBody ? `-H 'Content-Type: application/json' -d '${e.exampleBody}'` : '', `'${base}${e.example}'`].filter(Boolean).join(' ');
  return (
    <article class="notice" id={anchor(e)}>
      <h3><code>{e.method} {e.path}</code></h3>
      <p><strong>{e.summary}.</strong> <Prose text={e.description} /></p>
      <p class="muted">{e.auth ? 'Needs a token (Authorization: Bearer).' : 'Open: no token needed.'}</p>
      {e.parameters.length ? (
        <table class="log">
          <thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Meaning</th></tr></thead>
          <tbody>
            {e.parameters.map((p) => (
              <tr><td><code>{p.name}</code>{p.required ? ' (required)' : ''}</td><td>{p.in}</td><td>{p.type}</td><td><Prose text={p.description} /></td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {e.body.length ? (
        <table class="log">
          <thead><tr><th>JSON body field</th><th>Type</th><th>Meaning</th></tr></thead>
          <tbody>
            {e.body.map((f) => (
              <tr><td><code>{f.name}</code>{f.required ? ' (required)' : ''}</td><td>{f.type}</td><td><Prose text={f.description} /></td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p class="muted">Answers: {e.statuses.join(' · ')}</p>
      <pre style="white-space: pre-wrap; overflow-wrap: anywhere"><code>{curl}</code></pre>
    </article>
  );
}

/** Descriptions mark code with backticks (as in the OpenAPI document, where they are Markdown). */
function Prose({ text }: { text: string }) {
  return <>{text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function anchor(e: EndpointDoc): string {
  return `${e.method}-${e.path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '');
}
