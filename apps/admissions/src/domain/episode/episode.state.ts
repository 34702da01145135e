import type { ContinuedServiceRecommendation } from '@iop/asam-criteria';
import { assertNever } from '@iop/decider';
import type { Track } from '@iop/domain-events';
import type { EpisodeBaseline } from './continued-stay.evidence';
import type { CareTeamRole, DiagnosisRecorded, EpisodeEvent } from './episode.events';

export type EpisodeFacts = EpisodeBaseline & {
  episodeId: string;
  patientId: string;
  patient: { firstName: string; lastName: string };
  locationId: string;
  track: Track;
};
export type CareTeamMember = { staffId: string; role: CareTeamRole };
export type LastReview = { reviewId: string; recommendation: ContinuedServiceRecommendation; reviewedAt: string };

/** A diagnosis as the chart shows it; one removed as entered in error leaves the list (its events stay). */
export type Diagnosis = Omit<DiagnosisRecorded['data'], 'episodeId' | 'patientId'> & { status: 'active' | 'resolved'; resolvedAt?: string; resolvedBy?: string };

type Open = { episode: EpisodeFacts; careTeam: CareTeamMember[]; lastReview?: LastReview; diagnoses?: Diagnosis[] };
/** `active` and `onhold` are open (the read model shows `active` as `planned` until the start date). */
export type OpenEpisode = { status: 'active' | 'onhold' } & Open;
export type EpisodeState = { status: 'none' } | OpenEpisode | ({ status: 'finished' | 'cancelled' } & Open);

export const initialState = (): EpisodeState => ({ status: 'none' });
export const isOpen = (s: EpisodeState): s is OpenEpisode => s.status === 'active' || s.status === 'onhold';

function admitted(event: Extract<EpisodeEvent, { type: 'PatientAdmitted' }>): EpisodeState {
  const { episodeId, patientId, patient, locationId, track, levelOfCare, startDate, criteriaEdition, admissionRatings } = event.data;
  const facts = { episodeId, patientId, patient: { firstName: patient.firstName, lastName: patient.lastName }, locationId, track };
  return { status: 'active', episode: { ...facts, levelOfCare, startDate, criteriaEdition, admissionRatings }, careTeam: [] };
}

function evolveOpen(state: Exclude<EpisodeState, { status: 'none' }>, event: EpisodeEvent): EpisodeState {
  switch (event.type) {
    case 'PatientAdmitted': return state;
    case 'CareTeamMemberAssigned': {
      const others = state.careTeam.filter((m) => m.staffId !== event.data.staffId);
      return { ...state, careTeam: [...others, { staffId: event.data.staffId, role: event.data.role }] };
    }
    case 'CareTeamMemberUnassigned': return { ...state, careTeam: state.careTeam.filter((m) => m.staffId !== event.data.staffId) };
    case 'LevelOfCareChanged': return { ...state, episode: { ...state.episode, levelOfCare: event.data.toLevel } };
    case 'ContinuedStayReviewed': {
      const { reviewId, recommendation, reviewedAt } = event.data;
      return { ...state, lastReview: { reviewId, recommendation, reviewedAt } };
    }
    case 'EpisodePutOnHold': return { ...state, status: 'onhold' };
    case 'EpisodeResumed': return { ...state, status: 'active' };
    case 'EpisodeCancelled': return { ...state, status: 'cancelled' };
    case 'PatientDischarged': return { ...state, status: 'finished' };
    case 'AlumniEnrolled': return state;
    case 'DiagnosisRecorded': {
      const { episodeId: _e, patientId: _p, ...diagnosis } = event.data;
      return { ...state, diagnoses: [...(state.diagnoses ?? []), { ...diagnosis, status: 'active' as const }] };
    }
    case 'DiagnosisResolved': {
      const { diagnosisId, resolvedAt, resolvedBy } = event.data;
      const diagnoses = (state.diagnoses ?? []).map((d) => (d.diagnosisId === diagnosisId ? { ...d, status: 'resolved' as const, resolvedAt, resolvedBy } : d));
      return { ...state, diagnoses };
    }
    case 'DiagnosisRemoved': return { ...state, diagnoses: (state.diagnoses ?? []).filter((d) => d.diagnosisId !== event.data.diagnosisId) };
    default: return assertNever(event);
  }
}

export function evolve(state: EpisodeState, event: EpisodeEvent): EpisodeState {
  if (event.type === 'PatientAdmitted') return admitted(event);
  return state.status === 'none' ? state : evolveOpen(state, event);
}
