/**
 * An episode's program weeks (Monday-based, in the location's calendar) and what each amounts to. Pure: the same
 * functions close weeks in the decider and answer `GET /v1/enrollments/{id}/weeks`, so the two cannot disagree.
 */
import { addDays, instantToLocal, mondayOf } from '@iop/calendar';
import {
  asamMinimumHours, requiredDaysInWeek, weekFallsBelowAsamMinimum, weekIsWhollyInEpisode, weekMeetsProgramRule,
  weekNumbers, type HoursRule, type WeekNumbers,
} from '../program/program-rules';
import type { EnrollmentEvent } from './enrollment.events';
import type { Enrollment } from './enrollment.state';

export interface WeekView extends WeekNumbers {
  weekStart: string;
  plannedDays: number;
  requiredDays: number;
  compliant: boolean;
  belowAsamMinimum: boolean;
  closed: boolean;
}

const localDate = (state: Enrollment, instant: string) => instantToLocal(instant, state.timezone).date;
const inWeek = (state: Enrollment, instant: string, weekStart: string) => {
  const date = localDate(state, instant);
  return date >= weekStart && date < addDays(weekStart, 7);
};

/**
 * The episode's last program week: its discharge week, or else the later of the planned end and its last booked or
 * attended session (a stay that reassessment extends is extended by booking it).
 */
function lastProgramWeek(state: Enrollment): string {
  if (state.dischargedAt) return mondayOf(localDate(state, state.dischargedAt));
  const dates = [addDays(state.plannedEndDate ?? state.startDate!, -1)];
  for (const b of Object.values(state.bookings)) if (b.status === 'booked' && !b.noCharge) dates.push(localDate(state, b.startsAt));
  for (const a of Object.values(state.attendance)) if (!a.noCharge) dates.push(localDate(state, a.startsAt));
  return mondayOf(dates.reduce((a, b) => (a > b ? a : b)));
}

/** Mondays of the episode's program weeks that have ended by `endingBy` (a week ends before its next Monday). */
export function programWeeks(state: Enrollment, endingBy: string): string[] {
  // A cancelled episode never started: it has no program weeks to summarize or breach.
  if (!state.startDate || state.status === 'cancelled') return [];
  const last = lastProgramWeek(state);
  const weeks: string[] = [];
  for (let w = mondayOf(state.startDate); addDays(w, 7) <= endingBy && w <= last; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/**
 * The weeks `GET /v1/enrollments/{id}/weeks` shows on the location's `today`: those ended or under way, and every week
 * already summarized. Attendance recorded for a later week closes the weeks before it, which can be ahead of the
 * calendar; a summarized week must still be listed, whatever the day.
 */
export function weeksShown(state: Enrollment, today: string): string[] {
  const summarized = Object.keys(state.weeks).sort().at(-1);
  const underWay = addDays(today, 7);
  return programWeeks(state, summarized && addDays(summarized, 7) > underWay ? addDays(summarized, 7) : underWay);
}

/** Program (billable) days the plan offered in the week: booked seats that neither a cancellation nor discharge took. */
function plannedDays(state: Enrollment, weekStart: string): number {
  const days = new Set<string>();
  for (const b of Object.values(state.bookings)) {
    if (b.status === 'booked' && !b.noCharge && inWeek(state, b.startsAt, weekStart)) days.add(localDate(state, b.startsAt));
  }
  return days.size;
}

export function weekView(state: Enrollment, weekStart: string): WeekView {
  const records = Object.values(state.attendance).filter((a) => !a.noCharge && inWeek(state, a.startsAt, weekStart));
  const numbers = weekNumbers(records, state.timezone, state.rule);
  const planned = plannedDays(state, weekStart);
  const requiredDays = requiredDaysInWeek(state.rule, planned);
  const discharged = state.dischargedAt ? localDate(state, state.dischargedAt) : undefined;
  const whole = weekIsWhollyInEpisode(weekStart, state.startDate ?? weekStart, discharged);
  return {
    weekStart, ...numbers, plannedDays: planned, requiredDays, compliant: weekMeetsProgramRule(numbers, requiredDays),
    belowAsamMinimum: whole && weekFallsBelowAsamMinimum(numbers, state.ageBand), closed: weekStart in state.weeks,
  };
}

/**
 * The summary of a week, and the breaches it shows. The rule reported is the one the week was held to (its days
 * capped by what the plan offered), so `compliant` can be checked from the event alone. A re-summary after a late
 * correction does not repeat a breach already reported for the week.
 */
export function summarizeWeek(state: Enrollment, weekStart: string, now: string): EnrollmentEvent[] {
  const view = weekView(state, weekStart);
  const { episodeId, patientId, locationId } = state;
  const rule: HoursRule = { minHoursPerDay: state.rule.minHoursPerDay, minDaysPerWeek: view.requiredDays };
  const events: EnrollmentEvent[] = [{
    type: 'WeekSummarized',
    data: {
      episodeId, patientId, locationId, weekStart, hoursAttended: view.hoursAttended, daysAttended: view.daysAttended,
      daysWithMinimumHours: view.daysWithMinimumHours, compliant: view.compliant, rule, summarizedAt: now,
    },
  }];
  const reported = state.weeks[weekStart]?.breached ?? [];
  const breach = (kind: 'program-hours' | 'asam-minimum', requiredHours: number): EnrollmentEvent => ({
    type: 'AttendanceRuleBreached',
    data: { episodeId, patientId, locationId, weekStart, hoursAttended: view.hoursAttended, requiredHours, rule: kind, breachedAt: now },
  });
  if (!view.compliant && !reported.includes('program-hours')) events.push(breach('program-hours', view.requiredDays * rule.minHoursPerDay));
  if (view.belowAsamMinimum && !reported.includes('asam-minimum')) events.push(breach('asam-minimum', asamMinimumHours(state.ageBand)));
  return events;
}
