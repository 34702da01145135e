import { INTENSIVE_OUTPATIENT, compareLevels, type LevelOfCare } from '../level-of-care';
import { recommendPlacement, type PlacementRecommendation } from '../placement/recommend-placement';
import { describeTrends, dimensionsThat, ratingsTrend, type DimensionTrend } from '../ratings-trend';
import type { ContinuedServiceEvidence, GoalCounts, MeasureTotals } from './continued-service.types';

/** ASAM Level 2.1 for adults: 9-19 hours a week (docs/DOMAIN.md section 1). */
export const DEFAULT_MINIMUM_WEEKLY_HOURS = 9;
/** The source page: the program is designed for 8 weeks; past that, maximum benefit may have been reached. */
export const DESIGNED_PROGRAM_WEEKS = 8;
/** Bands from docs/DOMAIN.md section 3: PHQ-9 20-27 and GAD-7 15-21 are "severe". */
export const PHQ9_SEVERE_FROM = 20;
export const GAD7_SEVERE_FROM = 15;
/** Clinically meaningful change: 5 points on PHQ-9 (Löwe et al. 2004), 4 on GAD-7 (Toussaint et al. 2020). */
export const PHQ9_MEANINGFUL_CHANGE = 5;
export const GAD7_MEANINGFUL_CHANGE = 4;

export type Fact = { holds: boolean; evidence: string };

export const currentLevelOf = (e: ContinuedServiceEvidence): LevelOfCare => e.currentLevel ?? INTENSIVE_OUTPATIENT;

export const latestPlacement = (e: ContinuedServiceEvidence): PlacementRecommendation | undefined =>
  e.latestRatings ? recommendPlacement(e.edition, e.latestRatings) : undefined;

export const trendOf = (e: ContinuedServiceEvidence): DimensionTrend[] | undefined =>
  e.latestRatings && e.previousRatings ? ratingsTrend(e.latestRatings, e.previousRatings) : undefined;

/** Discontinued goals are no longer the patient's to meet. */
export const activeGoals = (g: GoalCounts): number => g.total - g.discontinued;

export const allActiveGoalsAchieved = (g: GoalCounts): boolean => activeGoals(g) > 0 && g.achieved >= activeGoals(g);

export const describeGoals = (g: GoalCounts): string =>
  `${g.achieved} of ${activeGoals(g)} active goals achieved, ${g.inProgress} in progress, ${g.notStarted} not started`;

/** Progress = at least one goal achieved or at least one dimension rated lower than at the previous reassessment. */
export const showsProgress = (e: ContinuedServiceEvidence): Fact => {
  const improved = dimensionsThat(trendOf(e) ?? [], 'improved');
  const holds = e.goals.achieved > 0 || improved.length > 0;
  const ratings = improved.length > 0 ? `improved ${describeTrends(improved)}` : 'no dimension improved';
  return { holds, evidence: `${describeGoals(e.goals)}; ${ratings}` };
};

/** "This level is still needed": the latest placement is the current level; assumed when no reassessment exists. */
export const thisLevelStillNeeded = (e: ContinuedServiceEvidence): Fact => {
  const placement = latestPlacement(e);
  const current = currentLevelOf(e);
  if (!placement) return { holds: true, evidence: `no reassessment on record: Level ${current} assumed still needed` };
  const holds = compareLevels(placement.level, current) === 0;
  return { holds, evidence: `latest placement Level ${placement.level} (current Level ${current})` };
};

export const measureChange = (m: MeasureTotals | undefined): number | undefined =>
  m && m.previousTotal !== undefined ? m.total - m.previousTotal : undefined;

export const describeMeasure = (name: string, m: MeasureTotals | undefined): string =>
  !m ? `no ${name}` : m.previousTotal === undefined ? `${name} ${m.total}` : `${name} ${m.previousTotal}->${m.total}`;

/** Maximum benefit: past the designed 8 weeks and the plan was already amended at least once without effect. */
export const maximumBenefitReached = (e: ContinuedServiceEvidence): Fact => {
  const amendments = e.planAmendments ?? 0;
  const holds = e.weeksInTreatment >= DESIGNED_PROGRAM_WEEKS && amendments >= 1;
  return {
    holds,
    evidence: `${e.weeksInTreatment} weeks in treatment (designed ${DESIGNED_PROGRAM_WEEKS}), ${amendments} amendments`,
  };
};
