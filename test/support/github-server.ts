import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake GitHub API on 127.0.0.1, speaking the shapes Paperboy reads: `GET /repos/{owner}/{name}`
 * (repository JSON, ETag and 304, 301 renames to `/repositories/{id}`, 404), `POST /graphql`
 * (aliased `repository(owner:, name:)` fields, null for a missing one), and rate-limit answers
 * a test queues (403 with x-ratelimit-remaining: 0, 429 with retry-after).
 */
export interface FakeRepo {
  id: number;
  fullName: string;
  stars: number;
  forks?: number;
  license?: string | null;
  pushedAt?: string;
  archived?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  ifNoneMatch: string | null;
  authorization: string | null;
  body: string;
}

export interface GithubServer {
  url: string;
  /** Repositories by their current `owner/name`, lowercased. */
  repos: Map<string, FakeRepo>;
  /** Old `owner/name` (lowercased) -> repository id: answered with a 301. */
  renames: Map<string, number>;
  requests: FakeRequest[];
  /** Answers given before any other, in order (then the normal answer). */
  queued: { status: number; headers: Record<string, string>; body?: string }[];
  /** Headers added to every normal answer (e.g. x-ratelimit-remaining). */
  extraHeaders: Record<string, string>;
  add(repo: FakeRepo): void;
  close(): Promise<void>;
}

export function etagOf(repo: FakeRepo): string {
  return `W/"${repo.id}-${repo.stars}-${repo.forks ?? 0}-${repo.archived ? 1 : 0}-${repo.fullName}"`;
}

function restJson(r: FakeRepo) {
  const [owner, name] = r.fullName.split('/');
  return {
    id: r.id, name, full_name: r.fullName, owner: { login: owner }, html_url: `https://github.com/${r.fullName}`,
    stargazers_count: r.stars, watchers_count: r.stars, forks_count: r.forks ?? 0,
    license: r.license === null ? null : { key: (r.license ?? 'mit').toLowerCase(), spdx_id: r.license ?? 'MIT' },
    pushed_at: r.pushedAt ?? '2024-01-01T00:00:00Z', archived: r.archived ?? false,
  };
}

export async function startGithubServer(): Promise<GithubServer> {
  const repos = new Map<string, FakeRepo>();
  const byId = new Map<number, FakeRepo>();
  const renames = new Map<string, number>();
  const requests: FakeRequest[] = [];
  const queued: GithubServer['queued'] = [];
  const extraHeaders: Record<string, string> = {};

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extraHeaders, ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const answerRepo = (req: FakeRequest, res: ServerResponse, repo: FakeRepo | undefined) => {
    if (!repo) return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' });
    const etag = etagOf(repo);
    if (req.ifNoneMatch === etag) {
      res.writeHead(304, { etag, ...extraHeaders });
      return res.end();
    }
    send(res, 200, restJson(repo), { etag });
  };

  const graphql = (req: FakeRequest, res: ServerResponse) => {
    if (!req.authorization) return send(res, 401, { message: 'This endpoint requires you to be authenticated.' });
    const { query } = JSON.parse(req.body) as { query: string };
    const data: Record<string, unknown> = {};
    const errors: unknown[] = [];
    for (const m of query.matchAll(/(\w+): repository\(owner: ("(?:[^"\\]|\\.)*"), name: ("(?:[^"\\]|\\.)*")\)/g)) {
      const key = `${JSON.parse(m[2]!) as string}/${JSON.parse(m[3]!) as string}`.toLowerCase();
      const renamedId = renames.get(key);
      const repo = repos.get(key) ?? (renamedId !== undefined ? byId.get(renamedId) : undefined);
      if (!repo) {
        data[m[1]!] = null;
        errors.push({ type: 'NOT_FOUND', path: [m[1]], message: `Could not resolve to a Repository with the name '${key}'.` });
        continue;
      }
      data[m[1]!] = { nameWithOwner: repo.fullName, stargazerCount: repo.stars, forkCount: repo.forks ?? 0, licenseInfo: repo.license === null ? null : { spdxId: repo.license ?? 'MIT' }, pushedAt: repo.pushedAt ?? '2024-01-01T00:00:00Z', isArchived: repo.archived ?? false };
    }
    send(res, 200, errors.length ? { data, errors } : { data });
  };

  const server = createServer((msg: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    msg.on('data', (c: Buffer) => chunks.push(c));
    msg.on('end', () => {
      const path = decodeURIComponent((msg.url ?? '/').split('?')[0]!);
      const req: FakeRequest = { method: msg.method ?? 'GET', path, ifNoneMatch: (msg.headers['if-none-match'] as string | undefined) ?? null, authorization: (msg.headers.authorization as string | undefined) ?? null, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(req);
      const q = queued.shift();
      if (q) {
        res.writeHead(q.status, { 'content-type': 'application/json', ...q.headers });
        return res.end(q.body ?? JSON.stringify({ message: 'API rate limit exceeded' }));
      }
      if (req.method === 'POST' && path === '/graphql') return graphql(req, res);
      let m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && m) {
        const key = `${m[1]}/${m[2]}`.toLowerCase();
        const renamedId = renames.get(key);
        if (!repos.has(key) && renamedId !== undefined) {
          return send(res, 301, { message: 'Moved Permanently', url: `${api.url}/repositories/${renamedId}` }, { location: `${api.url}/repositories/${renamedId}` });
        }
        return answerRepo(req, res, repos.get(key));
      }
      m = /^\/repositories\/(\d+)$/.exec(path);
      if (req.method === 'GET' && m) return answerRepo(req, res, byId.get(Number(m[1])));
      send(res, 404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api: GithubServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    repos, renames, requests, queued, extraHeaders,
    add(repo) {
      for (const [k, r] of repos) if (r.id === repo.id) repos.delete(k);
      repos.set(repo.fullName.toLowerCase(), repo);
      byId.set(repo.id, repo);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return api;
}
