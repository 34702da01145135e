import { addDays, instantToLocal } from '@iop/calendar';
/**
 * The program's attendance rules as named functions (docs/DOMAIN.md sections 1 and 6). Pure; the weekly numbers are the
 * per-diem billing unit (a day with at least the minimum hours) and the evidence admissions weighs at reviews.
 */

export interface HoursRule {
  minHoursPerDay: number;
  minDaysPerWeek: number;
}

export interface ProgramSettings extends HoursRule {
  /** Seats per group session ("group size limits, often 2-12": docs/DOMAIN.md section 6). */
  groupSizeLimit: number;
  /** An alumnus who misses this many alumni sessions in a row has stopped coming: their weekly booking ends. */
  alumniMissedSessionsLimit: number;
}

/** The source page's program: sessions at least 3 hours a day on at least 4 days a week, groups of up to 12. */
export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = { groupSizeLimit: 12, minHoursPerDay: 3, minDaysPerWeek: 4, alumniMissedSessionsLimit: 4 };

/** ASAM Level 2.1 asks 9-19 h/week for adults and 6-19 for adolescents (docs/DOMAIN.md section 1). */
export const ASAM_MINIMUM_HOURS = { adult: 9, adolescent: 6 } as const;

/** Age bands come from admissions (`15-17`, `30-34`, `65+`); a band that ends below 18 is an adolescent's. */
export function patientIsAdolescent(ageBand: string | undefined): boolean {
  const upper = /^\d{1,2}-(\d{1,2})$/.exec(ageBand ?? '')?.[1];
  return upper !== undefined && Number(upper) < 18;
}

export const asamMinimumHours = (ageBand: string | undefined): number =>
  patientIsAdolescent(ageBand) ? ASAM_MINIMUM_HOURS.adolescent : ASAM_MINIMUM_HOURS.adult;

export interface AttendedTime {
  startsAt: string;
  minutes: number;
}

export interface WeekNumbers {
  hoursAttended: number;
  daysAttended: number;
  daysWithMinimumHours: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Minutes attended per local date: a day is a day in the location's calendar, whatever UTC says. */
export function minutesPerLocalDay(records: readonly AttendedTime[], timeZone: string): Map<string, number> {
  const days = new Map<string, number>();
  for (const r of records) {
    const date = instantToLocal(r.startsAt, timeZone).date;
    days.set(date, (days.get(date) ?? 0) + r.minutes);
  }
  return days;
}

export function weekNumbers(records: readonly AttendedTime[], timeZone: string, rule: HoursRule): WeekNumbers {
  const days = [...minutesPerLocalDay(records, timeZone).values()];
  return {
    hoursAttended: round2(days.reduce((a, b) => a + b, 0) / 60),
    daysAttended: days.filter((m) => m > 0).length,
    daysWithMinimumHours: days.filter((m) => m > 0 && m >= rule.minHoursPerDay * 60).length,
  };
}

/**
 * A week can ask no more program days than the plan offered that week: the admission week that starts on a
 * Thursday, a holiday that cancelled a session, or the discharge week would otherwise be breaches by construction.
 */
export const requiredDaysInWeek = (rule: HoursRule, plannedDays: number): number => Math.min(rule.minDaysPerWeek, plannedDays);

export const weekMeetsProgramRule = (numbers: WeekNumbers, requiredDays: number): boolean => numbers.daysWithMinimumHours >= requiredDays;

export const weekFallsBelowAsamMinimum = (numbers: WeekNumbers, ageBand: string | undefined): boolean =>
  numbers.hoursAttended < asamMinimumHours(ageBand);

/** Whether a week lies wholly inside the episode (from its first day to its discharge). */
export function weekIsWhollyInEpisode(weekStart: string, startDate: string, dischargeDate?: string): boolean {
  return weekStart >= startDate && (dischargeDate === undefined || dischargeDate >= addDays(weekStart, 7));
}

/** The plan meets the rule when every full week offers enough qualifying days. */
export function planMeetsProgramRule(dailyMinutesPerWeek: readonly number[][], rule: HoursRule): boolean {
  return dailyMinutesPerWeek.length > 0 &&
    dailyMinutesPerWeek.every((days) => days.filter((m) => m >= rule.minHoursPerDay * 60).length >= rule.minDaysPerWeek);
}
