/** Dates as staff read them. Calendar dates (YYYY-MM-DD) are never shifted through a time zone. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `1990-04-12` as `12 Apr 1990`. */
export function calendarDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** Whole days from an instant to now (0 on the day itself). */
export function ageInDays(instant: string, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(instant).getTime()) / 86_400_000));
}

/** `18:00` of `2026-11-30T18:00:00-05:00`: the wall-clock time of a time written in its location's own zone. */
export function wallClock(isoWithOffset: string): string {
  return /T(\d{2}:\d{2})/.exec(isoWithOffset)?.[1] ?? isoWithOffset;
}

/** Minutes between two instants. */
export const minutesBetween = (start: string, end: string): number => Math.round((new Date(end).getTime() - new Date(start).getTime()) / 60_000);

const pad = (n: number) => String(n).padStart(2, '0');

/** Today in the browser's zone as YYYY-MM-DD (for a date field's default). */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Now as a datetime-local value (YYYY-MM-DDTHH:MM) in the browser's zone. */
export function localNow(now: Date = new Date()): string {
  return `${localToday(now)}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** A datetime-local value, read in the browser's zone, as an ISO instant; undefined when it is not a time. */
export function instantOf(local: string): string | undefined {
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}
