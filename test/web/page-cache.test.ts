import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/web/page-cache.js';

describe('page cache', () => {
  it('keeps 2,000 paper pages and the front page (visitors going round 2,000 papers hit it)', () => {
    const cache = new PageCache();
    const page = Buffer.alloc(5_000, 'x');
    cache.set('/', page, 200, 0);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2_000; i++) {
        if (!cache.get(`/papers/${i}`, 1)) cache.set(`/papers/${i}`, page, 200, 1);
      }
    }
    expect(cache.misses).toBe(2_000);
    expect(cache.hits).toBe(2_000);
    expect(cache.get('/', 1)).toBeDefined();
  });

  it('drops the oldest pages past its byte bound, and counts a replaced page once', () => {
    const cache = new PageCache(5_000, 10);
    cache.set('/a', Buffer.from('aaaa'), 200, 0);
    cache.set('/a', Buffer.from('aaaa'), 200, 0);
    cache.set('/b', Buffer.from('bbbb'), 200, 0);
    expect(cache.get('/a', 1)).toBeDefined();
    cache.set('/c', Buffer.from('cccc'), 200, 0);
    expect(cache.get('/a', 1)).toBeUndefined();
    expect(cache.get('/b', 1)?.html.toString()).toBe('bbbb');
    expect(cache.get('/c', 1)?.html.toString()).toBe('cccc');
  });
});
