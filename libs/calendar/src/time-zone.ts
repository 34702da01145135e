/**
 * Wall-clock time in a place's IANA zone, with the built-in `Intl` API only (no time-zone dependency). A location's
 * blocks are local ("18:00"): each date is converted on its own, so a session stays at 18:00 local across a
 * daylight-saving change while its UTC instant moves by an hour. Pure: no clock is read here.
 */
import { DAY_MS, utcMidnight, weekdayOf, type WeekdayCode } from './local-date';
import { memo } from './memo';

export interface LocalDateTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:mm` */
  time: string;
  weekday: WeekdayCode;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter is costly (ICU data); one per zone is reused on the enrollment hot path. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical IANA name (`america/new_york` -> `America/New_York`), or undefined for an unknown zone. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  if (!/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The wall-clock fields of an instant, as if they were UTC (milliseconds), straight from ICU. */
function icuWallClockMs(instantMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

const icuOffsetMinutes = (instantMs: number, timeZone: string): number => {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return Math.round((icuWallClockMs(whole, timeZone) - whole) / 60_000);
};

/*
 * An ICU conversion is costly next to the arithmetic around it and an enrollment converts hundreds of session times
 * (docs/PERFORMANCE.md, "Measurements behind the code"), so offsets are cached per 15-minute bucket of UTC. A
 * bucket is cached only when both its ends agree; one that holds a transition (its ends differ) is computed exactly
 * every time.
 */
const BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number | null>>();

/** Offset from UTC in minutes at an instant (New York: -240 in summer, -300 in winter). */
export function offsetMinutes(instantMs: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone || zone.size > 200_000) offsetCache.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(instantMs / BUCKET_MS);
  let cached = zone.get(bucket);
  if (cached === undefined) {
    const start = icuOffsetMinutes(bucket * BUCKET_MS, timeZone);
    cached = start === icuOffsetMinutes((bucket + 1) * BUCKET_MS - 1000, timeZone) ? start : null;
    zone.set(bucket, cached);
  }
  return cached ?? icuOffsetMinutes(instantMs, timeZone);
}

/** The wall-clock fields of an instant, as if they were UTC (milliseconds). */
const wallClockMs = (instantMs: number, timeZone: string): number => instantMs + offsetMinutes(instantMs, timeZone) * 60_000;

/**
 * The instant of a local date and `HH:mm`. Ambiguous times (the repeated hour in autumn) take the earlier instant;
 * times that do not exist (the skipped hour in spring) move forward by the gap, as Temporal's `compatible` does.
 */
export function localToInstant(date: string, time: string, timeZone: string): Date {
  const [hh, mm] = time.split(':').map(Number);
  const wall = utcMidnight(date) + (hh * 60 + mm) * 60_000;
  const before = offsetMinutes(wall - DAY_MS, timeZone);
  const after = offsetMinutes(wall + DAY_MS, timeZone);
  const candidates = [wall - before * 60_000, wall - after * 60_000].filter((t) => wallClockMs(t, timeZone) === wall);
  if (candidates.length) return new Date(Math.min(...candidates));
  return new Date(wall - before * 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

const instantKey = (instant: Date | string | number, timeZone: string) => `${timeZone}|${instant instanceof Date ? instant.getTime() : instant}`;
const locals = new Map<string, LocalDateTime>();
const formatted = new Map<string, string>();

/** Local date, time and weekday of an instant in the zone. */
export function instantToLocal(instant: Date | string | number, timeZone: string): LocalDateTime {
  return memo(locals, instantKey(instant, timeZone), () => computeLocal(instant, timeZone));
}

function computeLocal(instant: Date | string | number, timeZone: string): LocalDateTime {
  const wall = new Date(wallClockMs(new Date(instant).getTime(), timeZone));
  const date = wall.toISOString().slice(0, 10);
  return { date, time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`, weekday: weekdayOf(date) };
}

/** ISO-8601 with the zone's offset at that instant, e.g. `2026-11-02T18:00:00-05:00` (how the API shows times). */
export function formatInZone(instant: Date | string | number, timeZone: string): string {
  return memo(formatted, instantKey(instant, timeZone), () => computeFormat(instant, timeZone));
}

function computeFormat(instant: Date | string | number, timeZone: string): string {
  const ms = new Date(instant).getTime();
  const offset = offsetMinutes(ms, timeZone);
  const wall = new Date(wallClockMs(ms, timeZone)).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/**
 * The calendar day of an instant at a place: a clinic's "today" for the instant the caller passes in. An evening
 * group in Chicago runs until 02:00 UTC, when UTC's date is already the next day.
 */
export const localDateIn = (instant: Date | string | number, timeZone: string): string => instantToLocal(instant, timeZone).date;

/** Minutes from a clock time `HH:mm` since midnight. */
export function clockMinutes(time: string): number {
  const [hh, mm] = time.split(':').map(Number);
  return hh * 60 + mm;
}

export function clockTime(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
