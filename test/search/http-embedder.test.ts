import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/domain/errors.js';
import { HttpEmbedder } from '../../src/search/embeddings/http-embedder.js';
import { searchIndex } from '../../src/search/paper-search.js';
import { SearchIndex } from '../../src/search/search-index.js';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { dialects, type TestStore } from '../support/stores.js';
import { topicCorpus, topicOf } from '../support/topic-corpus.js';

const DIMS = 32;

/**
 * An OpenAI-compatible embedding server on loopback: each input becomes a bag of hashed words
 * (texts sharing words get close vectors). `mode` breaks it in the ways real servers break.
 */
class FakeEmbeddingServer {
  server: Server;
  requests: { auth: string | undefined; model: string; inputs: string[] }[] = [];
  mode: 'ok' | 'error' | 'wrong-count' | 'slow' = 'ok';
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        if (req.method !== 'POST' || req.url !== '/v1/embeddings') return res.writeHead(404).end('{"error":"not found"}');
        const { model, input } = JSON.parse(body) as { model: string; input: string[] };
        this.requests.push({ auth: req.headers.authorization, model, inputs: input });
        if (this.mode === 'error') return res.writeHead(500).end('{"error":"model not loaded"}');
        const vectors = (this.mode === 'wrong-count' ? input.slice(1) : input).map((text, index) => ({ object: 'embedding', index, embedding: hashed(text) }));
        const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', model, data: vectors }));
        if (this.mode === 'slow' && input.length === 1) setTimeout(answer, 1_500);
        else answer();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function hashed(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) {
    let h = 2166136261;
    for (const ch of word.slice(0, 5)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v[(h >>> 0) % DIMS]! += 1;
  }
  return v;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(body));
  });
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`OpenAI-compatible embeddings (${dialect.name})`, () => {
    let db: TestStore;
    const fake = new FakeEmbeddingServer();
    const config = () => ({ provider: 'http' as const, url: fake.url, model: 'test-embed', apiKey: 'secret-key' });
    beforeAll(async () => {
      await fake.start();
      db = await dialect.create();
      await upsertPapers(db.store, topicCorpus());
    });
    afterAll(async () => {
      await fake.close();
      await db?.cleanup();
    });

    it('embeds every paper through /v1/embeddings with the key, stores the vectors, and searches by them', async () => {
      const index = await SearchIndex.build(db.store, { embeddings: config() });
      expect(index.semanticModel).toBe(`http-test-embed-${DIMS}`);
      expect(fake.requests.every((r) => r.auth === 'Bearer secret-key' && r.model === 'test-embed')).toBe(true);
      expect(fake.requests.slice(1).reduce((n, r) => n + r.inputs.length, 0)).toBe(40);
      const result = await searchIndex(index, db.store, { q: 'gripper grasping manipulator', mode: 'semantic' });
      expect(result.mode).toBe('semantic');
      expect(topicOf(result.hits[0]!.id)).toBe(0);
    });

    it('reads the stored vectors at the next start instead of asking again', async () => {
      fake.requests = [];
      const index = await SearchIndex.build(db.store, { embeddings: config() });
      expect(fake.requests).toHaveLength(1); // the probe that learns the dimension
      expect(index.vectorOf(topicCorpus()[0]!.id)).not.toBeNull();
    });

    it('falls back to keywords while a query embedding is slow, and retries papers when the server comes back', async () => {
      const index = await SearchIndex.build(db.store, { embeddings: config() });
      fake.mode = 'slow';
      const slow = await searchIndex(index, db.store, { q: 'speech transcription', mode: 'hybrid' });
      expect(slow.mode).toBe('keyword');
      expect(slow.hits.length).toBeGreaterThan(0);

      fake.mode = 'error';
      await upsertPapers(db.store, [buildRecord({ id: '2601.99003', title: 'Transcribing whispered speech', abstract: 'Speech recognition of whispers.' })]);
      await index.sync(db.store);
      expect(index.search('whispered')[0]?.key).toBe('2601.99003'); // keywords do not wait for meaning
      expect(index.vectorOf('2601.99003')).toBeNull();
      fake.mode = 'ok';
      await index.sync(db.store);
      expect(index.vectorOf('2601.99003')).not.toBeNull();
    });

    it('reports a server that is down or answers nonsense', async () => {
      fake.mode = 'error';
      const down = await SearchIndex.build(db.store, { embeddings: config() });
      expect(down.semanticModel).toBeNull();
      expect(down.semanticNote).toMatch(/unavailable: embedding server answered 500/);
      fake.mode = 'wrong-count';
      await expect(HttpEmbedder.connect({ url: fake.url, model: 'm' })).rejects.toBeInstanceOf(UpstreamError);
      await expect(HttpEmbedder.connect({ url: 'http://127.0.0.1:2', model: 'm' })).rejects.toThrow(/did not answer/);
      fake.mode = 'ok';
    });
  });
}
