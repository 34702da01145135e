import { CONTINUED_SERVICE_CRITERIA, RECOMMENDATION_PRECEDENCE, evaluateContinuedService } from './evaluate-continued-service';
import { evidence, goals, ratingsWith, weeksOf } from './continued-service.fixtures';
import type { ContinuedServiceEvidence, ContinuedServiceRecommendation } from './continued-service.types';

const firedIds = (e: ContinuedServiceEvidence) =>
  evaluateContinuedService(e).criteria.filter((c) => c.fired).map((c) => c.id);
const alertIds = (e: ContinuedServiceEvidence) => evaluateContinuedService(e).alerts.map((a) => a.id);

const noNeed = ratingsWith({ d3: 0, d4: 1, d5: 1, d6: 1 });
const severeDepression = { recentMeasures: { phq9: { previousTotal: 21, total: 22 } } };

describe('evaluateContinuedService: precedence', () => {
  it('is step-up, transfer, discharge, step-down, continue', () => {
    expect(RECOMMENDATION_PRECEDENCE).toEqual(['step-up', 'transfer', 'discharge', 'step-down', 'continue']);
  });

  it.each<[string, Partial<ContinuedServiceEvidence>, ContinuedServiceRecommendation, string[]]>([
    [
      'step-up beats transfer and step-down',
      { latestRatings: ratingsWith({ d1: 2 }), goals: goals(4, 0, 0), ...severeDepression },
      'step-up',
      ['step-up.problems-intensified', 'transfer.lacks-capacity-co-occurring', 'step-down.goals-achieved'],
    ],
    [
      'transfer beats discharge and step-down',
      { latestRatings: noNeed, goals: goals(4, 0, 0), ...severeDepression },
      'transfer',
      [
        'transfer.lacks-capacity-co-occurring',
        'discharge.goals-achieved-no-further-need',
        'step-down.goals-achieved',
        'step-down.placement-below-this-level',
      ],
    ],
    [
      'discharge beats step-down',
      { latestRatings: noNeed, goals: goals(4, 0, 0) },
      'discharge',
      ['discharge.goals-achieved-no-further-need', 'step-down.goals-achieved', 'step-down.placement-below-this-level'],
    ],
    [
      'step-down beats continue',
      { latestRatings: ratingsWith({ d4: 1, d5: 1 }), previousRatings: ratingsWith({ d4: 1, d5: 1 }) },
      'step-down',
      ['step-down.placement-below-this-level', 'continue.working-on-goals'],
    ],
    [
      'transfer at maximum benefit beats continue via new problems',
      { weeksInTreatment: 9, planAmendments: 2, recentMeasures: { gad7: { previousTotal: 5, total: 10 } } },
      'transfer',
      ['transfer.maximum-benefit-problems-unresolved', 'continue.new-problems-need-this-level'],
    ],
    ['continue when only a continued-service criterion holds', {}, 'continue', ['continue.working-on-goals']],
  ])('%s', (_, overrides, recommendation, fired) => {
    const e = evidence(overrides);
    expect(evaluateContinuedService(e).recommendation).toBe(recommendation);
    expect(firedIds(e)).toEqual(fired);
  });
});

describe('evaluateContinuedService: transitional hours while stepping down', () => {
  // Stepping down with no goal in progress: only the transitional rule can justify the stay.
  const steppingDown = (...hours: number[]) =>
    evidence({ stepDownInProgress: true, goals: goals(0, 0, 4), weeks: weeksOf(...hours) });

  it.each<[number[], string[], string[]]>([
    [[12, 12, 6], ['continue.transitional-hours-while-stepping-down'], []],
    [[12, 6, 6], ['continue.transitional-hours-while-stepping-down'], []],
    [[6, 6, 6], [], ['utilization-review.hours-below-minimum', 'utilization-review.continued-service-unsupported']],
  ])('weeks %p -> fired %p, alerts %p', (hours, fired, alerts) => {
    const e = steppingDown(...hours);
    expect(evaluateContinuedService(e).recommendation).toBe('continue');
    expect(firedIds(e)).toEqual(fired);
    expect(alertIds(e)).toEqual(alerts);
  });
});

describe('evaluateContinuedService: alerts and reporting', () => {
  it('raises no alert for a typical week-3 review', () => {
    expect(alertIds(evidence())).toEqual([]);
  });

  it('asks for a reassessment when no ratings are on record', () => {
    expect(alertIds(evidence({ latestRatings: undefined, previousRatings: undefined }))).toEqual([
      'reassessment.latest-ratings-missing',
    ]);
  });

  it('flags a stay no criterion supports, and still recommends continue pending review', () => {
    const e = evidence({ goals: goals(0, 0, 4) });
    expect(evaluateContinuedService(e).recommendation).toBe('continue');
    expect(alertIds(e)).toEqual(['utilization-review.continued-service-unsupported']);
  });

  it('reports every criterion once, fired or not, with evidence', () => {
    const { criteria } = evaluateContinuedService(evidence());
    expect(criteria).toHaveLength(CONTINUED_SERVICE_CRITERIA.length);
    expect(new Set(criteria.map((c) => c.id)).size).toBe(criteria.length);
    expect(criteria.every((c) => c.evidence.length > 0)).toBe(true);
  });

  it.each<[string, Partial<ContinuedServiceEvidence>, ContinuedServiceRecommendation]>([
    ['4th edition: D5 recovery environment rated 4 needs 3.1', { edition: 4, latestRatings: ratingsWith({ d5: 4 }) }, 'step-up'],
    ['4th edition: D6 person-centered 4 stays at 2.1', { edition: 4, latestRatings: ratingsWith({ d6: 4 }) }, 'continue'],
    ['4th edition: goals met, D1-D3 0 and D4-D6 at 1', { edition: 4, latestRatings: noNeed, goals: goals(4, 0, 0) }, 'discharge'],
  ])('%s -> %s', (_, overrides, recommendation) => {
    expect(evaluateContinuedService(evidence(overrides)).recommendation).toBe(recommendation);
  });
});
