/**
 * The baselines of bench:web, in their own process: a bare Fastify route returning a fixed
 * string, one returning N bytes of HTML (`/bytes/N`), and one returning the exact bytes of a page
 * the bench copied here (`PUT /pages/NAME`, then `GET /pages/NAME`), so a page is also compared
 * with a bare answer of its own size and content. The load generator shares the machine and its
 * cost depends on the content: autocannon appends every body chunk to a string, and a body with
 * non-ASCII characters (▲, “, …) leaves V8's ASCII fast path: a raw Node server answering a 66 kB
 * page made 4,064 answers/s as sent and 20,726/s with those characters replaced by ASCII.
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
const pages = new Map<string, Buffer>();
app.addContentTypeParser('text/html', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.put<{ Params: { name: string }; Body: Buffer }>('/pages/:name', async (req) => {
  pages.set(req.params.name, req.body);
  return 'ok';
});
app.get<{ Params: { name: string } }>('/pages/:name', async (req, reply) => reply.type('text/html; charset=utf-8').send(pages.get(req.params.name) ?? ''));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
