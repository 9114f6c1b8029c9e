import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOLDER = fileURLToPath(new URL('./lock-holder.mjs', import.meta.url));

/** Starts lock-holder.mjs in a child process and resolves with its first line of output. */
export async function holdInChild(url: string, mode: 'lock' | 'run', name: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [HOLDER, url, mode, name], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('close', (code) => reject(new Error(`lock holder exited (${code}): ${err}`)));
  });
  return { child, line };
}

/** kill -9, and wait until the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((r) => child.once('close', r));
  child.kill('SIGKILL');
  await closed;
}

/**
 * Retries `attempt` until it gives a value: PostgreSQL ends a killed client's session (and its
 * locks) when it reads the closed socket, a moment after the process is gone.
 */
export async function eventually<T>(attempt: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no result after ${tries} tries`);
}
