import { assertNever } from '@iop/decider';
import type { AttendanceStatus, SessionType } from '@iop/domain-events';
import type { ChartEvent } from './chart.events';

export type AttendedSession = { sessionType: SessionType; status: AttendanceStatus; startsAt: string };

type Sessions = Readonly<Record<string, AttendedSession>>;

type Admission = { episodeId: string; patientId: string; startDate: string; admittedAt: string; primaryClinician?: string; sessions: Sessions };

/**
 * `unknown` may already hold sessions: attendance travels on scheduling's topic and can overtake the admission on
 * admissions' topic, so it is kept rather than refused. The chart exists for the API only once it is `open`.
 */
export type ChartState =
  | { status: 'unknown'; sessions: Sessions }
  | ({ status: 'open' } & Admission)
  | ({ status: 'closed'; dischargedAt: string } & Admission);

export const initialState = (): ChartState => ({ status: 'unknown', sessions: {} });

export function evolve(state: ChartState, event: ChartEvent): ChartState {
  switch (event.type) {
    case 'ChartOpened':
      return { status: 'open', ...event.data, sessions: state.sessions };
    case 'SessionAttendanceNoted': {
      const { sessionId, sessionType, status, sessionStartsAt } = event.data;
      return { ...state, sessions: { ...state.sessions, [sessionId]: { sessionType, status, startsAt: sessionStartsAt } } };
    }
    case 'ChartClosed':
      return state.status === 'unknown' ? state : { ...state, status: 'closed', dischargedAt: event.data.dischargedAt };
    case 'PrimaryClinicianAssigned':
      return state.status === 'unknown' ? state : { ...state, primaryClinician: event.data.clinician };
    case 'ReassessmentRecorded':
      return state;
    default:
      return assertNever(event);
  }
}
