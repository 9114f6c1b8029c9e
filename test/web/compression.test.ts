import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../src/web/http/accept-encoding.js';
import { upsertPapers } from '../../src/store/papers.js';
import { buildRecord } from '../support/factories.js';
import { sqliteFactory } from '../support/stores.js';
import { startWeb, type WebHarness } from '../support/web.js';

/** A raw GET: status, headers and the bytes as sent (fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('compressed pages', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb(sqliteFactory);
    await upsertPapers(web.store, Array.from({ length: 30 }, (_, i) => buildRecord({ id: `2611.4${String(i).padStart(4, '0')}`, dailyAt: `${new Date().toISOString().slice(0, 10)}T09:00:00.000Z` })));
  });
  afterAll(() => web?.close());

  it('sends a cached page gzipped to clients that accept it, the same page uncompressed to others', async () => {
    const plain = await rawGet(`${web.url}/`, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('Accept-Encoding');
    // Twice: once answered by the application (a miss or its cache), once by the front door.
    for (let i = 0; i < 2; i++) {
      const zipped = await rawGet(`${web.url}/`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
      expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
      expect(zipped.headers.vary).toContain('Accept-Encoding');
    }
    expect((await rawGet(`${web.url}/`, { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
  });

  it('keeps what a paper page varies on besides the encoding', async () => {
    const res = await rawGet(`${web.url}/papers/2611.40001`, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(String(res.headers.vary)).toMatch(/Accept\b.*Accept-Encoding/);
  });

  it('reads Accept-Encoding as browsers and tools send it', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('deflate, gzip;q=0.0')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
  });
});
