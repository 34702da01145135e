import type { CriteriaEdition } from '../criteria-edition';
import type { LevelOfCare } from '../level-of-care';
import type { DimensionalRatings } from '../ratings';

/** Same values as `ContinuedStayRecommendation` in domain-events; kept here so this lib has no dependencies. */
export type ContinuedServiceRecommendation = 'continue' | 'step-down' | 'transfer' | 'step-up' | 'discharge';

/** Treatment-plan goal counts by status (clinical-notes' GoalStatusChanged). */
export type GoalCounts = {
  total: number;
  achieved: number;
  inProgress: number;
  notStarted: number;
  discontinued: number;
};

/** One week of attendance from scheduling's WeeklyAttendanceSummarized; `compliant` is the program rule's verdict. */
export type AttendanceWeek = { weekStart: string; hoursAttended: number; daysAttended: number; compliant: boolean };

/** The location's or payer's attendance rule (docs/DOMAIN.md section 1: default 3 h/day on 4 days). */
export type ProgramRule = { minHoursPerDay: number; minDaysPerWeek: number };

export type MeasureTotals = { total: number; previousTotal?: number };

/**
 * Everything a continued-service review reads, gathered by admissions from the other services' events.
 * `latestRatings` and `previousRatings` are both rated under `edition` (never mix editions in a trend).
 */
export type ContinuedServiceEvidence = {
  edition: CriteriaEdition;
  latestRatings?: DimensionalRatings;
  previousRatings?: DimensionalRatings;
  goals: GoalCounts;
  /** Most recent last. */
  weeks: readonly AttendanceWeek[];
  /** Defaults to 9: ASAM Level 2.1 asks 9-19 h/week for adults (6 for adolescents). */
  minimumWeeklyHours?: number;
  /** Only explains attendance in the evidence: scheduling has already judged each week's `compliant`. */
  programRule?: ProgramRule;
  recentMeasures?: { phq9?: MeasureTotals; gad7?: MeasureTotals };
  safetyAlertsOpen: number;
  planAmendments?: number;
  weeksInTreatment: number;
  stepDownInProgress?: boolean;
  /** The level the episode is at; defaults to 2.1, the IOP. */
  currentLevel?: LevelOfCare;
};

export type ContinuedServiceCriterionResult = {
  id: string;
  fired: boolean;
  evidence: string;
  /** What this criterion argues for when it fires. */
  recommends: ContinuedServiceRecommendation;
};

export type ContinuedServiceAlert = { id: string; evidence: string };

export type ContinuedServiceEvaluation = {
  recommendation: ContinuedServiceRecommendation;
  criteria: ContinuedServiceCriterionResult[];
  alerts: ContinuedServiceAlert[];
};
