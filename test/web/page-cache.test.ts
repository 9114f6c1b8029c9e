import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/web/page-cache.js';

const page = (text: string, paperId?: string) => ({ html: Buffer.from(text), status: 200, paperId });

describe('page cache', () => {
  it('keeps 2,000 paper pages and the front page (visitors going round 2,000 papers hit it)', () => {
    const cache = new PageCache();
    const html = Buffer.alloc(5_000, 'x');
    cache.set('/', { html, status: 200 }, cache.renderTicket(), 0);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2_000; i++) {
        if (!cache.get(`/papers/${i}`, 1)) cache.set(`/papers/${i}`, { html, status: 200, paperId: String(i) }, cache.renderTicket(), 1);
      }
    }
    expect(cache.misses).toBe(2_000);
    expect(cache.hits).toBe(2_000);
    expect(cache.get('/', 1)).toBeDefined();
  });

  it('drops the oldest pages past its byte bound, and counts a replaced page once', () => {
    const cache = new PageCache(5_000, 10);
    const ticket = cache.renderTicket();
    cache.set('/a', page('aaaa'), ticket, 0);
    cache.set('/a', page('aaaa'), ticket, 0);
    cache.set('/b', page('bbbb'), ticket, 0);
    expect(cache.get('/a', 1)).toBeDefined();
    cache.set('/c', page('cccc'), ticket, 0);
    expect(cache.get('/a', 1)).toBeUndefined();
    expect(cache.get('/b', 1)?.html.toString()).toBe('bbbb');
    expect(cache.get('/c', 1)?.html.toString()).toBe('cccc');
  });

  it('serves an entry for its TTL only', () => {
    const cache = new PageCache(60_000);
    cache.set('/', page('day'), cache.renderTicket(), 0);
    expect(cache.get('/', 59_999)).toBeDefined();
    expect(cache.get('/', 60_000)).toBeUndefined();
  });

  it("drops a changed paper's pages and every list, and keeps the other papers' pages", () => {
    const cache = new PageCache();
    const ticket = cache.renderTicket();
    cache.set('/papers/2401.00001', page('one', '2401.00001'), ticket, 0);
    cache.set('/papers/2401.00001?already=1', page('one again', '2401.00001'), ticket, 0);
    cache.set('/papers/2401.00002', page('two', '2401.00002'), ticket, 0);
    cache.set('/', page('today'), ticket, 0);
    cache.set('/trending', page('trending'), ticket, 0);
    cache.invalidatePaper('2401.00001');
    expect(cache.get('/papers/2401.00001', 1)).toBeUndefined();
    expect(cache.get('/papers/2401.00001?already=1', 1)).toBeUndefined();
    expect(cache.get('/', 1)).toBeUndefined();
    expect(cache.get('/trending', 1)).toBeUndefined();
    expect(cache.get('/papers/2401.00002', 1)?.html.toString()).toBe('two');
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('refuses a page whose render began before an invalidation (it may show what was dropped)', () => {
    const cache = new PageCache();
    const before = cache.renderTicket();
    cache.invalidatePaper('2401.00003');
    cache.set('/papers/2401.00004', page('rendered across a change', '2401.00004'), before, 0);
    expect(cache.get('/papers/2401.00004', 1)).toBeUndefined();
    cache.set('/papers/2401.00004', page('rendered after it', '2401.00004'), cache.renderTicket(), 0);
    expect(cache.get('/papers/2401.00004', 1)?.html.toString()).toBe('rendered after it');
  });
});
