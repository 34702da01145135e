/**
 * Local calendar dates, `YYYY-MM-DD`, as a clinic writes them (docs/CONTRACTS.md). Arithmetic runs on UTC midnights,
 * so neither the server's time zone nor a daylight-saving change can shift a day. Which day "today" is at a place is
 * a question for `localDateIn` (time-zone.ts) with an instant the caller passes in: nothing here reads a clock.
 */
import { memo } from './memo';

export const WEEKDAY_CODES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

export const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds of the UTC midnight that starts `date`. */
export const utcMidnight = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  const ms = Date.UTC(y, m - 1, d);
  // Date.UTC reads a year 0-99 as 1900-1999 (19yy and yy agree on leap years for 1-99): the year goes back as written.
  return y >= 100 ? ms : new Date(ms).setUTCFullYear(y);
};

/** A real calendar day in `YYYY-MM-DD` form (refuses 2025-02-30, which `Date` would roll over to March). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const ms = utcMidnight(value);
  return !Number.isNaN(ms) && Number(m[1]) >= 1 && new Date(ms).toISOString().slice(0, 10) === value;
}

const shifted = new Map<string, string>();
const weekdays = new Map<string, WeekdayCode>();
const mondays = new Map<string, string>();

export function addDays(date: string, days: number): string {
  return memo(shifted, `${date}|${days}`, () => new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

export function weekdayOf(date: string): WeekdayCode {
  return memo(weekdays, date, () => WEEKDAY_CODES[(new Date(utcMidnight(date)).getUTCDay() + 6) % 7]);
}

/** Monday of the week holding `date`: program weeks start on Monday, in the location's own calendar. */
export function mondayOf(date: string): string {
  return memo(mondays, date, () => addDays(date, -WEEKDAY_CODES.indexOf(weekdayOf(date))));
}

/** The same month and day `years` later (29 February stays 29 February: `ageOn` handles the years without one). */
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

/** `YYYY-MM`: what the analytics stream keeps of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

export const minDate = (a: string, b: string): string => (a <= b ? a : b);
export const maxDate = (a: string, b: string): string => (a >= b ? a : b);
