/**
 * Calendar dates (`YYYY-MM-DD`) as the clinic wrote them. Arithmetic runs on UTC midnights so that neither the
 * server's time zone nor a DST change can shift a day. Pure: no clock.
 */
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const toMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** True for a real calendar day (rejects `2025-02-30`, which Date would roll over). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const ms = toMs(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
}

export const addDays = (date: string, days: number): string => new Date(toMs(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((toMs(to) - toMs(from)) / DAY_MS);

/**
 * The clinic's calendar day of an ISO date-time with offset: its first ten characters. Contracts carry local
 * offsets (`2025-05-02T20:30:00-04:00`), so converting to UTC first would move evening events to the next day.
 */
export const localDateOf = (dateTime: string): string => dateTime.slice(0, 10);

/** Monday of the week holding `date` (scheduling's weeks start on Monday). */
export function mondayOf(date: string): string {
  const weekday = new Date(toMs(date)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** `YYYY-MM`: what the analytics stream keeps of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

export const minDate = (a: string, b: string): string => (a <= b ? a : b);
export const maxDate = (a: string, b: string): string => (a >= b ? a : b);

/** Instant comparison of two ISO date-times with offsets. */
export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);
