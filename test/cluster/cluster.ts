/**
 * A Paperboy installation on this machine for the cluster suite: one fresh PostgreSQL schema,
 * N real `paperboy serve` processes started with the settings of deploy/paperboy@.service, and
 * the real HAProxy with deploy/haproxy.cfg as it is (only the ports come from the environment).
 * Between each process and PostgreSQL sits its own TCP forwarder the test can cut and restore
 * (one process's link, or all at once): the shared PostgreSQL server itself is never stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawnCli } from '../support/cli.js';
import { freePort } from '../support/serve.js';
import { killHard } from '../support/processes.js';
import { postgresFactory, type TestStore } from '../support/stores.js';

export const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));

/** A TCP forwarder to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
export class CuttableLink {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((r) => server.close(r));
  }
}

/** The unit's Environment= lines with the instance (%i) filled in: what systemd gives `serve`. */
export function unitEnvironment(port: number): Record<string, string> {
  const unit = readFileSync(`${DEPLOY}paperboy@.service`, 'utf8');
  const env: Record<string, string> = {};
  for (const m of unit.matchAll(/^Environment=(\w+)=(.*)$/gm)) env[m[1]!] = m[2]!.replaceAll('%i', String(port));
  const exec = /^ExecStart=.*paperboy\.js (.+)$/m.exec(unit)?.[1];
  if (exec !== 'serve') throw new Error(`the unit should run \`paperboy.js serve\`, runs ${exec}`);
  return env;
}

export interface Node {
  port: number;
  base: string;
  child: ChildProcess;
  output(): string;
}

export interface Cluster {
  store: TestStore;
  /** Every process's link to PostgreSQL at once (PostgreSQL unreachable). */
  link: { up(): Promise<void>; down(): Promise<void> };
  /** links[i]: process i's own link. */
  links: CuttableLink[];
  nodes: Node[];
  proxy: string;
  /** Starts (again) node i on its port and waits until it answers /readyz. */
  start(i: number): Promise<Node>;
  kill(i: number): Promise<void>;
  close(): Promise<void>;
}

async function waitFor(url: string, ms: number, child?: ChildProcess, out?: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || (child && child.exitCode !== null)) throw new Error(`${url} did not become ready:\n${out?.() ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts PostgreSQL schema + link, `size` serve processes and HAProxy; `seed` fills the store first. */
export async function startCluster(options: {
  size?: number;
  env?: Record<string, string>;
  /** Settings of process i only (e.g. its own ARXIV_CONTACT, to tell its arXiv requests apart). */
  nodeEnv?: (i: number) => Record<string, string>;
  seed?: (store: TestStore) => Promise<void>;
  /** An existing PostgreSQL store to serve instead of a fresh schema (bench:cluster's 1M papers). */
  store?: TestStore;
  /** How long a process may take to answer /readyz (default 60 s; a cold index at 1M takes minutes). */
  readyMs?: number;
  /** false: no HAProxy (one process alone); `proxy` is then the first process's address. */
  proxy?: boolean;
} = {}): Promise<Cluster> {
  const size = options.size ?? 3;
  const store = options.store ?? (await postgresFactory.create());
  await options.seed?.(store);
  const pgUrl = new URL(store.url);
  const links = await Promise.all(Array.from({ length: size }, async () => new CuttableLink(await freePort(), { host: pgUrl.hostname, port: Number(pgUrl.port || 5432) })));
  const link = {
    up: async () => { await Promise.all(links.map((l) => l.up())); },
    down: async () => { await Promise.all(links.map((l) => l.down())); },
  };
  await link.up();
  const databaseUrlOf = (i: number) => {
    const url = new URL(pgUrl);
    url.host = `127.0.0.1:${links[i]!.port}`;
    return url.toString();
  };
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const proxyPort = await freePort();
  const nodes: Node[] = [];
  let haproxy: ChildProcess | undefined;

  const start = async (i: number): Promise<Node> => {
    const port = ports[i]!;
    const child = spawnCli(['serve'], {
      INGEST_SCHEDULE: 'off', THUMBNAILS: 'off', GITHUB: 'off', SUMMARIES: 'off', EMBEDDINGS: 'off', LOG_LEVEL: 'warn',
      ...options.env,
      ...options.nodeEnv?.(i),
      DATABASE_URL: databaseUrlOf(i),
      BASE_URL: `http://127.0.0.1:${proxyPort}`,
      ...unitEnvironment(port),
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
    const node = { port, base: `http://127.0.0.1:${port}`, child, output: () => out };
    nodes[i] = node;
    await waitFor(`${node.base}/readyz`, options.readyMs ?? 60_000, child, node.output);
    return node;
  };

  try {
    for (let i = 0; i < size; i++) await start(i);
    if (options.proxy === false) return { store, link, links, nodes, proxy: nodes[0]!.base, start, kill: (i) => killHard(nodes[i]!.child), close };
    let proxyOut = '';
    haproxy = spawn('haproxy', ['-db', '-f', `${DEPLOY}haproxy.cfg`], {
      env: { PATH: process.env.PATH, PAPERBOY_LISTEN: `127.0.0.1:${proxyPort}`, ...Object.fromEntries(ports.map((p, i) => [`PAPERBOY_${i + 1}`, `127.0.0.1:${p}`])) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    haproxy.stdout?.on('data', (d: Buffer) => { proxyOut += d.toString(); });
    haproxy.stderr?.on('data', (d: Buffer) => { proxyOut += d.toString(); });
    await waitFor(`http://127.0.0.1:${proxyPort}/readyz`, 15_000, haproxy, () => proxyOut);
  } catch (err) {
    for (const n of nodes) if (n) await killHard(n.child);
    if (haproxy) await killHard(haproxy);
    await link.down();
    await store.cleanup();
    throw err;
  }

  return { store, link, links, nodes, proxy: `http://127.0.0.1:${proxyPort}`, start, kill: (i) => killHard(nodes[i]!.child), close };

  async function close(): Promise<void> {
    await Promise.all(nodes.map((n) => stopNode(n)));
    if (haproxy) await killHard(haproxy);
    await link.down();
    await store.cleanup();
  }
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
  const closed = new Promise((r) => node.child.once('close', r));
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
  await closed;
  clearTimeout(timer);
}
