import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { ABANDONED } from '../../src/store/ingest-runs.js';
import { BIN, cliEnv } from '../support/cli.js';
import { killHard } from '../support/processes.js';

/**
 * In a container `serve` is PID 1 after every restart. `unshare` gives the same here: each
 * `serve` runs as PID 1 of its own PID namespace (needs root; without it, plain processes).
 */
const PID_NAMESPACE = ['--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL'];
const namespaces = spawnSync('unshare', [...PID_NAMESPACE, 'true']).status === 0;

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** An arXiv that takes every request and never answers: an ingestion run stays in progress. */
async function silentArxiv(): Promise<{ url: string; requests: () => number; onRequest: (fn: () => void) => void; close(): Promise<void> }> {
  let count = 0;
  let waiters: (() => void)[] = [];
  const server: Server = createServer(() => {
    count++;
    for (const w of waiters) w();
    waiters = [];
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    onRequest: (fn) => waiters.push(fn),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('serve restarted after kill -9', () => {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await killHard(c);
  });

  it(`takes over the ingestion lock its killed predecessor held${namespaces ? ', both as PID 1' : ''}`, async () => {
    const arxiv = await silentArxiv();
    const db = join(mkdtempSync(join(tmpdir(), 'paperboy-restart-')), 'p.db');
    // The start-up run is the one under test. A schedule that fires during the test (every minute)
    // let a scheduled run and the start-up run of one process race for the lock, and the loser's
    // skip failed the test whenever a minute began while the second serve was starting.
    const env = {
      DATABASE_URL: db, LOG_LEVEL: 'info', INGEST_SCHEDULE: '0 3 1 1 *', DIGEST_DAILY_SCHEDULE: 'off', DIGEST_WEEKLY_SCHEDULE: 'off',
      ARXIV_RSS_URL: arxiv.url, ARXIV_OAI_URL: `${arxiv.url}/oai`, ARXIV_API_URL: `${arxiv.url}/api/query`,
    };
    /** Starts `serve`; resolves once its start-up ingestion has asked arXiv (it holds the job lock then). */
    const serve = async () => {
      const requested = new Promise<void>((r) => arxiv.onRequest(r));
      const args = [process.execPath, BIN, 'serve'];
      const child = namespaces ? spawn('unshare', [...PID_NAMESPACE, ...args], { env: cliEnv({ ...env, PORT: String(await freePort()) }), stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(args[0]!, args.slice(1), { env: cliEnv({ ...env, PORT: String(await freePort()) }), stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      const skipped = new Promise<never>((_, reject) => {
        const seen = (d: Buffer) => {
          out += d.toString();
          if (out.includes('skipped')) reject(new Error(`serve skipped the ingestion:\n${out}`));
        };
        child.stdout?.on('data', seen);
        child.stderr?.on('data', seen);
        child.on('close', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
      });
      await Promise.race([requested, skipped]);
      return child;
    };

    const first = await serve();
    // The node process itself (inside the namespace, a child of unshare): wait until it is gone.
    const nodePid = namespaces ? Number(execFileSync('pgrep', ['-P', String(first.pid)]).toString().trim()) : first.pid!;
    await killHard(first);
    while (alive(nodePid)) await new Promise((r) => setTimeout(r, 20));
    expect(arxiv.requests()).toBe(1);

    await serve();
    expect(arxiv.requests()).toBe(2);
    const store = openStore(db);
    try {
      // The killed run was closed as abandoned when the next one started.
      const runs = await store.db.selectFrom('ingest_runs').select(['error', 'finished_at']).orderBy('id').execute();
      expect(runs).toEqual([{ error: ABANDONED, finished_at: expect.any(String) }, { error: null, finished_at: null }]);
    } finally {
      await store.close();
      await arxiv.close();
    }
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
