import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type ParsedMail, simpleParser } from 'mailparser';
import { loadConfig, type Config } from '../../src/config.js';
import { createMailer } from '../../src/mail/transport.js';
import { createSession } from '../../src/store/auth.js';
import type { Store } from '../../src/store/database.js';
import { SearchService } from '../../src/search/search-service.js';
import { findOrCreateUser } from '../../src/store/users.js';
import { buildApp } from '../../src/web/app.js';
import { POLL_MS } from '../../src/web/page-cache-follower.js';
import { hashToken } from '../../src/web/http/tokens.js';
import { testArxivClient } from './arxiv-server.js';
import type { DialectFactory, TestStore } from './stores.js';

/**
 * A real Paperboy web server on 127.0.0.1 (random port) over a fresh store of the given
 * dialect, mail going to a temporary maildir. Tests talk to it over real HTTP with WebClient.
 */
export interface WebHarness {
  url: string;
  store: Store;
  config: Config;
  app: FastifyInstance;
  search: SearchService;
  maildir: string;
  /** Every registered route (method and URL pattern), as Fastify registered it. */
  routes: { method: string; url: string }[];
  client(): WebClient;
  close(): Promise<void>;
}

export async function startWeb(factory: DialectFactory, options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<WebHarness> {
  const test: TestStore = await factory.create();
  const maildir = mkdtempSync(join(tmpdir(), 'paperboy-mail-'));
  const config = loadConfig({ DATABASE_URL: test.url, MAILDIR: maildir, ARXIV_API_URL: 'http://127.0.0.1:2/api/query', INGEST_SCHEDULE: 'off', ...options.env });
  const mailer = createMailer(config.mail);
  const search = new SearchService(test.store);
  const routes: { method: string; url: string }[] = [];
  const onRoute = (r: { method: string | string[]; url: string }) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  };
  const app = buildApp({ store: test.store, config, mailer, arxiv: testArxivClient(), search, logLevel: 'silent', onRoute, ...(options.now ? { now: options.now } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Links in mail must point at this server: the config object is the one the handlers read.
  config.baseUrl = url;
  return {
    url,
    store: test.store,
    config,
    app,
    search,
    maildir,
    routes,
    client: () => new WebClient(url, maildir),
    async close() {
      search.stop();
      await app.close();
      await mailer.close();
      await test.cleanup();
      rmSync(maildir, { recursive: true, force: true });
    },
  };
}

/** Waits until the page cache's follower has read every change made so far (a few of its polls). */
export async function pageChangesFollowed(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
}

export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A browser without JavaScript: keeps cookies, follows nothing by itself, reads forms' CSRF tokens. */
export class WebClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly maildir: string,
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<WebResponse> {
    return this.request('GET', path, undefined, headers);
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<WebResponse> {
    return this.request('POST', path, new URLSearchParams(form).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /** Posts a form with the CSRF token read from `page` (the path of the page holding the form). */
  async submit(page: string, action: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<WebResponse> {
    const csrf = csrfOf((await this.get(page)).text);
    return this.post(action, { _csrf: csrf, ...form }, headers);
  }

  /**
   * Signs in through the real flow: the login form, the mail in the maildir, the link, its button.
   * A first sign-in lands on /welcome; with `handle` the welcome form is sent with it (and no
   * display name: the handle shows). Answers where the sign-in redirected to.
   */
  async signIn(email: string, options: { handle?: string; next?: string } = {}): Promise<string> {
    const sent = await this.submit('/login', '/login', { email, next: options.next ?? '/' });
    if (sent.status !== 200) throw new Error(`login request answered ${sent.status}`);
    const link = await latestLinkTo(this.maildir, email);
    const confirm = await this.get(new URL(link).pathname + new URL(link).search);
    const token = /name="token" value="([^"]+)"/.exec(confirm.text)?.[1];
    if (!token) throw new Error('no token on the confirmation page');
    const done = await this.post('/login/verify', { _csrf: csrfOf(confirm.text), token });
    if (done.status !== 303) throw new Error(`sign-in answered ${done.status}: ${done.text.slice(0, 300)}`);
    if (options.handle && done.location?.startsWith('/welcome')) {
      const welcome = await this.get(done.location);
      const next = /name="next" value="([^"]*)"/.exec(welcome.text)?.[1] ?? '/';
      const saved = await this.post('/welcome', { _csrf: csrfOf(welcome.text), handle: options.handle, display_name: '', next });
      if (saved.status !== 303) throw new Error(`welcome answered ${saved.status}: ${saved.text.slice(0, 300)}`);
    }
    return done.location ?? '';
  }

  private async request(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<WebResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + path, { method, body, redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
  }
}

/** A signed-in client without the mail round trip: a user and a session row, as sign-in makes them. */
export async function sessionClient(web: WebHarness, email: string): Promise<WebClient> {
  const user = await findOrCreateUser(web.store, email, email.split('@')[0]!);
  const token = `test-session-${email}`;
  await createSession(web.store, { tokenHash: hashToken(token), userId: user.id, now: new Date(), expiresAt: new Date(Date.now() + 3_600_000) });
  const c = web.client();
  c.cookies.set('pb_session', token);
  return c;
}

export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

/** The newest message to `email` in the maildir whose text matches `pattern`. */
export async function latestMailTo(maildir: string, email: string, pattern = /./): Promise<ParsedMail> {
  const dir = join(maildir, 'new');
  const files = readdirSync(dir).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t || (a.f < b.f ? 1 : -1));
  for (const { f } of files) {
    const mail = await simpleParser(readFileSync(join(dir, f)));
    const to = Array.isArray(mail.to) ? mail.to.flatMap((t) => t.value) : (mail.to?.value ?? []);
    if (to.some((a) => a.address === email) && pattern.test(mail.text ?? '')) return mail;
  }
  throw new Error(`no mail to ${email} matching ${pattern} in ${dir}`);
}

/** The sign-in link of the newest sign-in mail to `email`. */
export async function latestLinkTo(maildir: string, email: string): Promise<string> {
  const mail = await latestMailTo(maildir, email, /\/login\/verify\?token=/);
  return /(https?:\/\/\S+\/login\/verify\?token=\S+)/.exec(mail.text ?? '')![1]!;
}
