/** The SMTP sink of bench:digest, in its own process: accepts everything, counts, keeps nothing. */
import { SMTPServer } from 'smtp-server';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      count++;
      callback();
    });
  },
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.server.address() as { port: number }).port}\n`);
});
setInterval(() => process.stderr.write(''), 60_000).unref();
process.on('SIGTERM', () => {
  process.stderr.write(`sink accepted ${count}\n`);
  process.exit(0);
});
