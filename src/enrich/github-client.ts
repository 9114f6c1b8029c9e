/**
 * The GitHub API, as far as Paperboy needs it: a repository's stars, forks, license, last push
 * and archived flag. REST `GET /repos/{owner}/{name}` one at a time, with the last ETag
 * (`If-None-Match`: a 304 costs no rate limit), following a rename's 301; with a token, GraphQL
 * batches of up to 50 repositories a request. Rate limits never get retried here: the client
 * throws RateLimitedError with the time GitHub names, and the job pauses until then.
 */
export interface RepoInfo {
  /** `Owner/Name` as GitHub spells it now. */
  fullName: string;
  stars: number;
  forks: number;
  /** SPDX id; null for none or `NOASSERTION`. */
  license: string | null;
  pushedAt: string | null;
  archived: boolean;
}

export type RepoFetch =
  | { kind: 'ok'; repo: RepoInfo; etag: string | null; /** GitHub redirected: the repository was renamed or moved. */ redirected: boolean }
  | { kind: 'not-modified'; redirected: boolean }
  | { kind: 'missing' };

/** GitHub said to wait: a primary limit (remaining 0, until its reset) or a secondary one (`retry-after`). */
export class RateLimitedError extends Error {
  constructor(readonly until: Date, readonly why: string) {
    super(`GitHub rate limit (${why}): paused until ${until.toISOString()}`);
  }
}

export class GithubError extends Error {
  /** The request never got an answer (network, timeout): the job stops rather than try the next one. */
  constructor(message: string, readonly network = false) {
    super(message);
  }
}

export interface GithubClientOptions {
  /** GITHUB_API_URL, no trailing slash. */
  apiUrl: string;
  /** GITHUB_TOKEN; null: unauthenticated REST (60 requests an hour). */
  token: string | null;
  userAgent: string;
  timeoutMs?: number;
  now?: () => Date;
}

/** Repositories a GraphQL request asks for (GitHub's node limit is far above; 50 keeps a query's cost at 1 point). */
export const GRAPHQL_BATCH = 50;
/** A secondary limit without `retry-after`: GitHub asks for at least a minute. */
const SECONDARY_DEFAULT_MS = 60_000;
/** Redirects followed for one repository (a rename, then maybe a transfer). */
const MAX_REDIRECTS = 3;

export class GithubClient {
  /** HTTP requests sent, redirects included. */
  requests = 0;
  /** Set when an answer said no request is left until this time. */
  private blockedUntil: Date | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: GithubClientOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get batched(): boolean {
    return this.options.token !== null;
  }

  /** One repository by REST. `etag`: the last answer's, sent as If-None-Match. */
  async getRepo(owner: string, name: string, etag: string | null = null): Promise<RepoFetch> {
    let url = `${this.options.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
    let redirected = false;
    for (let hop = 0; ; hop++) {
      const res = await this.send(url, { method: 'GET', headers: this.headers(etag ? { 'if-none-match': etag } : {}), redirect: 'manual' });
      if (res.status === 301 || res.status === 302 || res.status === 307 || res.status === 308) {
        const location = res.headers.get('location');
        await res.body?.cancel();
        if (!location || hop >= MAX_REDIRECTS) throw new GithubError(`GET ${url}: ${res.status} without a usable Location`);
        url = new URL(location, url).toString();
        redirected = true;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { kind: 'not-modified', redirected };
      }
      if (res.status === 404 || res.status === 451) {
        await res.body?.cancel();
        return { kind: 'missing' };
      }
      if (!res.ok) throw new GithubError(`GET ${url}: HTTP ${res.status}`);
      const body = (await res.json()) as RestRepo;
      return { kind: 'ok', repo: fromRest(body), etag: res.headers.get('etag'), redirected };
    }
  }

  /**
   * Up to GRAPHQL_BATCH repositories in one GraphQL request (needs a token). A repository GitHub
   * does not have comes back `missing`; a renamed one comes back under its new name (GraphQL
   * follows renames), which the caller compares with the name it asked for.
   */
  async getRepos(repos: readonly { owner: string; name: string }[]): Promise<RepoFetch[]> {
    if (repos.length === 0) return [];
    if (repos.length > GRAPHQL_BATCH) throw new GithubError(`at most ${GRAPHQL_BATCH} repositories a query, got ${repos.length}`);
    const fields = 'nameWithOwner stargazerCount forkCount licenseInfo { spdxId } pushedAt isArchived';
    const query = `query {\n${repos.map((r, i) => `  r${i}: repository(owner: ${JSON.stringify(r.owner)}, name: ${JSON.stringify(r.name)}) { ${fields} }`).join('\n')}\n}`;
    const res = await this.send(`${this.options.apiUrl}/graphql`, { method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify({ query }) });
    if (!res.ok) throw new GithubError(`POST /graphql: HTTP ${res.status}`);
    const body = (await res.json()) as { data?: Record<string, GraphqlRepo | null> | null; errors?: { type?: string; path?: string[]; message?: string }[] };
    const rateLimited = body.errors?.find((e) => e.type === 'RATE_LIMITED');
    if (rateLimited) throw new RateLimitedError(resetOf(res.headers) ?? new Date(this.now().getTime() + SECONDARY_DEFAULT_MS), 'graphql');
    if (!body.data) throw new GithubError(`POST /graphql: ${body.errors?.[0]?.message ?? 'no data'}`);
    return repos.map((_, i) => {
      const r = body.data![`r${i}`];
      if (!r) return { kind: 'missing' } as const;
      return { kind: 'ok', repo: fromGraphql(r), etag: null, redirected: false } as const;
    });
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': this.options.userAgent,
      ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      ...extra,
    };
  }

  /** Sends one request; a rate-limit answer (or a request past the last one allowed) becomes RateLimitedError. */
  private async send(url: string, init: RequestInit): Promise<Response> {
    if (this.blockedUntil && this.now() < this.blockedUntil) throw new RateLimitedError(this.blockedUntil, 'primary');
    this.requests++;
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (err) {
      throw new GithubError(`${init.method} ${url}: ${err instanceof Error ? err.message : String(err)}`, true);
    }
    const retryAfter = res.headers.get('retry-after');
    const reset = resetOf(res.headers);
    const exhausted = res.headers.get('x-ratelimit-remaining') === '0';
    if (res.status === 403 || res.status === 429) {
      const text = await res.text().catch(() => '');
      if (retryAfter !== null) throw new RateLimitedError(new Date(this.now().getTime() + retryAfterMs(retryAfter)), 'secondary');
      if (exhausted) throw new RateLimitedError(reset ?? new Date(this.now().getTime() + SECONDARY_DEFAULT_MS), 'primary');
      if (res.status === 429 || /rate limit/i.test(text)) throw new RateLimitedError(new Date(this.now().getTime() + SECONDARY_DEFAULT_MS), 'secondary');
      throw new GithubError(`${init.method} ${url}: HTTP 403 ${text.slice(0, 200)}`);
    }
    // That was the last request allowed: the next one waits for the reset, without being sent.
    if (exhausted && reset) this.blockedUntil = reset;
    return res;
  }
}

function resetOf(headers: Headers): Date | null {
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null;
}

/** `retry-after` in seconds (or an HTTP date), as milliseconds; at least one second. */
function retryAfterMs(value: string): number {
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, seconds) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(1000, at - Date.now()) : SECONDARY_DEFAULT_MS;
}

interface RestRepo {
  full_name: string;
  stargazers_count: number;
  forks_count: number;
  license: { spdx_id?: string | null } | null;
  pushed_at: string | null;
  archived: boolean;
}

interface GraphqlRepo {
  nameWithOwner: string;
  stargazerCount: number;
  forkCount: number;
  licenseInfo: { spdxId?: string | null } | null;
  pushedAt: string | null;
  isArchived: boolean;
}

function spdx(id: string | null | undefined): string | null {
  return id && id !== 'NOASSERTION' ? id : null;
}

function fromRest(r: RestRepo): RepoInfo {
  return { fullName: r.full_name, stars: Number(r.stargazers_count), forks: Number(r.forks_count), license: spdx(r.license?.spdx_id), pushedAt: r.pushed_at ?? null, archived: r.archived === true };
}

function fromGraphql(r: GraphqlRepo): RepoInfo {
  return { fullName: r.nameWithOwner, stars: Number(r.stargazerCount), forks: Number(r.forkCount), license: spdx(r.licenseInfo?.spdxId), pushedAt: r.pushedAt ?? null, archived: r.isArchived === true };
}

/** The process's GitHub client, from the configuration. */
export function githubClient(config: { github: { apiUrl: string; token: string | null }; arxiv: { userAgent: string } }): GithubClient {
  return new GithubClient({ apiUrl: config.github.apiUrl, token: config.github.token, userAgent: config.arxiv.userAgent });
}
