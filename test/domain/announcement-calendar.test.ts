import { describe, expect, it } from 'vitest';
import { estimateAnnounceDay, isAnnouncementDay, isMailingDay, latestAnnounceDay } from '../../src/domain/announcement-calendar.js';
import { addDays, weekdayOf } from '../../src/domain/dates.js';

// March 2026: Mon 2 .. Fri 6, Sat 7, Sun 8 (US DST starts: EST -5 -> EDT -4), Mon 9, Tue 10.

describe('estimateAnnounceDay', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-03-02T17:42:10Z', '2026-03-03', 'Mon 12:42 EST: Monday mailing, listed Tuesday'],
    ['2026-03-02T18:59:59Z', '2026-03-03', 'Mon 13:59:59 EST: just in time'],
    ['2026-03-02T19:00:00Z', '2026-03-04', 'Mon 14:00 EST exactly: misses the cutoff'],
    ['2026-03-03T03:00:00Z', '2026-03-04', 'Mon 22:00 EST (Tuesday in UTC): Tuesday mailing'],
    ['2026-03-04T18:30:12Z', '2026-03-05', 'Wed 13:30 EST'],
    ['2026-03-05T18:00:00Z', '2026-03-06', 'Thu 13:00 EST: Thursday mailing, listed Friday'],
    ['2026-03-05T19:30:00Z', '2026-03-09', 'Thu 14:30 EST: Sunday mailing, listed Monday'],
    ['2026-03-06T16:20:00Z', '2026-03-09', 'Fri 11:20 EST: still the Sunday mailing'],
    ['2026-03-06T20:00:00Z', '2026-03-10', 'Fri 15:00 EST: Monday mailing'],
    ['2026-03-07T12:00:00Z', '2026-03-10', 'Saturday: Monday mailing'],
    ['2026-03-08T23:00:00Z', '2026-03-10', 'Sun 19:00 EDT: Monday mailing'],
    ['2026-03-09T17:59:00Z', '2026-03-10', 'Mon 13:59 EDT (after the DST switch)'],
    ['2026-03-09T18:00:00Z', '2026-03-11', 'Mon 14:00 EDT: the cutoff moved an hour earlier in UTC'],
    ['2026-03-02T17:42:10.000+00:00', '2026-03-03', 'any ISO form'],
  ];
  for (const [submitted, listed, why] of cases) {
    it(`${submitted} -> ${listed} (${why})`, () => expect(estimateAnnounceDay(submitted)).toBe(listed));
  }

  describe('holidays: no mailing that evening, the papers go to the next one', () => {
    const holidays: Array<[string, string, string]> = [
      ['2026-01-16T20:00:00Z', '2026-01-21', 'Fri after cutoff; Mon Jan 19 (MLK) has no mailing -> Tuesday mailing'],
      ['2026-01-19T20:00:00Z', '2026-01-21', 'Mon Jan 19 after cutoff -> Tuesday mailing'],
      ['2025-12-31T20:00:00Z', '2026-01-05', 'Wed Dec 31 after cutoff; Thu Jan 1 has no mailing -> Sunday'],
      ['2026-11-25T20:00:00Z', '2026-11-30', 'Wed before Thanksgiving after cutoff -> Sunday mailing'],
      ['2026-11-27T18:00:00Z', '2026-11-30', 'Fri after Thanksgiving before cutoff -> Sunday mailing'],
      ['2026-12-28T20:00:00Z', '2026-12-31', 'Mon Dec 28 after cutoff; Tue Dec 29 none -> Wednesday mailing'],
      ['2026-12-30T20:00:00Z', '2027-01-04', 'Wed Dec 30 after cutoff; Thu Dec 31 none -> Sunday Jan 3'],
      ['2026-07-02T19:00:00Z', '2026-07-06', 'Thu Jul 2 after cutoff: the Friday holiday changes nothing'],
    ];
    for (const [submitted, listed, why] of holidays) {
      it(`${submitted} -> ${listed} (${why})`, () => expect(estimateAnnounceDay(submitted)).toBe(listed));
    }
  });

  it('accepts a custom holiday list', () => {
    expect(estimateAnnounceDay('2026-03-02T17:42:10Z', new Set(['2026-03-02']))).toBe('2026-03-04');
  });

  it('throws on a date it cannot read', () => {
    expect(() => estimateAnnounceDay('not a date')).toThrow(RangeError);
  });

  it('always lands on an announcement day, never before the submission (every 5 hours of 2026)', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 5 * 3600_000) {
      const iso = new Date(t).toISOString();
      const day = estimateAnnounceDay(iso);
      expect(isAnnouncementDay(day), iso).toBe(true);
      expect(day > iso.slice(0, 10) || day === addDays(iso.slice(0, 10), 0), iso).toBe(true);
    }
  });
});

describe('isAnnouncementDay and isMailingDay', () => {
  it('listing days are Monday to Friday', () => {
    expect(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'].map((d) => isAnnouncementDay(d))).toEqual([true, true, true, true, true]);
    expect(isAnnouncementDay('2026-03-07')).toBe(false);
    expect(isAnnouncementDay('2026-03-08')).toBe(false);
  });

  it('the day after a holiday has no listing', () => {
    expect(isMailingDay('2026-01-19')).toBe(false);
    expect(isAnnouncementDay('2026-01-19')).toBe(true); // Sunday's mailing
    expect(isAnnouncementDay('2026-01-20')).toBe(false); // no Monday mailing
    expect(isAnnouncementDay('2026-01-02')).toBe(false);
    expect(isAnnouncementDay('2026-11-27')).toBe(false);
    expect(isAnnouncementDay('2026-12-30')).toBe(false);
    expect(isAnnouncementDay('2027-01-01')).toBe(false);
    expect(isAnnouncementDay('2026-12-31')).toBe(true); // Wednesday Dec 30 mails
  });

  it('counts about 250 listing days in 2026', () => {
    let n = 0;
    for (let d = '2026-01-01'; d < '2027-01-01'; d = addDays(d, 1)) if (isAnnouncementDay(d)) n++;
    // 261 weekdays minus the 5 holidays that fall on Monday-Thursday (Fridays never mail).
    expect(n).toBe(261 - 5);
  });
});

describe('latestAnnounceDay', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-03-10T01:00:00Z', '2026-03-10', 'Mon 21:00 EDT: Tuesday\'s listing just went out'],
    ['2026-03-09T23:59:00Z', '2026-03-09', 'Mon 19:59 EDT: still Monday\'s'],
    ['2026-03-10T00:00:00Z', '2026-03-10', 'Mon 20:00 EDT sharp'],
    ['2026-03-07T12:00:00Z', '2026-03-06', 'Saturday: Friday\'s'],
    ['2026-03-08T23:00:00Z', '2026-03-06', 'Sun 19:00 EDT: still Friday\'s'],
    ['2026-03-09T00:30:00Z', '2026-03-09', 'Sun 20:30 EDT: Monday\'s'],
    ['2026-01-20T15:00:00Z', '2026-01-19', 'Tue after MLK day: Monday\'s (from the Sunday mailing)'],
    ['2026-01-21T02:00:00Z', '2026-01-21', 'Tue 21:00 EST: Wednesday\'s'],
    ['2026-11-27T17:00:00Z', '2026-11-26', 'Fri after Thanksgiving: Thursday\'s'],
  ];
  for (const [now, day, why] of cases) {
    it(`${now} -> ${day} (${why})`, () => expect(latestAnnounceDay(new Date(now))).toBe(day));
  }

  it('is always an announcement day', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3600_000) {
      const day = latestAnnounceDay(new Date(t));
      expect(isAnnouncementDay(day)).toBe(true);
      expect(weekdayOf(day)).toBeGreaterThanOrEqual(1);
      expect(weekdayOf(day)).toBeLessThanOrEqual(5);
    }
  });
});
