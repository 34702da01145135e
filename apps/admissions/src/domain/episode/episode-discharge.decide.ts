import type { ContinuedServiceRecommendation } from '@iop/asam-criteria';
import { dateOf, millisBetween } from '@iop/calendar';
import { conflict, type CommandMetadata, invalid } from '@iop/decider';
import { DISCHARGE_REASONS, type DischargeReason } from '@iop/domain-events';
import type { EpisodeEvent } from './episode.events';
import { isOpen, type EpisodeState, type OpenEpisode } from './episode.state';

export type DischargePatient = {
  type: 'DischargePatient';
  data: { reason: DischargeReason; dischargedAt: string; joinAlumni: boolean; overrideReason?: string };
  metadata: CommandMetadata;
};

/**
 * Which continued-stay recommendations back which discharge reason. Leaving against advice, administrative and
 * non-attendance discharges are never what the criteria recommend, so they always carry the clinician's reason.
 */
export const RECOMMENDATIONS_BACKING: Readonly<Record<DischargeReason, readonly ContinuedServiceRecommendation[]>> = {
  completed: ['discharge', 'step-down'],
  'step-down': ['step-down'],
  transfer: ['transfer'],
  'step-up': ['step-up'],
  'against-medical-advice': [],
  administrative: [],
  'non-attendance': [],
};

const CLOCK_SKEW_MS = 5 * 60_000;

function dischargeable(state: EpisodeState): OpenEpisode {
  if (state.status === 'none') throw conflict('The episode has not been admitted: there is nothing to discharge.', 'episode-not-admitted');
  if (isOpen(state)) return state;
  if (state.status === 'finished') throw conflict('The patient was already discharged from this episode.', 'episode-already-discharged');
  throw conflict('The episode was cancelled.', 'episode-cancelled');
}

function checkInput(data: DischargePatient['data'], now: string, startDate: string): void {
  if (!DISCHARGE_REASONS.includes(data.reason)) {
    throw invalid('Unknown discharge reason.', [{ path: 'reason', message: `must be one of ${DISCHARGE_REASONS.join(', ')}` }]);
  }
  if (millisBetween(now, data.dischargedAt) > CLOCK_SKEW_MS) {
    throw invalid('A discharge cannot be recorded in the future.', [{ path: 'dischargedAt', message: 'must not be in the future' }]);
  }
  if (dateOf(data.dischargedAt) < startDate) {
    throw invalid(`The episode starts on ${startDate}.`, [{ path: 'dischargedAt', message: 'must not be before the start date' }]);
  }
}

/** Backed by the latest review when its recommendation matches the reason; otherwise the clinician says why. */
function backing(state: OpenEpisode, data: DischargePatient['data']): { backedByReviewId?: string; overrideReason?: string } {
  const review = state.lastReview;
  const overrideReason = data.overrideReason?.trim();
  if (review && RECOMMENDATIONS_BACKING[data.reason].includes(review.recommendation)) {
    return { backedByReviewId: review.reviewId, ...(overrideReason ? { overrideReason } : {}) };
  }
  if (overrideReason) return { overrideReason };
  const latest = review ? `the latest review recommends ${review.recommendation}` : 'there is no continued-stay review';
  throw invalid(`A ${data.reason} discharge is not backed (${latest}): give an overrideReason.`, [
    { path: 'overrideReason', message: 'is required when no matching review backs the discharge' },
  ], 'discharge-override-reason-required');
}

export function dischargePatient({ data, metadata }: DischargePatient, state: EpisodeState): EpisodeEvent[] {
  const open = dischargeable(state);
  const { episodeId, patientId, patient, locationId, track, startDate } = open.episode;
  checkInput(data, metadata.now, startDate);
  const discharged: EpisodeEvent = {
    type: 'PatientDischarged',
    data: {
      episodeId, patientId, locationId, track, reason: data.reason, startDate, dischargedAt: data.dischargedAt,
      joinAlumni: data.joinAlumni, ...backing(open, data),
    },
  };
  if (!data.joinAlumni) return [discharged];
  return [discharged, { type: 'AlumniEnrolled', data: { patientId, episodeId, locationId, track, patient, enrolledAt: data.dischargedAt } }];
}
