import { isCriteriaEdition, validateRatings, type DimensionKey } from '@iop/asam-criteria';
import { conflict, invalid, notFound, type CommandMetadata, type Decider, type FieldError } from '@iop/decider';
import type { AttendanceStatus } from '@iop/domain-events';
import type { ChartClosed, ChartEvent, ChartOpened, SessionAttendanceNoted } from './chart.events';
import { evolve, initialState, type ChartState } from './chart.state';

type Rationale = Partial<Record<DimensionKey, string>>;

export type ChartCommand =
  | { type: 'OpenChart'; data: ChartOpened['data']; metadata: CommandMetadata }
  | { type: 'NoteAttendance'; data: SessionAttendanceNoted['data']; metadata: CommandMetadata }
  | { type: 'CloseChart'; data: ChartClosed['data']; metadata: CommandMetadata }
  | { type: 'AssignPrimaryClinician'; data: { episodeId: string; clinician: string }; metadata: CommandMetadata }
  | {
      type: 'RecordReassessment';
      data: { reassessmentId: string; episodeId: string; criteriaEdition: unknown; ratings: unknown; rationale?: Rationale };
      metadata: CommandMetadata;
    };

/** A session the patient attended, even in part, needs a progress note; an absence does not. */
export const attendanceCallsForANote = (status: AttendanceStatus): boolean => status === 'present' || status === 'late' || status === 'left-early';

const noEpisode = (episodeId: string) => notFound(`No episode ${episodeId} is known to clinical notes.`);

export function decide(command: ChartCommand, state: ChartState): ChartEvent[] {
  switch (command.type) {
    case 'OpenChart':
      // A redelivered or repeated admission changes nothing.
      return state.status === 'unknown' ? [{ type: 'ChartOpened', data: command.data }] : [];
    case 'NoteAttendance': {
      const known = state.sessions[command.data.sessionId];
      if (known && known.status === command.data.status && known.startsAt === command.data.sessionStartsAt) return [];
      return [{ type: 'SessionAttendanceNoted', data: command.data }];
    }
    case 'CloseChart':
      if (state.status === 'unknown') throw invalid(`Episode ${command.data.episodeId} was discharged but never admitted here.`);
      return state.status === 'closed' ? [] : [{ type: 'ChartClosed', data: command.data }];
    case 'AssignPrimaryClinician':
      if (state.status === 'unknown') throw noEpisode(command.data.episodeId);
      if (state.status === 'closed') throw conflict('The episode is discharged.', 'episode-discharged');
      if (state.primaryClinician === command.data.clinician) return [];
      return [{ type: 'PrimaryClinicianAssigned', data: { ...command.data, assignedAt: command.metadata.now } }];
    case 'RecordReassessment':
      return recordReassessment(command, state);
  }
}

function recordReassessment(command: Extract<ChartCommand, { type: 'RecordReassessment' }>, state: ChartState): ChartEvent[] {
  const { reassessmentId, episodeId, criteriaEdition, ratings, rationale } = command.data;
  if (state.status === 'unknown') throw noEpisode(episodeId);
  if (state.status === 'closed') throw conflict('The episode is discharged: reassessments belong to open episodes.', 'episode-discharged');
  const errors: FieldError[] = isCriteriaEdition(criteriaEdition) ? [] : [{ path: 'criteriaEdition', message: 'must be 3 or 4' }];
  const checked = validateRatings(ratings);
  if (!checked.ok) errors.push(...checked.errors.map((e) => ({ path: e.path ? `ratings.${e.path}` : 'ratings', message: e.message })));
  if (errors.length || !checked.ok || !isCriteriaEdition(criteriaEdition)) throw invalid('The reassessment is not valid.', errors, 'invalid-ratings');
  return [{
    type: 'ReassessmentRecorded',
    data: {
      reassessmentId, episodeId, patientId: state.patientId, criteriaEdition, ratings: checked.ratings,
      ...(rationale ? { rationale } : {}), recordedBy: command.metadata.actor.subject, recordedAt: command.metadata.now,
    },
  }];
}

export const chartDecider: Decider<ChartCommand, ChartEvent, ChartState> = { decide, evolve, initialState };
export const chartStream = (episodeId: string) => ({ id: `chart-${episodeId}`, type: 'chart' });
