import { assertNever } from '@iop/decider';
import type { ConsentEvent, ConsentGranted } from './consent.events';

type Grant = ConsentGranted['data'];
/** `information` is what the consent still covers after partial revocations. */
export type ConsentState =
  | { status: 'none' }
  | { status: 'active'; grant: Grant; information: string[] }
  | { status: 'revoked'; grant: Grant; information: [] };

export const initialState = (): ConsentState => ({ status: 'none' });

export function evolve(state: ConsentState, event: ConsentEvent): ConsentState {
  switch (event.type) {
    case 'ConsentGranted':
      return { status: 'active', grant: event.data, information: [...event.data.information] };
    case 'ConsentRevoked': {
      if (state.status === 'none') return state;
      const revoked = new Set(event.data.revokedInformation ?? []);
      const information = state.information.filter((i) => !revoked.has(i));
      return event.data.scope === 'full' || information.length === 0
        ? { status: 'revoked', grant: state.grant, information: [] }
        : { status: 'active', grant: state.grant, information };
    }
    default:
      return assertNever(event);
  }
}
