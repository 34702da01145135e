import { CONTINUED_STAY_RECOMMENDATIONS, type ContinuedStayRecommendation } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId } from '../fields';
import { arrayOf, code, dateTime, enumOf, uuid } from '../schema';

const TRIGGERS = ['request', 'schedule', 'evidence'] as const;

export type ContinuedStayReviewed = {
  reviewId: string;
  episodeId: string;
  patientId: string;
  recommendation: ContinuedStayRecommendation;
  criteriaFired: string[];
  trigger: (typeof TRIGGERS)[number];
  reviewedAt: string;
};

export const continuedStayReviewedV1 = defineContract<ContinuedStayReviewed>()({
  service: 'admissions',
  name: 'ContinuedStayReviewed',
  consentCategory: 'level-of-care',
  version: 1,
  key: 'episodeId',
  description:
    'A continued-stay review (ASAM continued service / transfer and discharge criteria) produced a recommendation. ' +
    'The software suggests, a clinician decides: the decision follows as its own event. Criteria are named by id; ' +
    'the evidence and any rationale text stay in admissions.',
  required: ['reviewId', 'episodeId', 'patientId', 'recommendation', 'criteriaFired', 'trigger', 'reviewedAt'],
  properties: {
    reviewId: uuid('Continued-stay review.'),
    episodeId,
    patientId,
    recommendation: enumOf(CONTINUED_STAY_RECOMMENDATIONS, 'What the criteria recommend.'),
    criteriaFired: arrayOf(
      code('Criterion id, e.g. `continued-service.a` or `transfer-discharge.1`.'),
      'Ids of the criteria that held, in evaluation order.',
      { uniqueItems: true },
    ),
    trigger: enumOf(TRIGGERS, 'What started the review: a clinician request, the review schedule, or new evidence.'),
    reviewedAt: dateTime('When the review was evaluated.'),
  },
  example: {
    reviewId: ids.reviewId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    recommendation: 'continue',
    criteriaFired: ['continued-service.a'],
    trigger: 'schedule',
    reviewedAt: '2025-04-07T09:00:00-04:00',
  },
});
