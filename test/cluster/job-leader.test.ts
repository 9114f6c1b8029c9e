/**
 * Scheduled ingestion on three `serve` processes (one PostgreSQL, job lock = advisory lock)
 * against the local arXiv server serving a long, slow OAI-PMH chain: the job leader killed
 * mid-run, and the job leader cut off from PostgreSQL mid-run (its lock's session dies with the
 * link, so another process takes the job; the fence of src/store/locks.ts stops the first one).
 * Separate from cluster.test.ts: these processes run a schedule every 4 s, which the load tests
 * there must not share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABANDONED } from '../../src/store/ingest-runs.js';
import { type ArxivServer, type OaiChain, oaiChainIds, startArxivServer } from '../support/arxiv-server.js';
import { postgresFactory } from '../support/stores.js';
import { type Cluster, startCluster } from './cluster.js';

const report: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!postgresFactory.available)('scheduled ingestion on three serve processes: the job leader killed or cut off mid-run', () => {
  let arxiv: ArxivServer;
  let cluster: Cluster;

  beforeAll(async () => {
    // Until a test hands out a chain, every harvest finds no records (the processes start one by one).
    arxiv = await startArxivServer({ oaiEmpty: true, rssFeed: 'weekend' });
    cluster = await startCluster({
      env: {
        INGEST_SCHEDULE: '*/4 * * * * *', // every 4 s (croner's seconds field)
        INGEST_ON_START: 'false',
        ARXIV_CATEGORIES: 'cs.LG',
        ARXIV_OAI_URL: arxiv.oaiUrl,
        ARXIV_API_URL: arxiv.apiUrl,
        ARXIV_RSS_URL: arxiv.rssUrl,
        ARXIV_REQUEST_INTERVAL_MS: '0',
        ARXIV_BACKOFF_MS: '100',
        ARXIV_TIMEOUT_MS: '10000',
      },
      nodeEnv: (i) => ({ ARXIV_CONTACT: `node${i}@example.org` }),
    });
  });
  afterAll(async () => {
    await cluster?.close();
    await arxiv?.close();
    console.log(`\n--- job leader report\n${report.join('\n')}\n`);
  });

  const db = () => cluster.store.store.db;
  const nodeOf = (userAgent: string) => Number(/mailto:node(\d+)@/.exec(userAgent)?.[1] ?? -1);
  /** The first request for page `page` of the chain: who asked, and when. */
  const waitForPage = async (chain: OaiChain, page: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const req = arxiv.requests.find((r) => r.query.resumptionToken === `chain${chain.first}|${page}`);
      if (req) return req;
      if (Date.now() > deadline) throw new Error(`nobody asked for page ${page} of chain ${chain.first} in 30 s`);
      await sleep(10);
    }
  };
  const papersOf = async (chain: OaiChain) => {
    const ids = oaiChainIds(chain);
    return (await db().selectFrom('papers').select('id').where('id', 'in', ids).execute()).length;
  };
  /** Waits until every paper of the chain is stored and no ingestion run is open. */
  const waitForAll = async (chain: OaiChain) => {
    const deadline = Date.now() + 40_000;
    for (;;) {
      const open = await db().selectFrom('ingest_runs').select('id').where('finished_at', 'is', null).execute();
      if ((await papersOf(chain)) === oaiChainIds(chain).length && open.length === 0) return;
      if (Date.now() > deadline) throw new Error(`chain ${chain.first}: ${await papersOf(chain)} papers after 40 s, ${open.length} runs open`);
      await sleep(100);
    }
  };
  const runsSince = (at: number) => db().selectFrom('ingest_runs').selectAll().where('started_at', '>=', new Date(at).toISOString()).orderBy('id').execute();
  /** Each paper of the chain has exactly its one version: nothing stored twice. */
  const expectStoredOnce = async (chain: OaiChain) => {
    const ids = oaiChainIds(chain);
    const versions = await db().selectFrom('paper_versions').select(['paper_id', 'version']).where('paper_id', 'in', ids).execute();
    expect(versions).toHaveLength(ids.length);
    expect(new Set(versions.map((v) => v.paper_id)).size).toBe(ids.length);
  };

  it('the job leader killed with SIGKILL mid-ingestion: another process runs the next scheduled run; nothing twice, nothing lost', async () => {
    const chain: OaiChain = { first: 10000, pages: 12, perPage: 25, delayMs: 700 };
    arxiv.configure({ oaiEmpty: false, oaiChain: chain });
    const t0 = Date.now();
    const request = await waitForPage(chain, 4);
    const leader = nodeOf(request.userAgent);
    expect(leader).toBeGreaterThanOrEqual(0);
    await cluster.kill(leader);
    const killedAt = Date.now();
    await sleep(200); // a commit the dead process had already sent lands now, or never
    const atKill = await papersOf(chain);
    await waitForAll(chain);
    const done = Date.now();

    const after = arxiv.requests.filter((r) => r.at > killedAt && r.path === '/oai' && r.query.verb === 'ListRecords');
    const successors = new Set(after.map((r) => nodeOf(r.userAgent)));
    const runs = await runsSince(t0 - 5_000);
    const killedRun = runs.filter((r) => r.error === ABANDONED);
    const later = runs.filter((r) => Date.parse(r.started_at) > killedAt);
    report.push(`leader killed: node ${leader} killed ${((killedAt - t0) / 1000).toFixed(1)} s into the harvest with ${atKill}/${oaiChainIds(chain).length} papers stored; node(s) ${[...successors].join(', ')} resumed and stored the rest ${((done - killedAt) / 1000).toFixed(1)} s after the kill; runs since: ${runs.map((r) => `#${r.id} +${r.added}${r.error ? ` (${r.error.slice(0, 9)})` : ''}`).join(', ')}`);

    expect(successors.has(leader)).toBe(false);
    expect(successors.size).toBeGreaterThan(0);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(oaiChainIds(chain).length);
    await expectStoredOnce(chain);
    // The killed run's record is closed as abandoned by the next run; the runs after it added exactly the rest.
    expect(killedRun).toHaveLength(1);
    expect(later.reduce((n, r) => n + r.added, 0)).toBe(oaiChainIds(chain).length - atKill);
    expect(later.every((r) => r.error === null && r.finished_at !== null)).toBe(true);
  });

  it('the job leader cut off from PostgreSQL mid-ingestion: its lock goes with its session, the job there stops, only the new leader’s batches land', async () => {
    const chain: OaiChain = { first: 20000, pages: 8, perPage: 25, delayMs: 1_500 };
    arxiv.configure({ oaiEmpty: false, oaiChain: chain });
    const t0 = Date.now();
    // Asking for page 2 means page 1 is committed and its token saved; the answer takes 1.5 s.
    const request = await waitForPage(chain, 2);
    const leader = nodeOf(request.userAgent);
    await cluster.links[leader]!.down();
    const cutAt = Date.now();
    const atCut = await papersOf(chain);
    await sleep(1_000);
    await cluster.links[leader]!.up();
    await waitForAll(chain);

    const afterCut = arxiv.requests.filter((r) => r.at > cutAt && r.path === '/oai' && r.query.verb === 'ListRecords');
    const fromLeader = afterCut.filter((r) => nodeOf(r.userAgent) === leader);
    const failed = await db().selectFrom('job_runs').selectAll().where('job', '=', 'arxiv-ingest').where('outcome', '=', 'failed').where('started_at', '>=', new Date(t0).toISOString()).execute();
    const runs = await runsSince(t0 - 5_000);
    const later = runs.filter((r) => Date.parse(r.started_at) > cutAt);
    report.push(`leader cut off: node ${leader}'s link cut for 1 s with ${atCut}/${oaiChainIds(chain).length} papers stored; it asked arXiv ${fromLeader.length} more times; its job: ${failed.map((f) => f.message?.slice(0, 60)).join('; ')}; node(s) ${[...new Set(afterCut.map((r) => nodeOf(r.userAgent)))].join(', ')} harvested on; runs after the cut added ${later.reduce((n, r) => n + r.added, 0)}`);

    // The cut-off job stopped: no page after the one in flight, its run recorded as failed for losing the lock.
    expect(fromLeader).toEqual([]);
    expect(failed.map((f) => f.message)).toEqual([expect.stringContaining('lost the lock')]);
    expect(runs.filter((r) => r.error !== null)).toHaveLength(1);
    // Only one run's results landed: the runs after the cut added every paper the cut-off run had not.
    expect(later.reduce((n, r) => n + r.added, 0)).toBe(oaiChainIds(chain).length - atCut);
    await expectStoredOnce(chain);
  });
});
