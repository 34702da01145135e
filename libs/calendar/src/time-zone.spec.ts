import {
  addDays, canonicalTimeZone, formatInZone, instantToLocal, localToInstant, mondayOf, offsetMinutes, weekdayOf,
} from '.';

const NY = 'America/New_York';
const CHI = 'America/Chicago';

describe('local time in a location zone', () => {
  it('keeps 18:00 local across the autumn change (the week of 2026-11-01) while the UTC instant moves', () => {
    expect(localToInstant('2026-10-29', '18:00', NY).toISOString()).toBe('2026-10-29T22:00:00.000Z');
    expect(localToInstant('2026-11-02', '18:00', NY).toISOString()).toBe('2026-11-02T23:00:00.000Z');
    expect(formatInZone('2026-11-02T23:00:00Z', NY)).toBe('2026-11-02T18:00:00-05:00');
    expect(formatInZone('2026-10-29T22:00:00Z', NY)).toBe('2026-10-29T18:00:00-04:00');
  });

  it('keeps 18:00 local across the spring change (the week of 2026-03-08)', () => {
    expect(localToInstant('2026-03-05', '18:00', NY).toISOString()).toBe('2026-03-05T23:00:00.000Z');
    expect(localToInstant('2026-03-09', '18:00', NY).toISOString()).toBe('2026-03-09T22:00:00.000Z');
  });

  it('takes the earlier instant for the repeated hour and moves a skipped time forward', () => {
    expect(localToInstant('2026-11-01', '01:30', NY).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(localToInstant('2026-03-08', '02:30', NY).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(instantToLocal('2026-03-08T07:30:00Z', NY).time).toBe('03:30');
  });

  it('measures a local 00:00-03:00 on the change days as 4 and 2 real hours', () => {
    const hours = (date: string) =>
      (localToInstant(date, '03:00', NY).getTime() - localToInstant(date, '00:00', NY).getTime()) / 3_600_000;
    expect(hours('2026-11-01')).toBe(4);
    expect(hours('2026-03-08')).toBe(2);
  });

  it('works in another zone (Chicago is an hour behind New York)', () => {
    expect(localToInstant('2026-11-02', '18:00', CHI).toISOString()).toBe('2026-11-03T00:00:00.000Z');
    expect(offsetMinutes(Date.parse('2026-07-01T12:00:00Z'), CHI)).toBe(-300);
    expect(formatInZone('2026-11-03T00:00:00Z', CHI)).toBe('2026-11-02T18:00:00-06:00');
  });

  it('places a late-Sunday instant in the local week, not the UTC one', () => {
    const local = instantToLocal('2026-11-02T04:30:00Z', NY);
    expect(local).toEqual({ date: '2026-11-01', time: '23:30', weekday: 'SUN' });
    expect(mondayOf(local.date)).toBe('2026-10-26');
  });

  it('does calendar arithmetic on local dates', () => {
    expect(weekdayOf('2026-11-01')).toBe('SUN');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-03-09')).toBe('2026-03-09');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });

  it('names zones canonically and refuses unknown ones', () => {
    expect(canonicalTimeZone('america/new_york')).toBe(NY);
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('+05:00')).toBeUndefined();
  });
});
