import { localDateOf } from '@iop/calendar';
import { assertNever, notFound } from '@iop/decider';
import type { EpisodeEvent, FollowUpScheduled } from './episode.events';

export type EpisodeRecord = { episodeId: string; patientId: string; locationId: string; startDate: string; admittedOn: string };

export type FollowUp = FollowUpScheduled['data'] & { status: 'scheduled' | 'completed' | 'lost' };

export type EpisodeState =
  | { status: 'unknown' }
  | { status: 'active'; episode: EpisodeRecord }
  | { status: 'discharged'; episode: EpisodeRecord; dischargedAt: string; followUps: FollowUp[] }
  | { status: 'cancelled'; episode: EpisodeRecord; cancelledAt: string };

export const initialState = (): EpisodeState => ({ status: 'unknown' });

const withFollowUp = (state: EpisodeState, followUpId: string, change: Partial<FollowUp>): EpisodeState =>
  state.status !== 'discharged'
    ? state
    : { ...state, followUps: state.followUps.map((f) => (f.followUpId === followUpId ? { ...f, ...change } : f)) };

export function evolve(state: EpisodeState, event: EpisodeEvent): EpisodeState {
  switch (event.type) {
    case 'EpisodeOpened': {
      const { episodeId, patientId, locationId, startDate, admittedAt } = event.data;
      return { status: 'active', episode: { episodeId, patientId, locationId, startDate, admittedOn: localDateOf(admittedAt) } };
    }
    case 'EpisodeClosed':
      return state.status === 'active' ? { status: 'discharged', episode: state.episode, dischargedAt: event.data.dischargedAt, followUps: [] } : state;
    case 'EpisodeCancelled':
      return state.status === 'active' ? { status: 'cancelled', episode: state.episode, cancelledAt: event.data.cancelledAt } : state;
    case 'FollowUpScheduled':
      return state.status === 'discharged' ? { ...state, followUps: [...state.followUps, { ...event.data, status: 'scheduled' }] } : state;
    case 'FollowUpCompleted':
      return withFollowUp(state, event.data.followUpId, { status: 'completed' });
    case 'FollowUpLost':
      return withFollowUp(state, event.data.followUpId, { status: 'lost' });
    case 'SessionAttendanceNoted':
    case 'AttendanceWeekNoted':
    case 'MeasureRecorded':
    case 'SafetyAlertRaised':
    case 'DrugScreenResulted':
    case 'AbstinenceReported':
    case 'SafetyAlertTimed':
      return state;
    default:
      return assertNever(event);
  }
}

/** Outcomes' stream of the episode (the id admissions issued). */
export const episodeStream = (episodeId: string) => ({ id: `episode-${episodeId}`, type: 'episode' });

export type KnownEpisodeState = Exclude<EpisodeState, { status: 'unknown' }>;

/** Outcomes learns of an episode only from PatientAdmitted: anything else about an unknown episode is a 404. */
export function knownEpisode(state: EpisodeState, episodeId: string): KnownEpisodeState {
  if (state.status === 'unknown') throw notFound(`Outcomes knows no episode ${episodeId} (its admission has not arrived).`, 'episode-not-found');
  return state;
}
