/**
 * Turns what the other services reported about an episode (gathered by admissions from their events) into the
 * evidence `evaluateContinuedService` reads (docs/DOMAIN.md section 2). Pure: the review time arrives as an argument.
 */
import type {
  AttendanceWeek, ContinuedServiceEvidence, CriteriaEdition, DimensionalRatings, GoalCounts, LevelOfCare, MeasureTotals,
  ProgramRule,
} from '@iop/asam-criteria';
import { dateOf, daysBetween } from '@iop/calendar';

export type AttendanceBreach = { weekStart: string; rule: 'program-hours' | 'asam-minimum'; hoursAttended: number; requiredHours: number };
export type Reassessment = { criteriaEdition: CriteriaEdition; ratings: DimensionalRatings; recordedAt: string };

/** Facts from scheduling, clinical-notes and outcomes; lists are oldest first. */
export type GatheredEvidence = {
  reassessments: Reassessment[];
  goals: GoalCounts;
  planAmendments: number;
  weeks: AttendanceWeek[];
  programRule?: ProgramRule;
  breaches: AttendanceBreach[];
  recentMeasures: { phq9?: MeasureTotals; gad7?: MeasureTotals };
  safetyAlertsOpen: number;
  minimumWeeklyHours?: number;
};

export type EpisodeBaseline = {
  criteriaEdition: CriteriaEdition;
  admissionRatings: DimensionalRatings;
  levelOfCare: LevelOfCare;
  startDate: string;
};

export const NO_EVIDENCE: GatheredEvidence = {
  reassessments: [], goals: { total: 0, achieved: 0, inProgress: 0, notStarted: 0, discontinued: 0 }, planAmendments: 0,
  weeks: [], breaches: [], recentMeasures: {}, safetyAlertsOpen: 0,
};

/**
 * Ratings are compared within one edition only (asam-criteria's rule): the latest edition in use wins, and the
 * admission assessment is the baseline when it was rated under the same edition.
 */
function ratingsPair(baseline: EpisodeBaseline, reassessments: Reassessment[]) {
  const edition = reassessments.at(-1)?.criteriaEdition ?? baseline.criteriaEdition;
  const same = reassessments.filter((r) => r.criteriaEdition === edition);
  const latestRatings = same.at(-1)?.ratings;
  const previousRatings = same.at(-2)?.ratings ?? (latestRatings && edition === baseline.criteriaEdition ? baseline.admissionRatings : undefined);
  return { edition, latestRatings, previousRatings };
}

export function continuedServiceEvidence(
  baseline: EpisodeBaseline, gathered: GatheredEvidence, now: string, stepDownInProgress: boolean,
): ContinuedServiceEvidence {
  const { edition, latestRatings, previousRatings } = ratingsPair(baseline, gathered.reassessments);
  return {
    edition,
    ...(latestRatings ? { latestRatings } : {}),
    ...(previousRatings ? { previousRatings } : {}),
    goals: gathered.goals,
    weeks: gathered.weeks,
    ...(gathered.minimumWeeklyHours !== undefined ? { minimumWeeklyHours: gathered.minimumWeeklyHours } : {}),
    ...(gathered.programRule ? { programRule: gathered.programRule } : {}),
    recentMeasures: gathered.recentMeasures,
    safetyAlertsOpen: gathered.safetyAlertsOpen,
    planAmendments: gathered.planAmendments,
    weeksInTreatment: Math.max(0, Math.floor(daysBetween(baseline.startDate, dateOf(now)) / 7)),
    stepDownInProgress,
    currentLevel: baseline.levelOfCare,
  };
}
