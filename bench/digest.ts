/**
 * Digest composition and delivery at scale: 100k confirmed subscribers with varied topics over
 * 100k papers (1,000 of them on the digest's day, as on a busy arXiv day).
 *
 *   npm run bench:digest                              # 100k subscribers, 100k papers, 3 rounds of 20k sent
 *   npm run bench:digest -- --subscribers 10000 --send 5000 --rounds 1
 *   npm run bench:digest -- --dialect postgres        # the store in a scratch schema of BENCH_PG_URL
 *
 * Prints the time to compose and queue every digest (goal: <= 60 s), then messages/s delivered
 * to an SMTP sink in another process, next to the same sink fed pre-rendered messages by a bare
 * nodemailer pool (the ceiling: the sink, the loopback and SMTP itself). Each round sends `send`
 * digests through Paperboy, then as many pre-rendered ones through the bare pool, back to back,
 * and prints the ratio: on a shared machine the load moves between rounds.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/config.js';
import { digestPeriod, periodFromKey, type Preferences } from '../src/domain/digest-rules.js';
import type { SourceItem } from '../src/domain/paper.js';
import { readPaperFile } from '../src/ingest/files/detect-format.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { buildDigestMessage, composeDigests, PaperCache, sendDueDigests } from '../src/mail/digests.js';
import { composeMessage } from '../src/mail/message.js';
import { createMailer } from '../src/mail/transport.js';
import { claimDue, releaseClaims } from '../src/store/outbox.js';
import { findSubscribers, importSubscribers } from '../src/store/subscribers.js';
import { DEFAULT_SEED_PATH, growCorpus, mulberry32 } from './grow-corpus.js';
import { type Dialect, scratchStore } from './scratch-store.js';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '100000' },
    subscribers: { type: 'string', default: '100000' },
    send: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    dialect: { type: 'string', default: 'sqlite' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench') },
    /** Writes a .cpuprofile of Paperboy's send phase only (open it in Chrome DevTools). */
    profile: { type: 'string' },
  },
});
const PAPERS = Number(values.papers);
const SUBSCRIBERS = Number(values.subscribers);
const SEND = Number(values.send);
const ROUNDS = Number(values.rounds);
const DIALECT = values.dialect as Dialect;
if (DIALECT !== 'sqlite' && DIALECT !== 'postgres') throw new Error('--dialect sqlite or postgres');
if (SUBSCRIBERS < ROUNDS * SEND) throw new Error(`--subscribers must be at least --rounds x --send (${ROUNDS * SEND})`);
const DAY = '2026-11-27';
const CATEGORIES = ['cs.CL', 'cs.LG', 'cs.CV', 'cs.AI', 'stat.ML', 'cs.RO', 'cs.IR', 'cs.CR', 'cs.SE', 'eess.AS', 'math.OC', 'q-bio.NC', 'physics.comp-ph', 'cs.HC', 'cs.DC'];
const QUERIES = ['language model', 'diffusion', 'reinforcement learning', 'graph neural', 'benchmark', 'agents', 'retrieval', 'video generation'];

if (!existsSync(DEFAULT_SEED_PATH)) {
  console.error(`bench:digest needs the seed corpus at ${DEFAULT_SEED_PATH} (../shared/data)`);
  process.exit(1);
}
mkdirSync(values.dir, { recursive: true });
const corpus = join(values.dir, `corpus-${PAPERS}.jsonl`);
if (!existsSync(corpus)) await growCorpus({ count: PAPERS, outPath: corpus, seed: 1 });
const scratch = await scratchStore(DIALECT, `digest_${PAPERS}`, values.dir);
if (!scratch) process.exit(1);
const store = scratch.store;

// Papers with categories (the grown corpus has none): 1-3 of the list, skewed to the first ones.
const rand = mulberry32(7);
const pick = () => CATEGORIES[Math.floor(Math.pow(rand(), 1.7) * CATEGORIES.length)]!;
let n = 0;
async function* withCategories(): AsyncGenerator<SourceItem> {
  for await (const item of readPaperFile(corpus, 'jsonl')) {
    if (!('record' in item)) continue;
    const categories = [...new Set([pick(), pick(), pick()].slice(0, 1 + Math.floor(rand() * 3)))];
    const onDay = n++ % Math.floor(PAPERS / 1000) === 0;
    yield { record: { ...item.record, categories, primaryCategory: categories[0], ...(onDay ? { dailyAt: `${DAY}T10:00:00.000Z` } : {}) } };
  }
}
process.stderr.write(`importing ${PAPERS.toLocaleString('en-US')} papers...\n`);
await ingestItems(store, withCategories());

process.stderr.write(`adding ${SUBSCRIBERS.toLocaleString('en-US')} subscribers...\n`);
const subs = Array.from({ length: SUBSCRIBERS }, (_, i) => {
  const r = rand();
  const categories = r < 0.3 ? [] : [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, pick))];
  const queries = rand() < 0.2 ? [QUERIES[Math.floor(rand() * QUERIES.length)]!] : [];
  const prefs: Preferences = { frequency: 'daily', topics: { categories, queries }, size: 5 + Math.floor(rand() * 46) };
  return { email: `reader${i}@example.org`, prefs, confirmed: true };
});
await importSubscribers(store, subs, new Date());

const period = digestPeriod('daily', DAY);
let started = performance.now();
const composed = await composeDigests(store, period);
const composeSeconds = (performance.now() - started) / 1000;
process.stderr.write(`composed: ${composed.queued} queued, ${composed.empty} empty in ${composeSeconds.toFixed(1)} s\n`);

const sink = await startSink();
const config = loadConfig({ DATABASE_URL: scratch.url, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_RATE_PER_SECOND: '0', MAIL_CONCURRENCY: '8', BASE_URL: 'https://papers.example.org' });
// The fair ceiling: real digests of this run, pre-rendered (claimed, rendered, given back).
const sampleRows = await claimDue(store, new Date(), 500, 60_000);
const sampleSubs = await findSubscribers(store, sampleRows.map((r) => r.subscriberId));
const sampleCache = new PaperCache();
const samples: Buffer[] = [];
for (const row of sampleRows) samples.push((await composeMessage(await buildDigestMessage(store, config, row, sampleSubs.get(row.subscriberId)!, periodFromKey(row.period), sampleCache), config.mail.from)).wire());
await releaseClaims(store);
const sampleKb = samples.reduce((n, b) => n + b.length, 0) / samples.length / 1024;
// The ceiling: the same sink fed one pre-rendered digest-sized message, 8 pooled connections,
// in its wire form (CRLF), as Paperboy's SMTP transport hands it over.
const raw = (await composeMessage({ to: 'reader0@example.org', subject: period.subject, text: 'x'.repeat(3000), html: `<p>${'x'.repeat(20_000)}</p>` }, config.mail.from)).wire();
/** CPU time of this process (user + system, all threads) since `from`, in ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
/** Messages/s and CPU ms per message of a bare nodemailer pool like Paperboy's (8 connections, nodemailer's defaults otherwise). */
async function barePool(message: (i: number) => Buffer): Promise<{ rate: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const pool = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, pool: true, maxConnections: 8, secure: false, ignoreTLS: true });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < SEND) await pool.sendMail({ envelope: { from: 'paperboy@localhost', to: ['reader0@example.org'] }, raw: message(next++) });
  }));
  pool.close();
  return { rate: SEND / ((performance.now() - t0) / 1000), cpu: cpuMs(cpu) / SEND };
}
/** Messages/s and CPU ms per digest of Paperboy's send run: claims, renders, sends and marks SEND digests. */
async function paperboy(): Promise<{ rate: number; cpu: number }> {
  const mailer = createMailer(config.mail);
  const profiler = values.profile ? await startProfile() : undefined;
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  const sent = await sendDueDigests(store, config, mailer, periodFromKey, { limit: SEND });
  const seconds = (performance.now() - t0) / 1000;
  const cpuEach = cpuMs(cpu) / sent.sent;
  if (profiler) await profiler.stop(values.profile!);
  await mailer.close();
  if (sent.sent !== SEND) throw new Error(`sent ${sent.sent} of ${SEND} (${JSON.stringify(sent)})`);
  return { rate: sent.sent / seconds, cpu: cpuEach };
}

// First, so that the sink (a fresh process) has warmed up before the first round.
const small = await barePool(() => raw);
const rounds: { paperboy: { rate: number; cpu: number }; bare: { rate: number; cpu: number } }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const round = { paperboy: await paperboy(), bare: await barePool((i) => samples[i % samples.length]!) };
  rounds.push(round);
  process.stderr.write(`round ${r + 1}: Paperboy ${round.paperboy.rate.toFixed(0)}/s, bare pool ${round.bare.rate.toFixed(0)}/s: ${((100 * round.paperboy.rate) / round.bare.rate).toFixed(0)} %\n`);
}
sink.stop();
await scratch.cleanup();

const ratios = rounds.map((r) => (100 * r.paperboy.rate) / r.bare.rate);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (r: { rate: number; cpu: number }) => `${r.rate.toFixed(0).padStart(7)} msg/s  ${r.cpu.toFixed(2)} ms CPU each`;
console.log(`\nDigests (node ${process.version}, ${cpus().length} cores, ${DIALECT === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, load average ${loadavg()[0]!.toFixed(1)})`);
console.log(`papers ${PAPERS.toLocaleString('en-US')}, subscribers ${SUBSCRIBERS.toLocaleString('en-US')} (30% everything, the rest 1-4 of ${CATEGORIES.length} categories, 20% with a saved search, 5-50 papers each)`);
console.log(`compose + queue     ${composeSeconds.toFixed(1).padStart(7)} s   ${composed.queued.toLocaleString('en-US')} digests queued, ${composed.empty.toLocaleString('en-US')} with nothing to send (goal <= 60 s)`);
console.log(`deliver, ${SEND.toLocaleString('en-US')} per round: Paperboy (claim, render, SMTP, outbox marks batched), then a bare nodemailer pool (8 connections) fed ${samples.length} of these digests pre-rendered (${sampleKb.toFixed(0)} kB on average)`);
rounds.forEach((r, i) => console.log(`  round ${i + 1}  Paperboy ${fmt(r.paperboy)}   bare pool ${fmt(r.bare)}   ${ratios[i]!.toFixed(0).padStart(3)} %`));
console.log(`deliver (bare pool) ${fmt(small)}   one pre-rendered 25 kB message`);
console.log(`Paperboy / bare pool ${median(ratios).toFixed(0).padStart(6)} %     median of ${ROUNDS} round(s) on the same digests (${ratios.map((x) => x.toFixed(0)).join(', ')}; goal >= 80 %)`);

async function startProfile(): Promise<{ stop: (path: string) => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(path) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      process.stderr.write(`profile of the send phase: ${path}\n`);
    },
  };
}

async function startSink(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/smtp-sink-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const m = /listening (\d+)/.exec(line);
    if (m) return { port: Number(m[1]), stop: () => child.kill('SIGTERM') };
  }
  throw new Error('SMTP sink did not start');
}
