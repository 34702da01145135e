import { evidence, weeksOf } from './continued-service.fixtures';
import {
  belowMinimumHoursWhileSteppingDownIsTransitional,
  consecutiveWeeksBelowMinimum,
  hoursBelowMinimumNeedsUtilizationReview,
} from './transitional-hours.rules';

describe('consecutiveWeeksBelowMinimum', () => {
  it.each<[number[], number, number]>([
    [[], 9, 0],
    [[12, 12], 9, 0],
    [[12, 8], 9, 1],
    [[8, 12], 9, 0],
    [[8, 8, 12, 8, 8, 8], 9, 3],
    [[12, 9], 9, 0],
    [[12, 8.99], 9, 1],
    [[12, 10], 12, 1],
  ])('hours %p with minimum %p -> %p', (hours, minimum, run) => {
    expect(consecutiveWeeksBelowMinimum(weeksOf(...hours), minimum)).toBe(run);
  });
});

describe('the two-week transitional-hours rule', () => {
  it.each<[string, number[], boolean, boolean, boolean]>([
    ['stepping down, no week below', [12, 12, 12], true, false, false],
    ['stepping down, 1 week below', [12, 12, 6], true, true, false],
    ['stepping down, 2 weeks below', [12, 6, 6], true, true, false],
    ['stepping down, 3 weeks below', [6, 6, 6], true, false, true],
    ['stepping down, 2 below after a full week that broke an earlier run', [6, 6, 12, 6, 6], true, true, false],
    ['not stepping down, 1 week below', [12, 12, 6], false, false, true],
    ['not stepping down, no week below', [12, 12, 12], false, false, false],
  ])('%s -> transitional %p, utilization-review alert %p', (_, hours, stepDownInProgress, transitional, alert) => {
    const e = evidence({ weeks: weeksOf(...hours), stepDownInProgress });
    expect(belowMinimumHoursWhileSteppingDownIsTransitional(e).fired).toBe(transitional);
    expect(hoursBelowMinimumNeedsUtilizationReview(e)?.id).toBe(alert ? 'utilization-review.hours-below-minimum' : undefined);
  });

  it('uses 9 h/week (ASAM 2.1, adults) unless the review says otherwise', () => {
    const stepping = { weeks: weeksOf(10, 10, 10), stepDownInProgress: true };
    expect(hoursBelowMinimumNeedsUtilizationReview(evidence(stepping))).toBeUndefined();
    expect(hoursBelowMinimumNeedsUtilizationReview(evidence({ ...stepping, minimumWeeklyHours: 12 }))?.evidence).toBe(
      '3 consecutive week(s) below 12 h/week; latest week of 2025-01-20: 10 h on 2 days; stepping down (allowed 2)',
    );
  });
});
