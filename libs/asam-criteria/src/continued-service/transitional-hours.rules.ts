import { DEFAULT_MINIMUM_WEEKLY_HOURS } from './continued-service.facts';
import type {
  AttendanceWeek,
  ContinuedServiceAlert,
  ContinuedServiceCriterionResult,
  ContinuedServiceEvidence,
} from './continued-service.types';

/**
 * docs/DOMAIN.md section 2: "Weekly hours below the minimum for up to two consecutive weeks while stepping down count as a
 * transitional continuation; longer is a utilization-review alert." The only excused shortfall is that transitional
 * one, so below-minimum weeks without a step-down in progress raise the alert from the first week.
 */
export const TRANSITIONAL_WEEKS_ALLOWED = 2;

export const minimumWeeklyHoursOf = (e: ContinuedServiceEvidence): number =>
  e.minimumWeeklyHours ?? DEFAULT_MINIMUM_WEEKLY_HOURS;

/** How many of the most recent weeks, counting back from the last, fell below the minimum without a break. */
export const consecutiveWeeksBelowMinimum = (weeks: readonly AttendanceWeek[], minimumWeeklyHours: number): number => {
  let run = 0;
  for (let i = weeks.length - 1; i >= 0 && weeks[i].hoursAttended < minimumWeeklyHours; i--) run++;
  return run;
};

const describeRun = (e: ContinuedServiceEvidence, run: number): string => {
  const last = e.weeks[e.weeks.length - 1];
  const latest = last ? `; latest week of ${last.weekStart}: ${last.hoursAttended} h on ${last.daysAttended} days` : '';
  const stepping = e.stepDownInProgress ? 'stepping down' : 'not stepping down';
  return `${run} consecutive week(s) below ${minimumWeeklyHoursOf(e)} h/week${latest}; ${stepping}`;
};

export const belowMinimumHoursWhileSteppingDownIsTransitional = (
  e: ContinuedServiceEvidence,
): ContinuedServiceCriterionResult => {
  const run = consecutiveWeeksBelowMinimum(e.weeks, minimumWeeklyHoursOf(e));
  return {
    id: 'continue.transitional-hours-while-stepping-down',
    fired: e.stepDownInProgress === true && run >= 1 && run <= TRANSITIONAL_WEEKS_ALLOWED,
    evidence: describeRun(e, run),
    recommends: 'continue',
  };
};

/** A run longer than the transitional allowance (none unless stepping down) needs a utilization review. */
export const hoursBelowMinimumNeedsUtilizationReview = (
  e: ContinuedServiceEvidence,
): ContinuedServiceAlert | undefined => {
  const run = consecutiveWeeksBelowMinimum(e.weeks, minimumWeeklyHoursOf(e));
  const allowed = e.stepDownInProgress ? TRANSITIONAL_WEEKS_ALLOWED : 0;
  return run > allowed
    ? { id: 'utilization-review.hours-below-minimum', evidence: `${describeRun(e, run)} (allowed ${allowed})` }
    : undefined;
};
