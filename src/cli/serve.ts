import { Cron } from 'croner';
import { loadConfig } from '../config.js';
import { InvalidInputError } from '../domain/errors.js';
import { scheduledJobs } from '../jobs/schedule.js';
import { startScheduler } from '../jobs/scheduler.js';
import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { createMailer } from '../mail/transport.js';
import { SearchService } from '../search/search-service.js';
import { buildApp } from '../web/app.js';
import { defineCommand } from './command.js';
import { arxivClient } from './context.js';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Run the web server and the daily arXiv ingestion (what `npm start` runs).',
  usage: 'paperboy serve',
  help: '  (configured by HOST, PORT, BASE_URL, DATABASE_URL, INGEST_SCHEDULE, ...: see `paperboy config`)',
  options: {},
  allowPositionals: false,
  async run() {
    const config = loadConfig();
    for (const [name, cron] of [['INGEST_SCHEDULE', config.ingestSchedule], ['DIGEST_DAILY_SCHEDULE', config.digestSchedule.daily], ['DIGEST_WEEKLY_SCHEDULE', config.digestSchedule.weekly]] as const) {
      if (cron) validateCron(name, cron);
    }
    const store = openStore(config.databaseUrl);
    await migrateToLatest(store);
    const mailer = createMailer(config.mail);
    // The one arXiv client of the process: ingestion and submissions share its rate limit.
    // Retries are routine (arXiv answers 503 at its busy hours): debug level; a failed run logs one error line.
    let debug: (line: string) => void = () => {};
    const client = arxivClient(config, (line) => debug(line));
    let info: (line: string) => void = () => {};
    const search = new SearchService(store, config.search, (line) => info(line));
    const app = buildApp({ store, config, mailer, arxiv: client, search, logLevel: config.logLevel });
    debug = (line) => app.log.debug(line);
    info = (line) => app.log.info(line);
    const log = {
      info: (msg: string) => app.log.info(msg),
      error: (msg: string) => app.log.error(msg),
    };
    const { jobs, atStart } = scheduledJobs({ store, config, client, mailer, log: log.info, vectorOf: (id) => search.index?.vectorOf(id) ?? null });
    const scheduler = startScheduler(store, jobs, log);

    await app.listen({ host: config.host, port: config.port });
    // Built in the background: pages serve at once, search answers "building" until it is ready.
    void search.start();
    app.log.info(`Paperboy serving ${config.baseUrl} (store: ${store.dialect} ${store.location})`);
    for (const { name, next } of scheduler.nextRuns()) app.log.info(`job ${name}: next run ${next} (${jobs.find((j) => j.name === name)?.cron}, America/New_York)`);
    for (const { name, asScheduled } of atStart) void (asScheduled ? scheduler.catchUp(name) : scheduler.runNow(name));

    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await search.stop();
    // A job cut short is safe: every committed batch and checkpoint stays, the next run resumes.
    await scheduler.stop(5000);
    await mailer.close();
    await store.close();
    // Exit now: a job still waiting out an arXiv backoff would otherwise keep the process alive.
    process.exit(0);
  },
});

function validateCron(name: string, expr: string): void {
  try {
    new Cron(expr, { paused: true }).stop();
  } catch (err) {
    throw new InvalidInputError(`invalid configuration:\n  ${name}: "${expr}" is not a cron expression (${err instanceof Error ? err.message : err})`, 'invalid_config');
  }
}
