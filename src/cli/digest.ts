import { writeFileSync } from 'node:fs';
import { cleanEmail } from '../domain/community-rules.js';
import { cleanFrequency, cleanSize, cleanTopics, digestPeriod, DIGEST_SIZE, pickPapers } from '../domain/digest-rules.js';
import { isCalendarDate } from '../domain/dates.js';
import { InvalidInputError } from '../domain/errors.js';
import { DIGEST_JOBS } from '../jobs/schedule.js';
import { defaultPeriod, runDigests } from '../mail/digest-job.js';
import { buildDigestMessage, digestMessageId } from '../mail/digests.js';
import { buildRawMessage } from '../mail/message.js';
import { createMailer } from '../mail/transport.js';
import { papersForDigest } from '../store/feed.js';
import { latestJobRuns } from '../store/job-runs.js';
import { outboxStatus } from '../store/outbox.js';
import { findSubscriberByEmail, listSubscribers, importSubscribers, type Subscriber } from '../store/subscribers.js';
import { defineCommand } from './command.js';
import { formatJobRun, printJson, withStore } from './context.js';

export const digestCommand = defineCommand({
  name: 'digest',
  summary: 'E-mail digests: preview the exact message, send a period, or see the outbox.',
  usage: 'paperboy digest preview|send|status [--period daily|weekly] [--date YYYY-MM-DD] [--email ADDR] [--out FILE] [--json]',
  help: [
    '  preview               Print the exact message (RFC 5322) one subscriber would get',
    '  send                  Compose the period (once per subscriber) and send everything due',
    '  status                Outbox by status and period, recent failures, bounced addresses',
    '  --period P            daily (default) or weekly',
    '  --date DATE           A day of the period (default: the latest feed day; weekly: last week)',
    '  --email ADDR          preview: for this subscriber (default: a subscriber of everything)',
    '  --out FILE            preview: write the message to FILE (open it in a mail client)',
    '  --json                send/status: print JSON',
  ].join('\n'),
  options: { period: { type: 'string' }, date: { type: 'string' }, email: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals) {
    const [action, ...extra] = positionals;
    if (!action || !['preview', 'send', 'status'].includes(action) || extra.length > 0) {
      throw new InvalidInputError('usage: paperboy digest preview|send|status [options]\nRun `paperboy digest --help` for usage.', 'usage');
    }
    const frequency = cleanFrequency(values.period);
    if (values.date !== undefined && !isCalendarDate(values.date)) throw new InvalidInputError(`--date must be a date as YYYY-MM-DD, got "${values.date}"`);
    return withStore(async (store, config) => {
      const period = values.date ? digestPeriod(frequency, values.date) : await defaultPeriod(store, frequency, new Date());
      if (action === 'status') {
        const status = await outboxStatus(store);
        const bounced = (await listSubscribers(store)).filter((s) => s.bouncedAt);
        const runs = await latestJobRuns(store, { jobs: DIGEST_JOBS, perJob: 5 });
        if (values.json) {
          printJson({ ...status, bounced: bounced.map((s) => ({ email: s.email, at: s.bouncedAt, reason: s.bounceReason })), jobRuns: runs });
          return 0;
        }
        for (const r of runs) console.log(formatJobRun(r));
        console.log(`outbox      ${Object.entries(status.byStatus).map(([k, n]) => `${k} ${n}`).join(', ') || 'empty'}`);
        for (const p of status.byPeriod) console.log(`  ${p.period.padEnd(20)} ${p.status.padEnd(10)} ${p.n}`);
        for (const f of status.recentFailures) console.log(`failure     ${f.email} ${f.period} ${f.status} after ${f.attempts} attempts: ${f.error}`);
        for (const s of bounced) console.log(`bounced     ${s.email} ${s.bouncedAt}: ${s.bounceReason}`);
        return 0;
      }
      if (action === 'preview') {
        const subscriber = values.email ? await findSubscriberByEmail(store, cleanEmail(values.email)) : previewSubscriber(frequency);
        if (!subscriber) throw new InvalidInputError(`${values.email} is not subscribed (paperboy subscribers list)`, 'unknown_subscriber');
        const papers = pickPapers(await papersForDigest(store, period.from, period.to, 2000), subscriber.topics, subscriber.size);
        if (papers.length === 0) {
          console.error(`no papers for ${subscriber.email}'s topics in ${period.label}: no digest would be sent`);
          return 1;
        }
        const row = { subscriberId: subscriber.id, period: period.key, subject: period.subject, paperIds: papers.map((p) => p.id), messageId: digestMessageId(subscriber.id, period.key), createdAt: new Date().toISOString() };
        const raw = await buildRawMessage(await buildDigestMessage(store, config, row, subscriber, period), config.mail.from);
        if (values.out) {
          writeFileSync(values.out, raw);
          console.error(`wrote ${raw.length.toLocaleString('en-US')} bytes to ${values.out}`);
        } else process.stdout.write(raw);
        return 0;
      }
      const mailer = createMailer(config.mail);
      try {
        const result = await runDigests(store, config, mailer, period, { log: (line) => console.error(line) });
        if (values.json) printJson({ period: period.key, queued: result.queued, empty: result.empty, sent: result.sent, retried: result.retried, failed: result.failed, sentElsewhere: result.sentElsewhere });
        else console.log(`${period.key}: queued ${result.queued} (${result.empty} with nothing for their topics), ${result.sentElsewhere ? 'another run (serve or a CLI run) is sending and sends them' : `sent ${result.sent}, to retry ${result.retried}, failed ${result.failed}`}`);
        // A digest left to retry did not go out either: the mail server failed this run (exit 1).
        const unsent = result.failed + result.retried;
        if (unsent > 0) process.stderr.write(`paperboy digest: ${unsent} digest${unsent === 1 ? '' : 's'} not sent: ${result.lastError ?? 'the mail server refused'}\n`);
        return unsent > 0 ? 1 : 0;
      } finally {
        await mailer.close();
      }
    });
  },
});

/** Preview without a subscriber: the digest of everything, default size, to a placeholder address. */
function previewSubscriber(frequency: 'daily' | 'weekly'): Subscriber {
  return { id: 0, email: 'preview@example.org', frequency, topics: { categories: [], queries: [] }, size: DIGEST_SIZE.default, confirmedAt: null, unsubscribedAt: null, bouncedAt: null, bounceReason: null, createdAt: new Date().toISOString() };
}

export const subscribersCommand = defineCommand({
  name: 'subscribers',
  summary: 'Bring in or list digest subscribers.',
  usage: 'paperboy subscribers add EMAIL... [--frequency daily|weekly] [--topics cs.CL,...] [--size N] [--confirmed] | paperboy subscribers list [--json]',
  help: [
    '  add EMAIL...          Add (or update) subscribers; without --confirmed they must confirm first',
    '  list                  Print every subscriber and its state',
    '  --frequency F         daily (default) or weekly',
    '  --topics LIST         arXiv categories, comma-separated (default: everything)',
    '  --size N              papers per digest, 5-50 (default 10)',
    '  --confirmed           the addresses already opted in elsewhere: no confirmation mail',
    '  --json                list: print JSON',
  ].join('\n'),
  options: { frequency: { type: 'string' }, topics: { type: 'string' }, size: { type: 'string' }, confirmed: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals) {
    const [action, ...emails] = positionals;
    if (action === 'list' && emails.length === 0) {
      return withStore(async (store) => {
        const all = await listSubscribers(store);
        if (values.json) printJson(all);
        else for (const s of all) console.log(`${s.email}\t${s.frequency}\t${state(s)}\t${s.topics.categories.join(',') || 'everything'}\t${s.size}`);
        return 0;
      });
    }
    if (action !== 'add' || emails.length === 0) throw new InvalidInputError('usage: paperboy subscribers add EMAIL... | list\nRun `paperboy subscribers --help` for usage.', 'usage');
    const prefs = { frequency: cleanFrequency(values.frequency), topics: cleanTopics(values.topics ?? '', ''), size: cleanSize(values.size) };
    const addresses = emails.flatMap((e) => e.split(',')).filter(Boolean).map(cleanEmail);
    return withStore(async (store) => {
      const counts = await importSubscribers(store, [...new Set(addresses)].map((email) => ({ email, prefs, confirmed: values.confirmed === true })), new Date());
      console.log(`${counts.added} added, ${counts.updated} updated${values.confirmed ? '' : ' (unconfirmed: nothing is sent until they confirm)'}`);
      return 0;
    });
  },
});

function state(s: Subscriber): string {
  if (s.unsubscribedAt) return 'unsubscribed';
  if (s.bouncedAt) return 'bounced';
  return s.confirmedAt ? 'confirmed' : 'unconfirmed';
}
