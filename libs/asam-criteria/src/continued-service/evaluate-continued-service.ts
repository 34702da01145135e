import {
  newProblemsNeedThisLevel,
  notYetProgressingButWorkingOnGoals,
  progressingButGoalsNotMet,
} from './continue.rules';
import {
  goalsAchievedSuggestsStepDown,
  goalsAchievedWithoutFurtherNeedSuggestsDischarge,
  lacksCapacitySuggestsTransfer,
  placementBelowThisLevelSuggestsStepDown,
  problemsIntensifiedSuggestsStepUp,
  problemsUnresolvedAtMaximumBenefit,
} from './transfer-discharge.rules';
import {
  belowMinimumHoursWhileSteppingDownIsTransitional,
  hoursBelowMinimumNeedsUtilizationReview,
} from './transitional-hours.rules';
import type {
  ContinuedServiceAlert,
  ContinuedServiceCriterionResult,
  ContinuedServiceEvaluation,
  ContinuedServiceEvidence,
  ContinuedServiceRecommendation,
} from './continued-service.types';

export type ContinuedServiceCriterion = (e: ContinuedServiceEvidence) => ContinuedServiceCriterionResult;

/** Every criterion, in the order the review lists them. */
export const CONTINUED_SERVICE_CRITERIA: readonly ContinuedServiceCriterion[] = [
  problemsIntensifiedSuggestsStepUp,
  lacksCapacitySuggestsTransfer,
  problemsUnresolvedAtMaximumBenefit,
  goalsAchievedWithoutFurtherNeedSuggestsDischarge,
  goalsAchievedSuggestsStepDown,
  placementBelowThisLevelSuggestsStepDown,
  progressingButGoalsNotMet,
  notYetProgressingButWorkingOnGoals,
  newProblemsNeedThisLevel,
  belowMinimumHoursWhileSteppingDownIsTransitional,
];

/**
 * When several criteria fire, the first recommendation here wins. Safety first: a need for more intensive care
 * beats everything. Then transfer, because a patient this service cannot help should not be stepped down or kept.
 * Then discharge (goals met and no remaining need) before step-down (goals met or a lower placement). Continue is
 * the default.
 */
export const RECOMMENDATION_PRECEDENCE: readonly ContinuedServiceRecommendation[] = [
  'step-up',
  'transfer',
  'discharge',
  'step-down',
  'continue',
];

const decide = (criteria: readonly ContinuedServiceCriterionResult[]): ContinuedServiceRecommendation =>
  RECOMMENDATION_PRECEDENCE.find((r) => criteria.some((c) => c.fired && c.recommends === r)) ?? 'continue';

const alertsFor = (
  e: ContinuedServiceEvidence,
  criteria: readonly ContinuedServiceCriterionResult[],
): ContinuedServiceAlert[] => {
  const hours = hoursBelowMinimumNeedsUtilizationReview(e);
  const alerts: ContinuedServiceAlert[] = hours ? [hours] : [];
  if (!e.latestRatings) {
    alerts.push({ id: 'reassessment.latest-ratings-missing', evidence: 'no ASAM reassessment on record' });
  }
  if (!criteria.some((c) => c.fired)) {
    // ASAM: a stay needs a continued-service criterion; none held and no transfer criterion did either.
    alerts.push({
      id: 'utilization-review.continued-service-unsupported',
      evidence: 'no continued-service, transfer or discharge criterion holds: continue pending clinical review',
    });
  }
  return alerts;
};

/**
 * The continued-stay review (docs/DOMAIN.md section 2): runs every criterion, reports each with its evidence, and
 * recommends by RECOMMENDATION_PRECEDENCE. A suggestion only: the clinician decides and the decision is recorded.
 */
export const evaluateContinuedService = (evidence: ContinuedServiceEvidence): ContinuedServiceEvaluation => {
  const criteria = CONTINUED_SERVICE_CRITERIA.map((criterion) => criterion(evidence));
  return { recommendation: decide(criteria), criteria, alerts: alertsFor(evidence, criteria) };
};
