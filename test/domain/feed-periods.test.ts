import { describe, expect, it } from 'vitest';
import { dayPeriod, isoWeekOf, monthPeriod, weekPeriod } from '../../src/domain/feed-periods.js';

describe('feed periods', () => {
  it('reads a day with its neighbours and a readable label', () => {
    expect(dayPeriod('2026-11-27')).toMatchObject({ from: '2026-11-27', to: '2026-11-27', prev: '2026-11-26', next: '2026-11-28', label: 'Fri 27 Nov 2026' });
  });

  it.each(['2024-13-45', '2024-02-30', '24-01-01', 'yesterday', '', '1990-01-01', '2024-01-01<script>'])('rejects the day %j with a clear error', (v) => {
    expect(() => dayPeriod(v)).toThrow(/not a date: use YYYY-MM-DD/);
  });

  it('reads ISO weeks from Monday to Sunday, across year ends', () => {
    expect(weekPeriod('2026-W48')).toMatchObject({ from: '2026-11-23', to: '2026-11-29', prev: '2026-W47', next: '2026-W49' });
    // 2021-01-01 is a Friday: it belongs to 2020's week 53.
    expect(isoWeekOf('2021-01-01')).toBe('2020-W53');
    expect(weekPeriod('2020-W53')).toMatchObject({ from: '2020-12-28', to: '2021-01-03', next: '2021-W01' });
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(weekPeriod('2026-W01').prev).toBe('2025-W52');
  });

  it('rejects weeks that do not exist', () => {
    expect(() => weekPeriod('2025-W53')).toThrow(/not an ISO week/);
    expect(weekPeriod('2026-W53')).toMatchObject({ from: '2026-12-28', to: '2027-01-03' }); // 2026 starts on a Thursday
    expect(() => weekPeriod('2026-W00')).toThrow(/not an ISO week/);
    expect(() => weekPeriod('2026-48')).toThrow(/not an ISO week/);
  });

  it('reads months with their last day', () => {
    expect(monthPeriod('2024-02')).toMatchObject({ from: '2024-02-01', to: '2024-02-29', prev: '2024-01', next: '2024-03', label: 'February 2024' });
    expect(monthPeriod('2026-12')).toMatchObject({ to: '2026-12-31', next: '2027-01' });
    expect(() => monthPeriod('2026-13')).toThrow(/not a month/);
  });
});
