import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a subprocess: no arXiv, PDF or GitHub traffic unless the test points it at its own server. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    INGEST_SCHEDULE: 'off',
    ARXIV_OAI_URL: 'http://127.0.0.1:2/oai',
    ARXIV_API_URL: 'http://127.0.0.1:2/api/query',
    ARXIV_RSS_URL: 'http://127.0.0.1:2',
    ARXIV_PDF_URL: 'http://127.0.0.1:2/pdf',
    GITHUB_API_URL: 'http://127.0.0.1:2',
    // Tests that want a snapshot name their own directory; none writes into the checkout's data/.
    SEARCH_SNAPSHOT_DIR: 'off',
    ...env,
  };
}

/** Runs the real `paperboy` binary and collects its output. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}
