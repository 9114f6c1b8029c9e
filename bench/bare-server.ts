/**
 * The baselines of bench:web, in their own process: a bare Fastify route returning a fixed
 * string, and one returning N bytes of HTML (`/bytes/N`), so a page is also compared with a bare
 * answer of its own size (the load generator shares the machine, and parsing a 5 kB answer costs
 * it far more than "hello world").
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => 'hello world');
const bodies = new Map<number, Buffer>();
app.get<{ Params: { n: string } }>('/bytes/:n', async (req, reply) => {
  const n = Math.min(Number(req.params.n) || 0, 10_000_000);
  if (!bodies.has(n)) bodies.set(n, Buffer.alloc(n, 'a'));
  return reply.type('text/html; charset=utf-8').send(bodies.get(n));
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
