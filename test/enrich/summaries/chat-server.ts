import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the local chat server answers to one request: a status, headers and a raw body. */
export interface ChatReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is (malformed JSON too); `content` wraps text as a chat completion. */
  body?: string;
  content?: string;
}

/** An OpenAI-compatible chat server on 127.0.0.1: answers queued replies in order, records requests. */
export interface ChatServer {
  url: string;
  replies: ChatReply[];
  requests: { body: Record<string, unknown>; authorization: string | undefined; at: number }[];
  close(): Promise<void>;
}

export async function startChatServer(): Promise<ChatServer> {
  const replies: ChatReply[] = [];
  const requests: ChatServer['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    const raw = await read(req);
    requests.push({ body: JSON.parse(raw) as Record<string, unknown>, authorization: req.headers.authorization, at: Date.now() });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const r = replies.shift() ?? { content: 'We propose a default answer for this paper.' };
    const body = r.body ?? JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: r.content ?? '' }, finish_reason: 'stop' }] });
    res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, replies, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
