/**
 * Digest composition and delivery at scale: 100k confirmed subscribers with varied topics over
 * 100k papers (1,000 of them on the digest's day, as on a busy arXiv day).
 *
 *   npm run bench:digest                              # 100k subscribers, 100k papers, 20k sent
 *   npm run bench:digest -- --subscribers 10000 --send 5000
 *
 * Prints the time to compose and queue every digest (goal: <= 60 s), then messages/s delivered
 * to an SMTP sink in another process, next to the same sink fed pre-rendered messages by a bare
 * nodemailer pool (the ceiling: the sink, the loopback and SMTP itself).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
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
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { claimDue, releaseClaims } from '../src/store/outbox.js';
import { findSubscribers, importSubscribers } from '../src/store/subscribers.js';
import { DEFAULT_SEED_PATH, growCorpus, mulberry32 } from './grow-corpus.js';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '100000' },
    subscribers: { type: 'string', default: '100000' },
    send: { type: 'string', default: '20000' },
    dir: { type: 'string', default: join(tmpdir(), 'paperboy-bench') },
  },
});
const PAPERS = Number(values.papers);
const SUBSCRIBERS = Number(values.subscribers);
const SEND = Number(values.send);
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
const dbPath = join(values.dir, `digest-${PAPERS}.db`);
for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
const store = openStore(dbPath);
await migrateToLatest(store);

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
const config = loadConfig({ DATABASE_URL: dbPath, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_RATE_PER_SECOND: '0', MAIL_CONCURRENCY: '8', BASE_URL: 'https://papers.example.org' });
// The fair ceiling: real digests of this run, pre-rendered (claimed, rendered, given back).
const sampleRows = await claimDue(store, new Date(), 500, 60_000);
const sampleSubs = await findSubscribers(store, sampleRows.map((r) => r.subscriberId));
const sampleCache = new PaperCache();
const samples: Buffer[] = [];
for (const row of sampleRows) samples.push((await composeMessage(await buildDigestMessage(store, config, row, sampleSubs.get(row.subscriberId)!, periodFromKey(row.period), sampleCache), config.mail.from)).wire());
await releaseClaims(store);
const sampleKb = samples.reduce((n, b) => n + b.length, 0) / samples.length / 1024;
const mailer = createMailer(config.mail);
started = performance.now();
const cpu = process.cpuUsage();
const sent = await sendDueDigests(store, config, mailer, periodFromKey, { limit: SEND });
const sendSeconds = (performance.now() - started) / 1000;
const sendCpuMs = cpuMs(cpu) / sent.sent;
await mailer.close();

// The ceiling: the same sink fed one pre-rendered digest-sized message, 8 pooled connections,
// in its wire form (CRLF), as Paperboy's SMTP transport hands it over.
const raw = (await composeMessage({ to: 'reader0@example.org', subject: period.subject, text: 'x'.repeat(3000), html: `<p>${'x'.repeat(20_000)}</p>` }, config.mail.from)).wire();
/** CPU time of this process (user + system, all threads) since `from`, in ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
const bareCpuMs: number[] = [];
async function barePool(message: (i: number) => Buffer): Promise<number> {
  const cpu = process.cpuUsage();
  const pool = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, pool: true, maxConnections: 8, secure: false, ignoreTLS: true });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < SEND) await pool.sendMail({ envelope: { from: 'paperboy@localhost', to: ['reader0@example.org'] }, raw: message(next++) });
  }));
  pool.close();
  bareCpuMs.push(cpuMs(cpu) / SEND);
  return (performance.now() - t0) / 1000;
}
const bareSeconds = await barePool(() => raw);
const bareRealSeconds = await barePool((i) => samples[i % samples.length]!);
sink.stop();
await store.close();

console.log(`\nDigests (node ${process.version}, ${cpus().length} cores, SQLite)`);
console.log(`papers ${PAPERS.toLocaleString('en-US')}, subscribers ${SUBSCRIBERS.toLocaleString('en-US')} (30% everything, the rest 1-4 of ${CATEGORIES.length} categories, 20% with a saved search, 5-50 papers each)`);
console.log(`compose + queue     ${composeSeconds.toFixed(1).padStart(7)} s   ${composed.queued.toLocaleString('en-US')} digests queued, ${composed.empty.toLocaleString('en-US')} with nothing to send (goal <= 60 s)`);
console.log(`deliver (Paperboy)  ${(sent.sent / sendSeconds).toFixed(0).padStart(7)} msg/s  ${sent.sent.toLocaleString('en-US')} sent in ${sendSeconds.toFixed(1)} s, ${sendCpuMs.toFixed(2)} ms CPU each (render, SMTP, outbox marks batched)`);
console.log(`deliver (bare pool) ${(SEND / bareSeconds).toFixed(0).padStart(7)} msg/s  the same sink fed pre-rendered 25 kB messages, ${bareCpuMs[0]!.toFixed(2)} ms CPU each`);
console.log(`deliver (bare pool) ${(SEND / bareRealSeconds).toFixed(0).padStart(7)} msg/s  the same sink fed ${samples.length} of these digests pre-rendered (${sampleKb.toFixed(0)} kB on average), ${bareCpuMs[1]!.toFixed(2)} ms CPU each`);
console.log(`Paperboy / bare pool ${((100 * sent.sent) / sendSeconds / (SEND / bareRealSeconds)).toFixed(0).padStart(7)} %     of the same digests pre-rendered (${((100 * sent.sent) / sendSeconds / (SEND / bareSeconds)).toFixed(0)} % of the 25 kB one; goal >= 80 %)`);

async function startSink(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/smtp-sink-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const m = /listening (\d+)/.exec(line);
    if (m) return { port: Number(m[1]), stop: () => child.kill('SIGTERM') };
  }
  throw new Error('SMTP sink did not start');
}
