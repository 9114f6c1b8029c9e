import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeStats } from '../../src/store/stats.js';
import { BIN, runCli } from '../support/cli.js';
import { dialects } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The shipped sample: the 310 papers of 13-27 February 2026 of the daily-papers feed, with their upvotes. */
const SAMPLE_PAPERS = 310;

function summaryOf(stdout: string): { added: number; updated: number; unchanged: number; rejected: number } {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

/** The commands a page shows in <code>, as a reader would copy them. */
function codeCommands(html: string): string[] {
  return [...html.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((c) => /paperboy /.test(c));
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`a first run without any file (${dialect.name})`, () => {
    let web: WebHarness;
    beforeAll(async () => {
      web = await startWeb(dialect);
    });
    afterAll(() => web?.close());

    it('the empty store page shows commands that work as copied, and `import --sample` fills the store once', async () => {
      const empty = await web.client().get('/');
      expect(empty.text).toContain('No papers yet');
      const commands = codeCommands(empty.text);
      expect(commands).toContain('npx paperboy import --sample');
      for (const command of commands) {
        // `npx paperboy` runs this package's own bin (package.json "bin"), the file runCli starts.
        expect(command).toMatch(/^npx paperboy [a-z]/);
        expect(command).not.toMatch(/[A-Z]{3,}|\.\.\//); // no placeholder to fill in, no path that exists only here
        const args = command.split(/\s+/).slice(2);
        const help = await runCli([args[0]!, '--help'], { DATABASE_URL: web.config.databaseUrl });
        expect(help.code, command).toBe(0);
      }

      const first = await runCli(['import', '--sample', '--json'], { DATABASE_URL: web.config.databaseUrl });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(summaryOf(first.stdout)).toEqual({ added: SAMPLE_PAPERS, updated: 0, unchanged: 0, rejected: 0 });
      expect((await storeStats(web.store)).papers).toBe(SAMPLE_PAPERS);

      const second = await runCli(['import', '--sample'], { DATABASE_URL: web.config.databaseUrl });
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`imported ${SAMPLE_PAPERS} papers: 0 added, 0 updated, ${SAMPLE_PAPERS} unchanged, 0 rejected`);
      expect((await storeStats(web.store)).papers).toBe(SAMPLE_PAPERS);

      // The sample's last day, with its upvotes as the ranking.
      const day = await web.client().get('/papers/date/2026-02-27');
      expect(day.status).toBe(200);
      expect(day.text).not.toContain('No papers');
      expect((day.text.match(/<li[^>]* id="p-/g) ?? []).length).toBe(28);
    });
  });
}

describe('the sample ships with the package', () => {
  it('is listed in package.json "files" and in what npm packs', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { files: string[]; bin: Record<string, string> };
    expect(fileURLToPath(new URL(pkg.bin.paperboy!, `file://${ROOT}`))).toBe(BIN);
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], { cwd: ROOT });
    const packed = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(packed.filter((p) => p.startsWith('samples/'))).toEqual(expect.arrayContaining(['samples/daily-papers-2026-02.jsonl', 'samples/README.md']));
  });

  it("README's Start section runs as written in a clone: every `npx paperboy` command succeeds on a fresh store", async () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const start = readme.slice(readme.indexOf('## Start'), readme.indexOf('\n## ', readme.indexOf('## Start') + 1));
    const commands = [...start.matchAll(/^(npx paperboy .+)$|`(npx paperboy [^`]+)`/gm)].map((m) => (m[1] ?? m[2])!.trim());
    expect(commands).toContain('npx paperboy import --sample');
    const t = await dialects[0]!.create();
    try {
      for (const command of commands) {
        const run = await runCli(command.split(/\s+/).slice(2), { DATABASE_URL: t.url });
        expect(run.code, `${command}: ${run.stderr}`).toBe(0);
      }
    } finally {
      await t.cleanup();
    }
  });
});
