import { describe, expect, it } from 'vitest';
import { StringLru } from '../../../src/web/render/lru.js';

describe('StringLru', () => {
  it('evicts the least recently used entry past its entry limit', () => {
    const lru = new StringLru(2, 1_000_000);
    lru.set('a', '1');
    lru.set('b', '2');
    expect(lru.get('a')).toBe('1'); // a is now the most recent
    lru.set('c', '3');
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('1');
    expect(lru.get('c')).toBe('3');
    expect({ hits: lru.hits, misses: lru.misses, size: lru.size }).toEqual({ hits: 3, misses: 1, size: 2 });
  });

  it('bounds the characters it holds and skips values too large to be worth keeping', () => {
    const lru = new StringLru(1000, 6400);
    for (let i = 0; i < 100; i++) lru.set(`k${i}`, 'x'.repeat(96));
    expect(lru.totalChars).toBeLessThanOrEqual(6400);
    expect(lru.get('k99')).toBeDefined();
    expect(lru.get('k0')).toBeUndefined();
    lru.set('huge', 'x'.repeat(200));
    expect(lru.get('huge')).toBeUndefined();
    lru.set('k99', 'y');
    expect(lru.get('k99')).toBe('y');
    lru.clear();
    expect([lru.size, lru.totalChars, lru.hits]).toEqual([0, 0, 0]);
  });
});
