import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  url: string;
  /** Raw messages the server accepted (answered 250), in order. */
  received: Buffer[];
  parsed(): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export interface SinkOptions {
  /** Recipient -> SMTP reply code to refuse it with (550 permanent, 451 temporary). */
  refuse?: Record<string, number>;
  /** Called with each message before it is accepted; may delay the 250 (a hook to kill the sender mid-session). */
  beforeAccept?: (raw: Buffer, count: number) => Promise<void> | void;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps what it accepts. */
export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = options.refuse?.[address.address];
      if (code) return callback(Object.assign(new Error(`refused ${address.address}`), { responseCode: code }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void Promise.resolve(options.beforeAccept?.(raw, received.length)).then(
          () => {
            received.push(raw);
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
    parsed: () => Promise.all(received.map((r) => simpleParser(r))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
