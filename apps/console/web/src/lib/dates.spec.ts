import { ageInDays, calendarDate, localNow, localToday, wallClock } from './dates';

describe('dates as staff read them', () => {
  it('writes calendar dates without a time zone shift', () => {
    expect(calendarDate('1990-04-12')).toBe('12 Apr 1990');
    expect(calendarDate('2026-01-01')).toBe('1 Jan 2026');
  });

  it('counts whole days since an instant', () => {
    expect(ageInDays('2026-11-20T15:00:00Z', new Date('2026-11-20T23:00:00Z'))).toBe(0);
    expect(ageInDays('2026-11-20T15:00:00Z', new Date('2026-11-23T15:00:00Z'))).toBe(3);
  });

  it("reads the wall-clock time of a time written in its location's zone", () => {
    expect(wallClock('2026-11-30T18:00:00-05:00')).toBe('18:00');
  });

  it('gives form defaults in the browser zone', () => {
    const d = new Date(2026, 0, 5, 9, 7);
    expect(localToday(d)).toBe('2026-01-05');
    expect(localNow(d)).toBe('2026-01-05T09:07');
  });
});
