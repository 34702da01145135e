import { assertNever } from '@iop/decider';
import type { LocationEvent, SessionBlock } from './location.events';

export type LocationState =
  | { status: 'none' }
  | { status: 'configured'; locationId: string; name: string; timezone: string; blocks: SessionBlock[] };

export const initialState = (): LocationState => ({ status: 'none' });

export function evolve(_state: LocationState, event: LocationEvent): LocationState {
  switch (event.type) {
    case 'LocationConfigured': {
      const { locationId, name, timezone, blocks } = event.data;
      return { status: 'configured', locationId, name, timezone, blocks };
    }
    default:
      return assertNever(event as never);
  }
}
