import { z } from 'zod';
import { InvalidInputError } from './domain/errors.js';
import { cleanCategories } from './domain/text.js';

/**
 * Every setting Paperboy reads, from environment variables, validated once at start into one
 * typed object that is passed on explicitly. `paperboy config` prints it; README.md lists it.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.string().url().transform((u) => u.replace(/\/+$/, ''));

export const CONFIG_DOC = {
  DATABASE_URL: { default: './data/paperboy.db', doc: 'Store: a SQLite file path, sqlite:PATH, or postgres://user@host:port/db' },
  HOST: { default: '127.0.0.1', doc: 'Address `serve` listens on' },
  PORT: { default: '3000', doc: 'Port `serve` listens on' },
  BASE_URL: { default: 'http://HOST:PORT', doc: 'Public URL used for absolute links' },
  LOG_LEVEL: { default: 'info', doc: 'fatal, error, warn, info, debug or trace' },
  METRICS_TOKEN: { default: '', doc: 'Bearer token /metrics wants; empty: /metrics answers loopback addresses only' },
  TRUST_PROXY: { default: '', doc: 'Addresses of the reverse proxies in front of `serve` (comma list of addresses and IPv4 ranges; "loopback" for 127.0.0.1 and ::1): requests from them are attributed to the X-Forwarded-For client for read limits, sign-in mail limits and /metrics; empty: the socket address' },
  READ_LIMIT_PER_MINUTE: { default: '1200', doc: 'Reads (pages, search, feeds, APIs) a minute per client address, counted per process; 0: no limit (a load test from one address)' },
  ARXIV_CATEGORIES: { default: 'cs.AI,cs.CL,cs.CV,cs.LG,stat.ML', doc: 'Categories the daily ingestion follows' },
  ARXIV_OAI_URL: { default: 'https://oaipmh.arxiv.org/oai', doc: 'arXiv OAI-PMH endpoint' },
  ARXIV_API_URL: { default: 'https://export.arxiv.org/api/query', doc: 'arXiv API endpoint' },
  ARXIV_RSS_URL: { default: 'https://rss.arxiv.org', doc: 'arXiv RSS/Atom announcement feeds' },
  ARXIV_REQUEST_INTERVAL_MS: { default: '3000', doc: 'Gap between arXiv requests (arXiv asks for 3 s, one at a time)' },
  ARXIV_MAX_RETRIES: { default: '5', doc: 'Retries of a failed arXiv request (429/503/network)' },
  ARXIV_BACKOFF_MS: { default: '5000', doc: 'First backoff when arXiv sends no Retry-After; doubles each retry' },
  ARXIV_TIMEOUT_MS: { default: '60000', doc: 'Timeout of one arXiv request' },
  SUBMIT_WAIT_MS: { default: '10000', doc: 'How long a submission waits for arXiv within the web request; past it the submission is queued and finished in the background' },
  ARXIV_BACKFILL_DAYS: { default: '3', doc: 'Days the first OAI-PMH harvest reaches back when no checkpoint exists' },
  ARXIV_CONTACT: { default: '', doc: 'Contact e-mail sent in the User-Agent, as arXiv asks of harvesters' },
  ARXIV_PDF_URL: { default: 'https://arxiv.org/pdf', doc: 'Where the thumbnail job fetches PDFs: ARXIV_PDF_URL/ID' },
  THUMBNAILS: { default: 'on', doc: 'First-page thumbnails of new papers, rendered in the background by `serve`; "off": no PDF is fetched (cards show a placeholder)' },
  GITHUB: { default: 'on', doc: 'Code repositories of papers with their GitHub stars, refreshed in the background by `serve`; "off": GitHub is never asked' },
  GITHUB_API_URL: { default: 'https://api.github.com', doc: 'GitHub API (REST `/repos/{owner}/{name}`, and `/graphql` with a token)' },
  GITHUB_TOKEN: { default: '', doc: 'GitHub token (no scope needed): 5,000 requests an hour and GraphQL batches of 50 repositories, instead of 60 unauthenticated requests an hour' },
  SUMMARIES: { default: 'on', doc: 'One-sentence summaries and keywords of papers, made offline in the background by `serve` (cards, digests, feeds, APIs); "off": none are made' },
  SUMMARY_URL: { default: '', doc: 'An OpenAI-compatible chat server (POST {URL}/v1/chat/completions) that writes the summaries instead, e.g. http://127.0.0.1:11434; empty: offline summaries only' },
  SUMMARY_MODEL: { default: '', doc: 'With SUMMARY_URL: the model name the server expects' },
  SUMMARY_API_KEY: { default: '', doc: 'With SUMMARY_URL: bearer key, if the server wants one' },
  SUMMARY_PER_MINUTE: { default: '20', doc: 'With SUMMARY_URL: most requests to the chat server a minute' },
  INGEST_SCHEDULE: { default: '30 0 * * *', doc: 'Cron (America/New_York) of the daily ingestion in `serve`; "off" disables it and the start-up catch-up' },
  INGEST_ON_START: { default: 'true', doc: 'Run one catch-up ingestion when `serve` starts' },
  DIGEST_DAILY_SCHEDULE: { default: '0 6 * * *', doc: 'Cron (America/New_York) of the daily digest in `serve`, after the ingestion and a night of votes; "off" disables it' },
  DIGEST_WEEKLY_SCHEDULE: { default: '0 7 * * 1', doc: 'Cron (America/New_York) of the weekly digest (last complete week); "off" disables it' },
  SMTP_URL: { default: '', doc: 'Outgoing mail server, smtp://user:pass@host:587 (STARTTLS required with a password) or smtps://...:465; empty: mail is written to MAILDIR' },
  MAIL_FROM: { default: 'Paperboy <paperboy@localhost>', doc: 'From address of sign-in mails and digests' },
  MAILDIR: { default: './data/mail', doc: 'Maildir that receives the mail when SMTP_URL is empty (new/ holds one file per message)' },
  MAIL_CONCURRENCY: { default: '4', doc: 'Pooled SMTP connections' },
  MAIL_RATE_PER_SECOND: { default: '10', doc: 'Most messages sent per second (0 = no limit)' },
  MAIL_POSTAL_ADDRESS: { default: '', doc: 'Sender identity line in digest footers (who runs this Paperboy, and where)' },
  EMBEDDINGS: { default: 'builtin', doc: 'Search by meaning: builtin (the model shipped with Paperboy, extended by the stored papers; offline), store (a model trained on the stored papers alone), http (an OpenAI-compatible server) or off' },
  EMBEDDINGS_URL: { default: '', doc: 'With EMBEDDINGS=http: the server, e.g. http://127.0.0.1:11434 (POST /v1/embeddings)' },
  EMBEDDINGS_MODEL: { default: '', doc: 'With EMBEDDINGS=http: the model name the server expects' },
  EMBEDDINGS_API_KEY: { default: '', doc: 'With EMBEDDINGS=http: bearer key, if the server wants one' },
  SEARCH_VECTOR_EXACT_LIMIT: { default: '50000', doc: 'Paper vectors up to which search by meaning scores every one on the serving thread; above it, a sketch pass picks candidates in a worker thread' },
  SEARCH_SNAPSHOT_DIR: { default: './data/search', doc: 'Where `serve` keeps the search index snapshot for a fast restart ("off": rebuild from the store every start)' },
} as const;

const schema = z.object({
  DATABASE_URL: z.string().min(1).default(CONFIG_DOC.DATABASE_URL.default),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  BASE_URL: url.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().default(''),
  TRUST_PROXY: z.string().regex(/^[\w.:/, ]*$/, 'must be a comma list of addresses, IPv4 ranges (10.0.0.0/8) or "loopback"').default(''),
  READ_LIMIT_PER_MINUTE: int(0, 10_000_000).default(1200),
  ARXIV_CATEGORIES: z.string().default(CONFIG_DOC.ARXIV_CATEGORIES.default),
  ARXIV_OAI_URL: url.default(CONFIG_DOC.ARXIV_OAI_URL.default),
  ARXIV_API_URL: url.default(CONFIG_DOC.ARXIV_API_URL.default),
  ARXIV_RSS_URL: url.default(CONFIG_DOC.ARXIV_RSS_URL.default),
  ARXIV_REQUEST_INTERVAL_MS: int(0, 600_000).default(3000),
  ARXIV_MAX_RETRIES: int(0, 20).default(5),
  ARXIV_BACKOFF_MS: int(0, 600_000).default(5000),
  ARXIV_TIMEOUT_MS: int(100, 600_000).default(60_000),
  SUBMIT_WAIT_MS: int(0, 600_000).default(10_000),
  ARXIV_BACKFILL_DAYS: int(0, 3650).default(3),
  ARXIV_CONTACT: z.string().default(''),
  ARXIV_PDF_URL: url.default(CONFIG_DOC.ARXIV_PDF_URL.default),
  THUMBNAILS: bool.default(true),
  GITHUB: bool.default(true),
  GITHUB_API_URL: url.default(CONFIG_DOC.GITHUB_API_URL.default),
  GITHUB_TOKEN: z.string().default(''),
  SUMMARIES: bool.default(true),
  SUMMARY_URL: url.optional(),
  SUMMARY_MODEL: z.string().default(''),
  SUMMARY_API_KEY: z.string().default(''),
  SUMMARY_PER_MINUTE: int(1, 10_000).default(20),
  INGEST_SCHEDULE: z.string().default(CONFIG_DOC.INGEST_SCHEDULE.default),
  INGEST_ON_START: bool.default(true),
  DIGEST_DAILY_SCHEDULE: z.string().default(CONFIG_DOC.DIGEST_DAILY_SCHEDULE.default),
  DIGEST_WEEKLY_SCHEDULE: z.string().default(CONFIG_DOC.DIGEST_WEEKLY_SCHEDULE.default),
  SMTP_URL: z
    .string()
    .refine(isSmtpUrl, 'must be smtp://[user:pass@]host[:port] or smtps://[user:pass@]host[:port] (special characters in the password %-encoded)')
    .optional(),
  // One address, bare or with a display name: it also becomes the SMTP envelope sender.
  MAIL_FROM: z
    .string()
    .regex(/^([^<>@]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'must be an address, e.g. Paperboy <paperboy@example.org> or paperboy@example.org')
    .default(CONFIG_DOC.MAIL_FROM.default),
  MAILDIR: z.string().min(1).default(CONFIG_DOC.MAILDIR.default),
  MAIL_CONCURRENCY: int(1, 100).default(4),
  MAIL_RATE_PER_SECOND: int(0, 10_000).default(10),
  MAIL_POSTAL_ADDRESS: z.string().default(''),
  EMBEDDINGS: z.enum(['builtin', 'store', 'http', 'off']).default('builtin'),
  EMBEDDINGS_URL: url.optional(),
  EMBEDDINGS_MODEL: z.string().default(''),
  EMBEDDINGS_API_KEY: z.string().default(''),
  SEARCH_VECTOR_EXACT_LIMIT: int(0, 100_000_000).default(50_000),
  SEARCH_SNAPSHOT_DIR: z.string().min(1).default(CONFIG_DOC.SEARCH_SNAPSHOT_DIR.default),
});

export interface Config {
  databaseUrl: string;
  host: string;
  port: number;
  baseUrl: string;
  logLevel: string;
  /** Reads a minute per client address (src/web/http/read-limit.ts); 0: none. */
  readLimitPerMinute: number;
  /** Bearer token for /metrics; empty: loopback only. */
  metricsToken: string;
  /** TRUST_PROXY: proxy addresses whose X-Forwarded-For is believed (src/web/http/client-address.ts). */
  trustProxy: string;
  arxiv: {
    categories: string[];
    oaiUrl: string;
    apiUrl: string;
    rssUrl: string;
    requestIntervalMs: number;
    maxRetries: number;
    backoffMs: number;
    timeoutMs: number;
    backfillDays: number;
    userAgent: string;
    /** SUBMIT_WAIT_MS: a submission's wait for arXiv inside the web request. */
    submitWaitMs: number;
  };
  /** Cron expression, or null when scheduling is off. */
  ingestSchedule: string | null;
  ingestOnStart: boolean;
  /** First-page thumbnails (src/thumbnails/): off fetches no PDF. */
  thumbnails: { enabled: boolean; pdfUrl: string };
  /** Code repositories' stars (src/enrich/): off never asks GitHub; token null: unauthenticated REST. */
  github: { enabled: boolean; apiUrl: string; token: string | null };
  /** Summaries and keywords (src/enrich/summaries/): off makes none; `chat` when a model writes them. */
  summaries: { enabled: boolean; chat: SummaryChatConfig | null };
  /** Cron expressions of the digest runs, null when off. */
  digestSchedule: { daily: string | null; weekly: string | null };
  mail: MailConfig;
  search: SearchConfig;
}

export interface SummaryChatConfig {
  url: string;
  model: string;
  apiKey: string;
  perMinute: number;
}

export interface SearchConfig {
  embeddings: EmbeddingsConfig;
  /** null: no snapshot, the index is rebuilt from the store at every start. */
  snapshotDir: string | null;
  /** Vectors up to which search by meaning scans exactly on the calling thread (VectorIndex). */
  vectorExactLimit?: number;
}

export type EmbeddingsConfig = { provider: 'builtin' } | { provider: 'store' } | { provider: 'off' } | { provider: 'http'; url: string; model: string; apiKey: string };

export interface MailConfig {
  /** null: write messages to `maildir` instead of sending them. */
  smtpUrl: string | null;
  from: string;
  maildir: string;
  concurrency: number;
  /** Messages per second; 0 = unlimited. */
  ratePerSecond: number;
  postalAddress: string;
}

/** Reads and validates the environment; throws InvalidInputError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.keys(CONFIG_DOC).flatMap((k) => (env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [])));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new InvalidInputError(`invalid configuration:\n${lines.join('\n')}`, 'invalid_config');
  }
  const c = parsed.data;
  const categories = cleanCategories(c.ARXIV_CATEGORIES);
  if (categories.length === 0) throw new InvalidInputError('invalid configuration:\n  ARXIV_CATEGORIES: name at least one arXiv category, e.g. cs.CL', 'invalid_config');
  const baseUrl = c.BASE_URL ?? `http://${c.HOST.includes(':') ? `[${c.HOST}]` : c.HOST}:${c.PORT}`;
  const contact = c.ARXIV_CONTACT ? `; mailto:${c.ARXIV_CONTACT}` : '';
  const schedule = c.INGEST_SCHEDULE.trim();
  if (c.EMBEDDINGS === 'http' && (!c.EMBEDDINGS_URL || !c.EMBEDDINGS_MODEL)) {
    throw new InvalidInputError('invalid configuration:\n  EMBEDDINGS=http needs EMBEDDINGS_URL and EMBEDDINGS_MODEL', 'invalid_config');
  }
  if (c.SUMMARY_URL && !c.SUMMARY_MODEL) {
    throw new InvalidInputError('invalid configuration:\n  SUMMARY_URL needs SUMMARY_MODEL', 'invalid_config');
  }
  const embeddings: EmbeddingsConfig =
    c.EMBEDDINGS === 'http' ? { provider: 'http', url: c.EMBEDDINGS_URL!, model: c.EMBEDDINGS_MODEL, apiKey: c.EMBEDDINGS_API_KEY } : { provider: c.EMBEDDINGS };
  return {
    databaseUrl: c.DATABASE_URL,
    host: c.HOST,
    port: c.PORT,
    baseUrl,
    logLevel: c.LOG_LEVEL,
    readLimitPerMinute: c.READ_LIMIT_PER_MINUTE,
    metricsToken: c.METRICS_TOKEN,
    trustProxy: c.TRUST_PROXY,
    arxiv: {
      categories,
      oaiUrl: c.ARXIV_OAI_URL,
      apiUrl: c.ARXIV_API_URL,
      rssUrl: c.ARXIV_RSS_URL,
      requestIntervalMs: c.ARXIV_REQUEST_INTERVAL_MS,
      maxRetries: c.ARXIV_MAX_RETRIES,
      backoffMs: c.ARXIV_BACKOFF_MS,
      timeoutMs: c.ARXIV_TIMEOUT_MS,
      backfillDays: c.ARXIV_BACKFILL_DAYS,
      userAgent: `Paperboy/0.1 (+${baseUrl}${contact})`,
      submitWaitMs: c.SUBMIT_WAIT_MS,
    },
    ingestSchedule: schedule === '' || schedule === 'off' ? null : schedule,
    ingestOnStart: schedule !== 'off' && c.INGEST_ON_START,
    thumbnails: { enabled: c.THUMBNAILS, pdfUrl: c.ARXIV_PDF_URL },
    github: { enabled: c.GITHUB, apiUrl: c.GITHUB_API_URL, token: c.GITHUB_TOKEN.trim() || null },
    summaries: { enabled: c.SUMMARIES, chat: c.SUMMARY_URL ? { url: c.SUMMARY_URL, model: c.SUMMARY_MODEL, apiKey: c.SUMMARY_API_KEY, perMinute: c.SUMMARY_PER_MINUTE } : null },
    digestSchedule: { daily: cronOrOff(c.DIGEST_DAILY_SCHEDULE), weekly: cronOrOff(c.DIGEST_WEEKLY_SCHEDULE) },
    mail: {
      smtpUrl: c.SMTP_URL ?? null,
      from: c.MAIL_FROM,
      maildir: c.MAILDIR,
      concurrency: c.MAIL_CONCURRENCY,
      ratePerSecond: c.MAIL_RATE_PER_SECOND,
      postalAddress: c.MAIL_POSTAL_ADDRESS,
    },
    search: { embeddings, snapshotDir: c.SEARCH_SNAPSHOT_DIR.trim() === 'off' ? null : c.SEARCH_SNAPSHOT_DIR, vectorExactLimit: c.SEARCH_VECTOR_EXACT_LIMIT },
  };
}

/** smtp:// or smtps:// with a host; `new URL` also catches a password whose `/`, `?` or `#` is not %-encoded. */
function isSmtpUrl(value: string): boolean {
  if (!/^smtps?:\/\/\S+$/.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

function cronOrOff(value: string): string | null {
  const v = value.trim();
  return v === '' || v === 'off' ? null : v;
}
