import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId } from '../fields';
import { dateTime, enumOf, integer, objectSchema, uuid } from '../schema';

/** Ratings only: the per-dimension rationale is clinical text and stays in clinical-notes. */
export type DimensionRatings = { d1: number; d2: number; d3: number; d4: number; d5: number; d6: number };

const rating = (n: number) =>
  integer(`Dimension ${n} risk rating, 0 none to 4 extreme/imminent.`, { minimum: 0, maximum: 4 });

const ratings = objectSchema<DimensionRatings>()({
  description: 'ASAM dimensional ratings; what each dimension means depends on `criteriaEdition`.',
  required: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'],
  properties: { d1: rating(1), d2: rating(2), d3: rating(3), d4: rating(4), d5: rating(5), d6: rating(6) },
});

export type DimensionalReassessmentRecorded = {
  reassessmentId: string;
  episodeId: string;
  patientId: string;
  criteriaEdition: 3 | 4;
  ratings: DimensionRatings;
  recordedAt: string;
};

export const dimensionalReassessmentRecordedV1 = defineContract<DimensionalReassessmentRecorded>()({
  service: 'clinical-notes',
  name: 'DimensionalReassessmentRecorded',
  consentCategory: 'level-of-care',
  version: 1,
  key: 'episodeId',
  description:
    'A clinician re-rated the six ASAM dimensions during the episode. Admissions uses the latest ratings as ' +
    'continued-stay evidence.',
  required: ['reassessmentId', 'episodeId', 'patientId', 'criteriaEdition', 'ratings', 'recordedAt'],
  properties: {
    reassessmentId: uuid('Reassessment.'),
    episodeId,
    patientId,
    criteriaEdition: enumOf([3, 4], 'ASAM Criteria edition the ratings follow (3rd, 2013, or 4th, 2023).'),
    ratings,
    recordedAt: dateTime('When the reassessment was recorded.'),
  },
  example: {
    reassessmentId: ids.reassessmentId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    criteriaEdition: 3,
    ratings: { d1: 0, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 },
    recordedAt: '2025-04-07T18:45:00-04:00',
  },
});
