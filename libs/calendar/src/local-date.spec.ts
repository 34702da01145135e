import {
  addDays, addYears, ageOn, dateOf, daysBetween, isBefore, isCalendarDate, localDateIn, localDateOf, maxDate, millisBetween, minDate,
  mondayOf, monthOf, weekdayOf,
} from '.';

describe('local dates', () => {
  it('are real calendar days only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-02-30')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-1-01')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
    // Years 1 to 99 are years as written, not 1901 to 1999.
    expect(['0001-01-01', '0008-02-14', '0004-02-29'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(isCalendarDate('0003-02-29')).toBe(false);
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(isCalendarDate('2025-03-01T00:00:00Z')).toBe(false);
  });

  it('add and count days across month, year and daylight-saving boundaries', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    // 2026-03-08 and 2026-11-01 are the US changes: a day is still a day.
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
    expect(daysBetween('2026-03-09', '2026-03-07')).toBe(-2);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('start weeks on Monday', () => {
    expect(weekdayOf('2026-11-01')).toBe('SUN');
    expect(weekdayOf('2026-11-02')).toBe('MON');
    expect(mondayOf('2026-11-01')).toBe('2026-10-26');
    expect(mondayOf('2026-11-02')).toBe('2026-11-02');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
  });

  it('count ages in completed years, a leap-day birthday from 1 March', () => {
    expect(ageOn('1990-05-04', '2025-05-03')).toBe(34);
    expect(ageOn('1990-05-04', '2025-05-04')).toBe(35);
    expect(ageOn('2000-02-29', '2025-02-28')).toBe(24);
    expect(ageOn('2000-02-29', '2025-03-01')).toBe(25);
    expect(addYears('2022-03-15', 3)).toBe('2025-03-15');
  });

  it('take months, minima and maxima of dates', () => {
    expect(monthOf('2025-03-31')).toBe('2025-03');
    expect(minDate('2025-03-01', '2025-02-28')).toBe('2025-02-28');
    expect(maxDate('2025-03-01', '2025-02-28')).toBe('2025-03-01');
  });
});

describe('instants', () => {
  it("give the clinic's day from an offset date-time, not UTC's", () => {
    expect(localDateOf('2025-05-02T20:30:00-04:00')).toBe('2025-05-02');
    expect(dateOf('2025-05-02T20:30:00-04:00')).toBe('2025-05-03');
  });

  it("give a place's day of an instant, across UTC midnight and a DST change", () => {
    expect(localDateIn('2026-11-03T01:30:00Z', 'America/Chicago')).toBe('2026-11-02');
    expect(localDateIn('2026-11-01T04:30:00Z', 'America/New_York')).toBe('2026-11-01');
    expect(localDateIn('2026-11-01T03:59:00Z', 'America/New_York')).toBe('2026-10-31');
    expect(localDateIn('2026-03-08T05:00:00Z', 'America/New_York')).toBe('2026-03-08');
  });

  it('compare instants written with different offsets', () => {
    expect(isBefore('2025-05-02T20:30:00-04:00', '2025-05-03T00:31:00Z')).toBe(true);
    expect(isBefore('2025-05-02T20:30:00-04:00', '2025-05-03T00:30:00Z')).toBe(false);
    expect(millisBetween('2025-05-02T20:30:00-04:00', '2025-05-03T01:30:00Z')).toBe(3_600_000);
  });
});
