import { type CommandMetadata, conflict, type Decider, invalid, notFound } from '@iop/decider';
import type { CancellationReason, SessionEvent, SessionScheduled } from './session.events';
import { sessionIsOneToOne } from './session-kinds';
import { evolve, initialState, type SessionState } from './session.state';

type ScheduleData = Omit<SessionScheduled['data'], 'capacity'> & { capacity?: number; groupSizeLimit: number };

export type SessionCommand =
  | { type: 'ScheduleSession'; data: ScheduleData; metadata: CommandMetadata }
  | { type: 'CancelSession'; data: { reason: CancellationReason }; metadata: CommandMetadata };

/** No program session runs past a working day; a longer one is a typo in a date. */
const MAX_SESSION_MINUTES = 12 * 60;

function capacityOf(data: ScheduleData): number {
  if (sessionIsOneToOne(data.type)) {
    if (data.capacity !== undefined && data.capacity !== 1) throw invalid(`A ${data.type} session has one seat.`, [{ path: 'capacity', message: 'must be 1 for one-to-one sessions' }]);
    return 1;
  }
  const capacity = data.capacity ?? data.groupSizeLimit;
  if (capacity > data.groupSizeLimit) {
    throw invalid(`Groups are limited to ${data.groupSizeLimit} patients here.`, [{ path: 'capacity', message: `must be at most ${data.groupSizeLimit}` }], 'group-size-limit');
  }
  return capacity;
}

function checkTimesAndPlace(data: ScheduleData): void {
  const minutes = (Date.parse(data.endsAt) - Date.parse(data.startsAt)) / 60_000;
  if (!(minutes > 0)) throw invalid('The session ends before it starts.', [{ path: 'endsAt', message: 'must be after startsAt' }], 'end-before-start');
  if (minutes > MAX_SESSION_MINUTES) throw invalid('A session lasts at most 12 hours.', [{ path: 'endsAt', message: 'is more than 12 hours after startsAt' }]);
  if (data.type === 'psychiatric-consultation' && data.facilitator.role !== 'psychiatrist') {
    throw invalid('A psychiatric consultation is facilitated by a psychiatrist.', [{ path: 'facilitator.role', message: 'must be psychiatrist' }]);
  }
  // Generated sessions get their place later: the block's rooms, or, for a plan's care, the clinician's office or link.
  if (!data.series && !data.plan && !data.room && !data.virtualLink) {
    throw invalid('A session takes place in a room or over a virtual link.', [{ path: 'room', message: 'room or virtualLink is required' }]);
  }
}

function schedule(data: ScheduleData, state: SessionState): SessionEvent[] {
  if (state.status !== 'none') throw conflict(`Session ${data.sessionId} already exists.`);
  checkTimesAndPlace(data);
  const { groupSizeLimit: _limit, ...facts } = data;
  return [{ type: 'SessionScheduled', data: { ...facts, capacity: capacityOf(data) } }];
}

export function decide(command: SessionCommand, state: SessionState): SessionEvent[] {
  if (command.type === 'ScheduleSession') return schedule(command.data, state);
  if (state.status === 'none') throw notFound('No such session.');
  if (state.status === 'cancelled') throw conflict('The session is already cancelled.', 'session-cancelled');
  return [{ type: 'SessionCancelled', data: { sessionId: state.sessionId, locationId: state.locationId, reason: command.data.reason, cancelledAt: command.metadata.now } }];
}

export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = { decide, evolve, initialState };
