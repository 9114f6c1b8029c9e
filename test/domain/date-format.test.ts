import { describe, expect, it } from 'vitest';
import { formatDay, formatExact, formatRelative } from '../../src/domain/date-format.js';

describe('dates as pages show them', () => {
  it('writes days one way everywhere', () => {
    expect(formatDay('2026-02-27')).toBe('Fri 27 Feb 2026');
    expect(formatDay('2026-02-27T23:30:00.000Z')).toBe('Fri 27 Feb 2026');
    expect(formatDay('2026-02-27', { year: false })).toBe('Fri 27 Feb');
    expect(formatDay('2024-01-02T15:00:00Z')).toBe('Tue 2 Jan 2024');
    expect(formatDay('not a date')).toBe('not a date');
    expect(formatExact('2026-02-27T14:05:09.000Z')).toBe('Fri 27 Feb 2026, 14:05 UTC');
  });

  it('says recent times relative to now, older ones as the day', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(formatRelative('2026-03-01T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2026-03-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-03-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2026-02-28T09:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2026-02-26T09:00:00Z', now)).toBe('3 days ago');
    expect(formatRelative('2026-02-01T09:00:00Z', now)).toBe('Sun 1 Feb 2026');
    expect(formatRelative('2026-03-05T09:00:00Z', now)).toBe('Thu 5 Mar 2026');
  });
});
