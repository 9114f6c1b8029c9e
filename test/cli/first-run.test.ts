import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestAnnounceDay } from '../../src/domain/announcement-calendar.js';
import { addDays } from '../../src/domain/dates.js';
import { type ArxivServer, startArxivServer } from '../support/arxiv-server.js';
import { BIN, runCli } from '../support/cli.js';
import { dialects } from '../support/stores.js';
import { startWeb } from '../support/web.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npx paperboy …` commands as a reader copies them: shell lines and inline code of a text. */
function npxCommands(text: string): string[] {
  return [...text.matchAll(/^(npx paperboy .+)$|`(npx paperboy [^`]+)`|<code>(npx paperboy [^<]+)<\/code>/gm)].map((m) => (m[1] ?? m[2] ?? m[3])!.trim());
}

/** The README's Start section, up to the next heading. */
function readmeStart(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('## Start');
  return readme.slice(at, readme.indexOf('\n## ', at + 1));
}

describe('a first run anywhere: paperboy ingest arxiv --days N', () => {
  let arxiv: ArxivServer;
  let env: Record<string, string>;
  /** A small archive for the FILE placeholder: Paperboy's JSON Lines. */
  let file: string;
  beforeAll(async () => {
    arxiv = await startArxivServer();
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-first-run-'));
    env = { DATABASE_URL: join(dir, 'p.db'), ARXIV_OAI_URL: arxiv.oaiUrl, ARXIV_API_URL: arxiv.apiUrl, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_REQUEST_INTERVAL_MS: '10' };
    file = join(dir, 'papers.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: '2602.00001', title: 'An archived paper', authors: ['A. Author'], abstract: 'Text.', published: '2026-02-13' })}\n`);
  });
  afterAll(() => arxiv.close());

  it('brings in the announcement feed and harvests from N days back, with no date to compute', async () => {
    const before = arxiv.requests.length;
    const r = await runCli(['ingest', 'arxiv', '--days', '3', '--json'], env);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).added).toBeGreaterThan(0);
    const sent = arxiv.requests.slice(before);
    expect(sent.some((q) => q.path.startsWith('/rss/'))).toBe(true);
    // The CLI read the clock a moment ago; a run across an announcement (20:00 New York) may see the next day.
    const expected = [new Date(Date.now() - 60_000), new Date()].map((d) => addDays(latestAnnounceDay(d), -3));
    const harvests = sent.filter((q) => q.path === '/oai' && q.query.verb === 'ListRecords');
    expect(harvests.length).toBeGreaterThan(0);
    for (const q of harvests) expect(expected).toContain(q.query.from);
    const stats = JSON.parse((await runCli(['stats', '--json'], env)).stdout);
    expect(stats.papers).toBeGreaterThan(0);
  });

  it('refuses a span outside 1..30 or mixed with --from/--ids, before any request (exit 2)', async () => {
    const before = arxiv.requests.length;
    const cases: [string[], RegExp][] = [
      [['--days', '0'], /--days must be a whole number from 1 to 30, got "0"/],
      [['--days', '31'], /--days must be a whole number from 1 to 30, got "31"/],
      [['--days', 'x'], /--days must be a whole number from 1 to 30, got "x"/],
      [['--days', '2.5'], /--days must be a whole number from 1 to 30/],
      [['--days', '3', '--from', '2026-03-01'], /--days cannot be combined with --from/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['ingest', 'arxiv', ...args], env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(arxiv.requests.length).toBe(before);
  });

  it("every `npx paperboy` command of README's Start section and of the empty home page runs as copied", async () => {
    // `npx paperboy` runs this package's own bin (package.json "bin"), the file runCli starts.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(join(ROOT, pkg.bin.paperboy!)).toBe(BIN);

    const web = await startWeb(dialects[0]!);
    let page: string;
    try {
      page = (await web.client().get('/')).text;
    } finally {
      await web.close();
    }
    const onPage = npxCommands(page);
    expect(onPage).toEqual(['npx paperboy ingest arxiv --days 3', 'npx paperboy import FILE.jsonl']);
    const inReadme = npxCommands(readmeStart());
    expect(inReadme).toEqual(expect.arrayContaining(['npx paperboy ingest arxiv --days 3', 'npx paperboy import FILE']));
    expect(readmeStart()).not.toMatch(/npx paperboy import \.\.\/|--sample/);

    for (const command of new Set([...inReadme, ...onPage])) {
      // FILE is the one placeholder, and says so: the reader's archive goes there.
      const args = command.split(/\s+/).slice(2).map((a) => (/^FILE(\.jsonl)?$/.test(a) ? file : a));
      const run = await runCli(args, env);
      expect(run.code, `${command}: ${run.stderr}`).toBe(0);
    }
  });
});
