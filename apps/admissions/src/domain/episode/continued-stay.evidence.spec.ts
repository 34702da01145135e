import { continuedServiceEvidence, NO_EVIDENCE, type EpisodeBaseline, type Reassessment } from './continued-stay.evidence';

const baseline: EpisodeBaseline = { criteriaEdition: 3, admissionRatings: { d1: 0, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 }, levelOfCare: '2.1', startDate: '2025-03-10' };
const reassessed = (criteriaEdition: 3 | 4, d5: 0 | 1 | 2 | 3 | 4): Reassessment => ({
  criteriaEdition, ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5, d6: 1 }, recordedAt: '2025-04-01T18:00:00Z',
});
const evidence = (reassessments: Reassessment[], now = '2025-04-07T12:00:00Z') =>
  continuedServiceEvidence(baseline, { ...NO_EVIDENCE, reassessments }, now, false);

describe('continued-stay evidence', () => {
  it('without a reassessment has no ratings to trend (the review flags it)', () => {
    const e = evidence([]);
    expect(e).not.toHaveProperty('latestRatings');
    expect(e).not.toHaveProperty('previousRatings');
    expect(e.edition).toBe(3);
  });

  it('compares the first reassessment with the admission assessment of the same edition', () => {
    expect(evidence([reassessed(3, 2)])).toMatchObject({ latestRatings: { d5: 2 }, previousRatings: baseline.admissionRatings });
  });

  it('compares the two latest reassessments', () => {
    expect(evidence([reassessed(3, 2), reassessed(3, 1)])).toMatchObject({ latestRatings: { d5: 1 }, previousRatings: { d5: 2 } });
  });

  it('never trends ratings across editions: a 4th edition reassessment starts a new baseline', () => {
    const e = evidence([reassessed(3, 2), reassessed(4, 1)]);
    expect(e).toMatchObject({ edition: 4, latestRatings: { d5: 1 } });
    expect(e).not.toHaveProperty('previousRatings');
  });

  it('counts whole weeks in treatment from the start date', () => {
    expect(evidence([], '2025-04-07T12:00:00Z').weeksInTreatment).toBe(4);
    expect(evidence([], '2025-03-09T12:00:00Z').weeksInTreatment).toBe(0);
  });
});
