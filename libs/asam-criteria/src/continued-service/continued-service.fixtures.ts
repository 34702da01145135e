import type { DimensionKey } from '../criteria-edition';
import type { DimensionalRatings, Rating } from '../ratings';
import type { AttendanceWeek, ContinuedServiceEvidence } from './continued-service.types';

/**
 * Test evidence for the continued-service specs (not exported from the lib). The baseline is a week-3 IOP patient
 * placed at 2.1, not yet progressing but working on goals: only `continue.working-on-goals` fires.
 */
export const IOP_RATINGS: DimensionalRatings = { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 };

export const ratingsWith = (r: Partial<Record<DimensionKey, Rating>>): DimensionalRatings => ({ ...IOP_RATINGS, ...r });

export const week = (weekStart: string, hoursAttended: number, compliant = hoursAttended >= 12): AttendanceWeek => ({
  weekStart,
  hoursAttended,
  daysAttended: hoursAttended >= 12 ? 4 : 2,
  compliant,
});

/** Weeks starting 2025-01-06, one per given number of hours, most recent last. */
export const weeksOf = (...hours: number[]): AttendanceWeek[] =>
  hours.map((h, i) => week(`2025-01-${String(6 + 7 * i).padStart(2, '0')}`, h));

export const evidence = (overrides: Partial<ContinuedServiceEvidence> = {}): ContinuedServiceEvidence => ({
  edition: 3,
  latestRatings: IOP_RATINGS,
  previousRatings: IOP_RATINGS,
  goals: { total: 4, achieved: 0, inProgress: 3, notStarted: 1, discontinued: 0 },
  weeks: weeksOf(12, 12, 12),
  safetyAlertsOpen: 0,
  planAmendments: 0,
  weeksInTreatment: 3,
  ...overrides,
});

export const goals = (achieved: number, inProgress: number, notStarted: number, discontinued = 0) => ({
  total: achieved + inProgress + notStarted + discontinued,
  achieved,
  inProgress,
  notStarted,
  discontinued,
});
