import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server answers for one paper id. */
export type PdfRoute =
  | { kind: 'pdf'; body: Buffer }
  /** Headers at once, then the body only after `delayMs`. */
  | { kind: 'slow'; body: Buffer; delayMs: number }
  /** `bytes` of PDF-looking data, written in 1 MB chunks as the client reads; with or without Content-Length. */
  | { kind: 'huge'; bytes: number; declareLength: boolean }
  /** 429 with this Retry-After for the first `times` requests, then the body. */
  | { kind: 'throttle'; times: number; retryAfter: string; body: Buffer }
  | { kind: 'status'; status: number };

export interface PdfRequest {
  path: string;
  at: number;
}

export interface PdfServer {
  /** ARXIV_PDF_URL for this server. */
  url: string;
  routes: Map<string, PdfRoute>;
  requests: PdfRequest[];
  /** Body bytes the server managed to hand to the socket, by path. */
  written: Map<string, number>;
  close(): Promise<void>;
}

/** An arXiv-like PDF server on 127.0.0.1: `/pdf/ID` (old-style ids keep their slash). */
export async function startPdfServer(): Promise<PdfServer> {
  const routes = new Map<string, PdfRoute>();
  const requests: PdfRequest[] = [];
  const written = new Map<string, number>();
  const served = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push({ path, at: Date.now() });
    const id = path.replace(/^\/pdf\//, '');
    const route = routes.get(id);
    const count = (n: number) => written.set(path, (written.get(path) ?? 0) + n);
    if (!route) return res.writeHead(404, { 'content-type': 'text/plain' }).end('no such paper');
    switch (route.kind) {
      case 'pdf':
        count(route.body.length);
        return res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': route.body.length }).end(route.body);
      case 'status':
        return res.writeHead(route.status, { 'content-type': 'text/plain' }).end(`HTTP ${route.status}`);
      case 'throttle': {
        const n = (served.get(id) ?? 0) + 1;
        served.set(id, n);
        if (n <= route.times) return res.writeHead(429, { 'retry-after': route.retryAfter, 'content-type': 'text/plain' }).end('slow down');
        count(route.body.length);
        return res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': route.body.length }).end(route.body);
      }
      case 'slow': {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': route.body.length });
        res.flushHeaders();
        const timer = setTimeout(() => res.end(route.body), route.delayMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/pdf', ...(route.declareLength ? { 'content-length': route.bytes } : {}) });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        chunk.write('%PDF-1.7\n');
        let left = route.bytes;
        let closed = false;
        res.on('close', () => { closed = true; });
        const pump = () => {
          while (!closed && left > 0) {
            const part = chunk.subarray(0, Math.min(chunk.length, left));
            left -= part.length;
            const more = res.write(part, (err) => { if (!err) count(part.length); });
            if (!more) return void res.once('drain', pump);
          }
          if (!closed) res.end();
        };
        pump();
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/pdf`,
    routes,
    requests,
    written,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
