import { evidence, goals, ratingsWith } from './continued-service.fixtures';
import type { ContinuedServiceEvidence } from './continued-service.types';
import {
  goalsAchievedSuggestsStepDown,
  goalsAchievedWithoutFurtherNeedSuggestsDischarge,
  lacksCapacitySuggestsTransfer,
  placementBelowThisLevelSuggestsStepDown,
  problemsIntensifiedSuggestsStepUp,
  problemsUnresolvedAtMaximumBenefit,
} from './transfer-discharge.rules';

type Case = [string, Partial<ContinuedServiceEvidence>, boolean];
const noNeed = ratingsWith({ d3: 0, d4: 1, d5: 1, d6: 1 });
const levelOne = ratingsWith({ d4: 1, d5: 1 });

describe('goalsAchievedSuggestsStepDown (transfer/discharge 1)', () => {
  it.each<Case>([
    ['4 of 4 achieved', { goals: goals(4, 0, 0) }, true],
    ['3 achieved, the 4th discontinued', { goals: goals(3, 0, 0, 1) }, true],
    ['3 of 4 achieved', { goals: goals(3, 1, 0) }, false],
    ['no goals at all', { goals: goals(0, 0, 0) }, false],
    ['every goal discontinued', { goals: goals(0, 0, 0, 2) }, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(goalsAchievedSuggestsStepDown(evidence(overrides)).fired).toBe(fired);
  });
});

describe('goalsAchievedWithoutFurtherNeedSuggestsDischarge (transfer/discharge 1, alumni)', () => {
  it.each<Case>([
    ['goals achieved, latest placement 0.5', { goals: goals(4, 0, 0), latestRatings: noNeed }, true],
    ['goals achieved, latest placement 1', { goals: goals(4, 0, 0), latestRatings: levelOne }, false],
    ['goals achieved, no reassessment', { goals: goals(4, 0, 0), latestRatings: undefined }, false],
    ['placement 0.5 but a goal still open', { goals: goals(3, 1, 0), latestRatings: noNeed }, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(goalsAchievedWithoutFurtherNeedSuggestsDischarge(evidence(overrides)).fired).toBe(fired);
  });
});

describe('placementBelowThisLevelSuggestsStepDown (no longer meets medical necessity)', () => {
  it.each<Case>([
    ['latest placement 1', { latestRatings: levelOne }, true],
    ['latest placement 0.5', { latestRatings: noNeed }, true],
    ['latest placement 2.1', {}, false],
    ['latest placement 2.5', { latestRatings: ratingsWith({ d2: 2 }) }, false],
    ['no reassessment', { latestRatings: undefined }, false],
    ['at Level 2.5, latest placement 2.1', { currentLevel: '2.5' }, true],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(placementBelowThisLevelSuggestsStepDown(evidence(overrides)).fired).toBe(fired);
  });
});

describe('problemsUnresolvedAtMaximumBenefit (transfer/discharge 2)', () => {
  const atMax = { weeksInTreatment: 8, planAmendments: 1 };
  it.each<Case>([
    ['week 8, amended once, no progress', atMax, true],
    ['week 7, amended once', { ...atMax, weeksInTreatment: 7 }, false],
    ['week 8, never amended', { ...atMax, planAmendments: 0 }, false],
    ['week 8, amendments unknown', { ...atMax, planAmendments: undefined }, false],
    ['week 8, amended, a goal achieved', { ...atMax, goals: goals(1, 2, 1) }, false],
    ['week 8, amended, D5 improved', { ...atMax, previousRatings: ratingsWith({ d5: 3 }) }, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(problemsUnresolvedAtMaximumBenefit(evidence(overrides)).fired).toBe(fired);
  });
});

describe('lacksCapacitySuggestsTransfer (transfer/discharge 3)', () => {
  const m = (phq9?: [number, number?], gad7?: [number, number?]): Partial<ContinuedServiceEvidence> => ({
    recentMeasures: {
      ...(phq9 ? { phq9: { previousTotal: phq9[0], total: phq9[1] ?? phq9[0] } } : {}),
      ...(gad7 ? { gad7: { previousTotal: gad7[0], total: gad7[1] ?? gad7[0] } } : {}),
    },
  });
  it.each<Case>([
    ['PHQ-9 20 unchanged (severe band starts at 20)', m([20, 20]), true],
    ['PHQ-9 19 unchanged (moderately severe)', m([19, 19]), false],
    ['PHQ-9 severe and worse (21->24)', m([21, 24]), true],
    ['PHQ-9 severe but improving (23->21)', m([23, 21]), false],
    ['PHQ-9 severe, first score (no "despite treatment" yet)', { recentMeasures: { phq9: { total: 22 } } }, false],
    ['GAD-7 15, previously 14', m(undefined, [14, 15]), true],
    ['GAD-7 14, previously 12', m(undefined, [12, 14]), false],
    ['no measures', {}, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(lacksCapacitySuggestsTransfer(evidence(overrides)).fired).toBe(fired);
  });
});

describe('problemsIntensifiedSuggestsStepUp (transfer/discharge 4)', () => {
  const phq9 = (previousTotal: number | undefined, total: number) => ({ phq9: { total, previousTotal } });
  it.each<Case>([
    ['D1 rose 0->1', { latestRatings: ratingsWith({ d1: 1 }) }, true],
    ['D2 rose 0->1', { latestRatings: ratingsWith({ d2: 1 }) }, true],
    ['D3 rose 1->2', { latestRatings: ratingsWith({ d3: 2 }) }, true],
    ['only D4 rose', { latestRatings: ratingsWith({ d4: 3 }) }, false],
    ['latest placement 2.5 with no previous ratings', { latestRatings: ratingsWith({ d2: 2 }), previousRatings: undefined }, true],
    ['latest placement 3.5 from D5 = 4', { latestRatings: ratingsWith({ d5: 4 }) }, true],
    ['open safety alert and PHQ-9 12->13', { safetyAlertsOpen: 1, recentMeasures: phq9(12, 13) }, true],
    ['open safety alert, PHQ-9 unchanged', { safetyAlertsOpen: 1, recentMeasures: phq9(13, 13) }, false],
    ['open safety alert, first PHQ-9', { safetyAlertsOpen: 1, recentMeasures: phq9(undefined, 13) }, false],
    ['PHQ-9 12->18 without a safety alert', { recentMeasures: phq9(12, 18) }, false],
    ['D1 fell 1->0 (improvement)', { previousRatings: ratingsWith({ d1: 1 }) }, false],
    ['nothing changed', {}, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(problemsIntensifiedSuggestsStepUp(evidence(overrides)).fired).toBe(fired);
  });

  it('names the deciding dimension when the placement is above the current level', () => {
    const result = problemsIntensifiedSuggestsStepUp(evidence({ latestRatings: ratingsWith({ d2: 2 }), previousRatings: undefined }));
    expect(result.evidence).toBe('latest placement Level 2.5 above current Level 2.1 (decided by D2)');
  });

  it('reads the 4th edition dimensions under a 4th edition review', () => {
    const fourth = { edition: 4 as const, latestRatings: ratingsWith({ d6: 4 }), previousRatings: ratingsWith({ d6: 1 }) };
    // 4th edition D6 (person-centered) never needs more than 2.1; under the 3rd edition D6 = 4 needs 3.1.
    expect(problemsIntensifiedSuggestsStepUp(evidence(fourth)).fired).toBe(false);
    expect(problemsIntensifiedSuggestsStepUp(evidence({ ...fourth, edition: 3 })).fired).toBe(true);
  });
});
