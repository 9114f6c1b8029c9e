import { describe, expect, it } from 'vitest';
import { pageNumber, pageSlice } from '../../src/domain/paging.js';

describe('page splits', () => {
  it('joins a small remainder to the page before: no page of one card', () => {
    expect(pageSlice(51, 1, 50, 10)).toEqual({ page: 1, pages: 1, offset: 0, limit: 51 });
    expect(pageSlice(60, 1, 50, 10)).toEqual({ page: 1, pages: 1, offset: 0, limit: 60 });
    expect(pageSlice(110, 2, 50, 10)).toEqual({ page: 2, pages: 2, offset: 50, limit: 60 });
  });

  it('gives a larger remainder its own page', () => {
    expect(pageSlice(61, 1, 50, 10)).toMatchObject({ pages: 2, limit: 50 });
    expect(pageSlice(61, 2, 50, 10)).toMatchObject({ pages: 2, offset: 50, limit: 11 });
    expect(pageSlice(120, 3, 50, 10)).toMatchObject({ pages: 3, offset: 100, limit: 20 });
  });

  it('has one page for short and empty lists, and reads nothing past the end', () => {
    expect(pageSlice(0, 1, 50, 10)).toEqual({ page: 1, pages: 1, offset: 0, limit: 0 });
    expect(pageSlice(7, 1, 50, 10)).toMatchObject({ pages: 1, limit: 7 });
    expect(pageSlice(7, 4, 50, 10)).toMatchObject({ pages: 1, limit: 0 });
  });

  it('reads ?page= leniently', () => {
    expect(pageNumber(undefined)).toBe(1);
    expect(pageNumber('abc')).toBe(1);
    expect(pageNumber('-3')).toBe(1);
    expect(pageNumber('4')).toBe(4);
    expect(pageNumber('99999999')).toBe(10_000);
  });
});
