/**
 * Calendar arithmetic on `YYYY-MM-DD` dates and ISO instants, in UTC. Pure (no clock): domain code imports it, and
 * the time it compares against always arrives in command metadata.
 */
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const utcMidnight = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** A real calendar day in `YYYY-MM-DD` form (rejects 2025-02-30, which `Date.parse` would roll over). */
export const isCalendarDate = (value: string): boolean =>
  DATE.test(value) && !Number.isNaN(utcMidnight(value)) && new Date(utcMidnight(value)).toISOString().startsWith(value);

/** The UTC calendar day of an instant. */
export const dateOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of an instant at a place (an IANA time zone): a clinic's "today". An evening group in Chicago
 * runs until 02:00 UTC, when UTC's date is already the next day.
 */
export const localDateIn = (instant: string, timeZone: string): string => {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(instant));
};

export const addDays = (date: string, days: number): string => new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);

export const addYears = (date: string, years: number): string => {
  const [, y, m, d] = DATE.exec(date)!;
  return `${String(Number(y) + years).padStart(4, '0')}-${m}-${d}`;
};

/** Completed years of age on a day (birthdays on 29 February count from 1 March in other years). */
export const ageOn = (dateOfBirth: string, on: string): number => {
  const [, by, bm, bd] = DATE.exec(dateOfBirth)!.map(Number);
  const [, y, m, d] = DATE.exec(on)!.map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
};

/** Milliseconds between two instants (positive when `later` is after `earlier`). */
export const millisBetween = (earlier: string, later: string): number => Date.parse(later) - Date.parse(earlier);
