import { describe, expect, it } from 'vitest';
import { formatDay, formatDayTime } from '../../../src/web/render/format-date.js';

describe('formatDay', () => {
  it('writes days and date-times one way, in UTC', () => {
    expect(formatDay('2026-02-27')).toBe('Fri 27 Feb 2026');
    expect(formatDay('2026-02-27T23:30:00.000Z')).toBe('Fri 27 Feb 2026');
    expect(formatDay('2024-01-02T15:00:00Z')).toBe('Tue 2 Jan 2024');
    expect(formatDayTime('2026-11-27T09:05:00.000Z')).toBe('Fri 27 Nov 2026, 09:05 UTC');
  });

  it('answers null for what is not a date', () => {
    expect(formatDay('')).toBeNull();
    expect(formatDay('soon')).toBeNull();
  });
});
