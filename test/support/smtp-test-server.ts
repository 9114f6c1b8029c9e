import { createServer, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A reply to refuse with: code and text, e.g. [550, '5.1.1 no such user']. */
export type Refusal = [code: number, text: string];

export interface TestServerOptions {
  /** Recipient address -> reply to its RCPT TO. */
  refuseRcpt?: Record<string, Refusal>;
  /** Reply to every MAIL FROM (a relay that refuses our sender). */
  refuseFrom?: Refusal;
  /** Recipient address -> reply after the message's final "." (content refused). */
  refuseData?: Record<string, Refusal>;
  /** Require AUTH PLAIN/LOGIN with these credentials (over plain text: loopback only). */
  auth?: { user: string; pass: string };
  /**
   * Called with each message before the server answers 250 (`count`: messages accepted so far);
   * may hold the answer (a test kills the sender meanwhile) or throw to refuse the message.
   */
  beforeAccept?: (raw: Buffer, count: number) => Promise<void> | void;
}

export interface Delivery {
  raw: Buffer;
  from: string;
  to: string[];
}

export interface TestServer {
  port: number;
  url: string;
  /** What the server answered 250 to, in order. */
  received: Delivery[];
  /** Most SMTP sessions open at the same time. */
  maxSessions: number;
  close(): Promise<void>;
}

function refusal([code, text]: Refusal): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** A real SMTP server (`smtp-server`) on 127.0.0.1, an ephemeral port, no TLS. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const received: Delivery[] = [];
  let open = 0;
  const state = { maxSessions: 0 };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onConnect(_session, callback) {
      open++;
      state.maxSessions = Math.max(state.maxSessions, open);
      callback();
    },
    onClose() {
      open--;
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      callback(refusal([535, '5.7.8 authentication failed']));
    },
    onMailFrom(_address, _session, callback) {
      callback(options.refuseFrom ? refusal(options.refuseFrom) : undefined);
    },
    onRcptTo(address, _session, callback) {
      const r = options.refuseRcpt?.[address.address];
      callback(r ? refusal(r) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((a) => a.address);
        const r = to.map((a) => options.refuseData?.[a]).find(Boolean);
        if (r) return callback(refusal(r));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const raw = Buffer.concat(chunks);
        void Promise.resolve(options.beforeAccept?.(raw, received.length)).then(
          () => {
            received.push({ raw, from, to });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    get maxSessions() {
      return state.maxSessions;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP server on 127.0.0.1 that accepts connections and never says a word (a hung relay). */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: bound then released, so connecting gets ECONNREFUSED at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
