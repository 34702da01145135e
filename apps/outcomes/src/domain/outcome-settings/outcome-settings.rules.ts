import type { FieldError } from '@iop/decider';
import { INSTRUMENTS, type Instrument } from '@iop/domain-events';

/**
 * A tenant's measurement-based-care policy. Defaults from the issue and docs/DOMAIN.md section 3: a baseline within 7
 * days of admission, then every 2 weeks, and at discharge; follow-ups 30, 90 and 180 days after discharge, each
 * counting for 14 days either side of its due date.
 */
export type MeasurementScheduleSettings = {
  instruments: Instrument[];
  baselineWithinDays: number;
  intervalDays: number;
  /** Days before a due date from which a measure counts for it (clinics administer a few days early). */
  leadDays: number;
  atDischarge: boolean;
};

export type FollowUpSettings = { offsetsDays: number[]; windowDays: number };

export type OutcomeSettings = { measurementSchedule: MeasurementScheduleSettings; followUps: FollowUpSettings };

export const DEFAULT_OUTCOME_SETTINGS: OutcomeSettings = {
  measurementSchedule: { instruments: ['PHQ-9', 'GAD-7', 'BAM'], baselineWithinDays: 7, intervalDays: 14, leadDays: 3, atDischarge: true },
  followUps: { offsetsDays: [30, 90, 180], windowDays: 14 },
};

const isAscending = (values: readonly number[]): boolean => values.every((v, i) => i === 0 || v > values[i - 1]);

/** Rules that span fields (single-field bounds are the DTO's): each keeps the schedule's windows in order. */
export function outcomeSettingsErrors(s: OutcomeSettings): FieldError[] {
  const m = s.measurementSchedule;
  const errors: FieldError[] = [];
  if (m.leadDays >= m.intervalDays) errors.push({ path: 'measurementSchedule.leadDays', message: 'must be shorter than intervalDays' });
  if (m.baselineWithinDays >= m.intervalDays - m.leadDays) {
    errors.push({ path: 'measurementSchedule.baselineWithinDays', message: 'must end before the first periodic window opens (intervalDays - leadDays)' });
  }
  if (new Set(m.instruments).size !== m.instruments.length || !m.instruments.every((i) => INSTRUMENTS.includes(i))) {
    errors.push({ path: 'measurementSchedule.instruments', message: 'must list distinct instruments' });
  }
  if (!isAscending(s.followUps.offsetsDays)) errors.push({ path: 'followUps.offsetsDays', message: 'must be strictly ascending' });
  return errors;
}
