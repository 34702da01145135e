import { evaluateContinuedService } from '@iop/asam-criteria';
import { conflict, type CommandMetadata, notFound } from '@iop/decider';
import { continuedServiceEvidence, type GatheredEvidence } from './continued-stay.evidence';
import type { EpisodeEvent, ReviewTrigger } from './episode.events';
import { isOpen, type EpisodeState } from './episode.state';

export type ReviewContinuedStay = {
  type: 'ReviewContinuedStay';
  data: { reviewId: string; trigger: ReviewTrigger; evidence: GatheredEvidence };
  metadata: CommandMetadata;
};

/**
 * The continued-stay review (docs/DOMAIN.md section 2): the ASAM continued-service and transfer/discharge criteria over
 * the evidence the other services reported. A suggestion: the clinician's decision follows as its own event.
 * Reviews started by the schedule or by new evidence skip episodes that are closed or unknown: there is nothing left
 * to review, and a consumer must not fail on it.
 */
export function reviewContinuedStay({ data, metadata }: ReviewContinuedStay, state: EpisodeState): EpisodeEvent[] {
  if (!isOpen(state)) {
    if (data.trigger !== 'request') return [];
    if (state.status === 'none') throw notFound('There is no such episode.');
    throw conflict(`The episode is ${state.status}: it cannot be reviewed.`);
  }
  const stepDownInProgress = state.lastReview?.recommendation === 'step-down';
  const evidence = continuedServiceEvidence(state.episode, data.evidence, metadata.now, stepDownInProgress);
  const { recommendation, criteria, alerts } = evaluateContinuedService(evidence);
  return [{
    type: 'ContinuedStayReviewed',
    data: {
      reviewId: data.reviewId, episodeId: state.episode.episodeId, patientId: state.episode.patientId, trigger: data.trigger,
      recommendation, criteria, alerts, evidence: { ...evidence, breaches: data.evidence.breaches }, reviewedAt: metadata.now,
    },
  }];
}
