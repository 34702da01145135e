import { maximumBenefitReached } from './continued-service.facts';
import { evidence, goals, ratingsWith, weeksOf } from './continued-service.fixtures';
import type { ContinuedServiceEvidence } from './continued-service.types';
import { newProblemsNeedThisLevel, notYetProgressingButWorkingOnGoals, progressingButGoalsNotMet } from './continue.rules';

type Case = [string, Partial<ContinuedServiceEvidence>, boolean];

describe('progressingButGoalsNotMet (continued service a)', () => {
  it.each<Case>([
    ['a goal achieved, others open, placement 2.1', { goals: goals(1, 2, 1) }, true],
    ['a dimension improved (D5 3->2), no goal achieved yet', { previousRatings: ratingsWith({ d5: 3 }) }, true],
    ['a goal achieved and no reassessment yet (level assumed needed)', { goals: goals(1, 2, 1), latestRatings: undefined }, true],
    ['not progressing: nothing achieved, nothing improved', {}, false],
    ['every active goal achieved', { goals: goals(4, 0, 0) }, false],
    ['the only open goal was discontinued', { goals: goals(3, 0, 0, 1) }, false],
    ['progressing but the latest placement is 2.5', { goals: goals(1, 2, 1), latestRatings: ratingsWith({ d1: 2 }) }, false],
    ['progressing but the latest placement is 1', { goals: goals(1, 2, 1), latestRatings: ratingsWith({ d4: 1, d5: 1 }) }, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(progressingButGoalsNotMet(evidence(overrides)).fired).toBe(fired);
  });

  it('says why, with the goal counts and the placement', () => {
    expect(progressingButGoalsNotMet(evidence({ goals: goals(1, 2, 1) })).evidence).toBe(
      '1 of 4 active goals achieved, 2 in progress, 1 not started; no dimension improved; ' +
        'latest placement Level 2.1 (current Level 2.1)',
    );
  });
});

describe('notYetProgressingButWorkingOnGoals (continued service b)', () => {
  it.each<Case>([
    ['goals in progress, last week compliant, week 3', {}, true],
    ['no attendance week closed yet', { weeks: [] }, true],
    ['week 8 but the plan was never amended: amend before calling it maximum benefit', { weeksInTreatment: 8 }, true],
    ['amended twice but only week 7', { weeksInTreatment: 7, planAmendments: 2 }, true],
    ['already progressing (criterion a applies instead)', { goals: goals(1, 2, 1) }, false],
    ['no goal in progress', { goals: goals(0, 0, 4) }, false],
    ['last week not compliant', { weeks: weeksOf(12, 12, 6) }, false],
    ['maximum benefit: week 8 after an amendment', { weeksInTreatment: 8, planAmendments: 1 }, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(notYetProgressingButWorkingOnGoals(evidence(overrides)).fired).toBe(fired);
  });

  it('names the program rule when one is given', () => {
    const result = notYetProgressingButWorkingOnGoals(evidence({ programRule: { minHoursPerDay: 3, minDaysPerWeek: 4 } }));
    expect(result.evidence).toContain('week of 2025-01-20 compliant (program rule 3 h/day on 4 days)');
  });
});

describe('maximumBenefitReached', () => {
  it.each<[number, number | undefined, boolean]>([
    [7, 1, false],
    [8, 1, true],
    [8, 0, false],
    [8, undefined, false],
    [12, 3, true],
  ])('%p weeks, %p amendments -> %p', (weeksInTreatment, planAmendments, holds) => {
    expect(maximumBenefitReached(evidence({ weeksInTreatment, planAmendments })).holds).toBe(holds);
  });
});

describe('newProblemsNeedThisLevel (continued service c)', () => {
  const phq9 = (previousTotal: number, total: number) => ({ recentMeasures: { phq9: { total, previousTotal } } });
  const gad7 = (previousTotal: number, total: number) => ({ recentMeasures: { gad7: { total, previousTotal } } });
  it.each<Case>([
    ['D6 rose 1->2, placement still 2.1', { latestRatings: ratingsWith({ d6: 2 }) }, true],
    ['D4 rose 2->3, placement still 2.1', { latestRatings: ratingsWith({ d4: 3 }) }, true],
    ['PHQ-9 rose by 5 (10->15)', phq9(10, 15), true],
    ['PHQ-9 rose by 4 (10->14)', phq9(10, 14), false],
    ['GAD-7 rose by 4 (6->10)', gad7(6, 10), true],
    ['GAD-7 rose by 3 (6->9)', gad7(6, 9), false],
    ['PHQ-9 with no previous score', { recentMeasures: { phq9: { total: 18 } } }, false],
    ['nothing changed', {}, false],
    ['only D1 rose (intensification, not a new problem for this level)', { latestRatings: ratingsWith({ d1: 1 }) }, false],
    ['D6 rose to 4: this level no longer manages it', { latestRatings: ratingsWith({ d6: 4 }) }, false],
  ])('%s -> fired %p', (_, overrides, fired) => {
    expect(newProblemsNeedThisLevel(evidence(overrides)).fired).toBe(fired);
  });

  it('says which dimension worsened', () => {
    expect(newProblemsNeedThisLevel(evidence({ latestRatings: ratingsWith({ d6: 2 }) })).evidence).toMatch(/^worsened D6 1->2/);
  });
});
