import { assertNever } from '@iop/decider';
import type { SessionEvent, SessionScheduled } from './session.events';

type Scheduled = SessionScheduled['data'];

export type SessionState =
  | { status: 'none' }
  | ({ status: 'scheduled' } & Scheduled)
  | ({ status: 'cancelled'; cancelledAt: string } & Scheduled);

export const initialState = (): SessionState => ({ status: 'none' });

export function evolve(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionScheduled':
      return { status: 'scheduled', ...event.data };
    case 'SessionCancelled':
      return state.status === 'none' ? state : { ...state, status: 'cancelled', cancelledAt: event.data.cancelledAt };
    default:
      return assertNever(event);
  }
}
