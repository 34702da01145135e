import { compareLevels } from '../level-of-care';
import type { PlacementRecommendation } from '../placement/recommend-placement';
import { describeTrends, dimensionsThat } from '../ratings-trend';
import {
  GAD7_SEVERE_FROM,
  PHQ9_SEVERE_FROM,
  allActiveGoalsAchieved,
  currentLevelOf,
  describeGoals,
  describeMeasure,
  latestPlacement,
  maximumBenefitReached,
  measureChange,
  showsProgress,
  trendOf,
} from './continued-service.facts';
import type {
  ContinuedServiceCriterionResult,
  ContinuedServiceEvidence,
  MeasureTotals,
} from './continued-service.types';

/**
 * The transfer and discharge criteria (docs/DOMAIN.md section 2, "Transfer or discharge when any holds", 1-4), plus the
 * source page's "earlier discharge when the patient no longer meets medical necessity under the ASAM criteria".
 */

/** 1. Goals achieved: step down to Level 1 outpatient or continuing care. */
export const goalsAchievedSuggestsStepDown = (e: ContinuedServiceEvidence): ContinuedServiceCriterionResult => ({
  id: 'step-down.goals-achieved',
  fired: allActiveGoalsAchieved(e.goals),
  evidence: `${describeGoals(e.goals)} (${e.goals.discontinued} discontinued)`,
  recommends: 'step-down',
});

/**
 * 1, continued: goals achieved and the latest ratings need no treatment level (placement 0.5): discharge as completed,
 * to the alumni track or continuing care, which have no clinical episode (docs/DOMAIN.md section 1).
 */
export const goalsAchievedWithoutFurtherNeedSuggestsDischarge = (
  e: ContinuedServiceEvidence,
): ContinuedServiceCriterionResult => {
  const placement = latestPlacement(e);
  const noNeed = placement?.level === '0.5';
  return {
    id: 'discharge.goals-achieved-no-further-need',
    fired: allActiveGoalsAchieved(e.goals) && noNeed,
    evidence: `${describeGoals(e.goals)}; ${placement ? `latest placement Level ${placement.level}` : 'no reassessment'}`,
    recommends: 'discharge',
  };
};

/** Medical necessity (source page): the latest placement is a less intensive level than the current one. */
export const placementBelowThisLevelSuggestsStepDown = (
  e: ContinuedServiceEvidence,
): ContinuedServiceCriterionResult => {
  const placement = latestPlacement(e);
  const current = currentLevelOf(e);
  return {
    id: 'step-down.placement-below-this-level',
    fired: placement !== undefined && compareLevels(placement.level, current) < 0,
    evidence: placement ? `latest placement Level ${placement.level} (current Level ${current})` : 'no reassessment',
    recommends: 'step-down',
  };
};

/**
 * 2. Problems unresolved despite plan amendments and maximum benefit reached: transfer to another service at the same
 * level. docs/DOMAIN.md section 2 allows transfer or discharge here; the platform suggests transfer for continuity of care and the
 * clinician may discharge instead.
 */
export const problemsUnresolvedAtMaximumBenefit = (e: ContinuedServiceEvidence): ContinuedServiceCriterionResult => {
  const progress = showsProgress(e);
  const maxBenefit = maximumBenefitReached(e);
  return {
    id: 'transfer.maximum-benefit-problems-unresolved',
    fired: maxBenefit.holds && !progress.holds && !allActiveGoalsAchieved(e.goals),
    evidence: `${maxBenefit.evidence}; ${progress.evidence}`,
    recommends: 'transfer',
  };
};

const severeAndNotImproving = (m: MeasureTotals | undefined, severeFrom: number): boolean => {
  const change = measureChange(m);
  return m !== undefined && m.total >= severeFrom && change !== undefined && change >= 0;
};

/**
 * 3. Lacks capacity to resolve the problems, e.g. co-occurring conditions: PHQ-9 or GAD-7 in the severe band and no
 * better than the previous score, despite treatment. Suggests a qualitatively different (co-occurring enhanced or
 * mental health) service. A first severe score alone does not fire: there is no "despite treatment" yet.
 */
export const lacksCapacitySuggestsTransfer = (e: ContinuedServiceEvidence): ContinuedServiceCriterionResult => {
  const phq9 = e.recentMeasures?.phq9;
  const gad7 = e.recentMeasures?.gad7;
  return {
    id: 'transfer.lacks-capacity-co-occurring',
    fired: severeAndNotImproving(phq9, PHQ9_SEVERE_FROM) || severeAndNotImproving(gad7, GAD7_SEVERE_FROM),
    evidence:
      `${describeMeasure('PHQ-9', phq9)} (severe from ${PHQ9_SEVERE_FROM}); ` +
      `${describeMeasure('GAD-7', gad7)} (severe from ${GAD7_SEVERE_FROM})`,
    recommends: 'transfer',
  };
};

const label = (p: PlacementRecommendation): string => p.decidingDimension.toUpperCase();

const intensificationSigns = (e: ContinuedServiceEvidence): string[] => {
  const rising = dimensionsThat(trendOf(e) ?? [], 'worsened', ['d1', 'd2', 'd3']);
  const placement = latestPlacement(e);
  const current = currentLevelOf(e);
  const phq9Change = measureChange(e.recentMeasures?.phq9);
  return [
    ...(rising.length > 0 ? [`rose ${describeTrends(rising)}`] : []),
    ...(placement && compareLevels(placement.level, current) > 0
      ? [`latest placement Level ${placement.level} above current Level ${current} (decided by ${label(placement)})`]
      : []),
    ...(e.safetyAlertsOpen > 0 && phq9Change !== undefined && phq9Change > 0
      ? [`${e.safetyAlertsOpen} open safety alert(s) with PHQ-9 worsening by ${phq9Change}`]
      : []),
  ];
};

/**
 * 4. Problems intensified, or new problems only a more intensive level can treat: a D1-D3 rating rose (the
 * dimensions of immediate safety), the latest placement is more intensive than the current level, or a safety alert
 * is open while PHQ-9 is worsening.
 */
export const problemsIntensifiedSuggestsStepUp = (e: ContinuedServiceEvidence): ContinuedServiceCriterionResult => {
  const signs = intensificationSigns(e);
  return {
    id: 'step-up.problems-intensified',
    fired: signs.length > 0,
    evidence:
      signs.length > 0
        ? signs.join('; ')
        : 'no D1-D3 rise, placement not above current level, no safety alert with worsening PHQ-9',
    recommends: 'step-up',
  };
};
