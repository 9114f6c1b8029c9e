import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { spawnCli } from './cli.js';

/** A port nothing listens on right now, for a `serve` subprocess. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

export interface Running {
  child: ChildProcess;
  base: string;
  output(): string;
}

/** Starts the real `paperboy serve` on a free loopback port and waits until /healthz answers. */
export async function startServe(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawnCli(['serve'], { PORT: String(port), LOG_LEVEL: 'info', ...env });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base, output: () => out };
}

/** SIGTERM and wait for the exit (a no-op when it already ended). */
export async function stopServe(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null) return;
  running.child.kill('SIGTERM');
  await new Promise((r) => running.child.once('close', r));
}
