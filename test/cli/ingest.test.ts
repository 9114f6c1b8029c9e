import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArxivServer, arxivFixtures, startArxivServer } from '../support/arxiv-server.js';
import { runCli } from '../support/cli.js';

describe('paperboy ingest arxiv', () => {
  let arxiv: ArxivServer;
  const db = join(mkdtempSync(join(tmpdir(), 'paperboy-ingest-')), 'p.db');
  let env: Record<string, string>;
  beforeAll(async () => {
    arxiv = await startArxivServer();
    env = { DATABASE_URL: db, ARXIV_OAI_URL: arxiv.oaiUrl, ARXIV_API_URL: arxiv.apiUrl, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_REQUEST_INTERVAL_MS: '10' };
  });
  afterAll(() => arxiv.close());

  it('backfills a range from the local OAI-PMH server and reports the summary as JSON', async () => {
    const r = await runCli(['ingest', 'arxiv', '--categories', 'cs.CL', '--from', '2026-03-01', '--until', '2026-03-10', '--json'], env);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ added: arxivFixtures.oaiRawIds.length, updated: 0, rejected: arxivFixtures.oaiRawRejected.length });
    expect(r.stderr).toMatch(/rejected oai:arXiv\.org:2613\.00001: /);
    const stats = JSON.parse((await runCli(['stats', '--json'], env)).stdout);
    expect(stats.papers).toBe(arxivFixtures.oaiRawIds.length);
    expect(stats.bySource).toEqual({ 'arxiv-oai': arxivFixtures.oaiRawIds.length });
  });

  it('fetches single ids in any pasted form through the API', async () => {
    const r = await runCli(['ingest', 'arxiv', '--ids', 'https://arxiv.org/abs/2601.00077v2,arXiv:2603.01234'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/arxiv: 1 added, \d+ updated/);
    expect(arxiv.requests.at(-1)?.query.id_list).toBe('2601.00077,2603.01234');
  });

  it('a failing source does not stop the others: each outcome printed and kept for stats, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-ingest-'));
    const e = { ...env, DATABASE_URL: join(dir, 'p.db'), ARXIV_MAX_RETRIES: '0' };
    arxiv.configure({ unavailable: { count: 100, retryAfter: '0', match: (r) => r.path.startsWith('/rss') } });
    try {
      const r = await runCli(['ingest', 'arxiv', '--categories', 'cs.CL,cs.XX'], e);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/^  rss +failed: .*HTTP 503/m);
      expect(r.stdout).toMatch(/^  oai:cs\.CL +\+\d+ added/m);
      expect(r.stdout).toMatch(/^  oai:cs\.XX +failed: unknown arXiv category "cs\.XX"/m);
      expect(r.stderr).toMatch(/^paperboy ingest: rss: .*; oai:cs\.XX: unknown arXiv category/m);
      const stats = await runCli(['stats'], e);
      expect(stats.stdout).toMatch(/^  rss +failed: /m);
      expect(stats.stdout).toMatch(/^  oai:cs\.CL +\+\d+ added/m);
      expect(JSON.parse((await runCli(['stats', '--json'], e)).stdout).lastRuns[0].sources).toHaveLength(3);
    } finally {
      arxiv.configure({ unavailable: undefined });
    }
  });

  it('rejects bad input before any request, with a clear message', async () => {
    const before = arxiv.requests.length;
    const cases: [string[], RegExp][] = [
      [['ingest', 'arxiv', '--ids', 'abc'], /invalid arXiv id "abc"/],
      [['ingest', 'arxiv', '--ids', '2401.1234'], /5 digits after the dot/],
      [['ingest', 'arxiv', '--from', '2024-13-45'], /--from must be a date as YYYY-MM-DD/],
      [['ingest', 'arxiv', '--from', '2026-03-10', '--until', '2026-03-01'], /is after --until/],
      [['ingest', 'arxiv', '--categories', 'cs.CL,not a category'], /unknown arXiv archive "not"/],
      [['ingest', 'arxiv', '--categories', 'cs.CL;DROP'], /invalid category "cs.CL;DROP"/],
      [['ingest', 'rss'], /expected `paperboy ingest arxiv`/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(arxiv.requests.length).toBe(before);
  });
});
