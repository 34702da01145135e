import { assertNever } from '@iop/decider';
import type { Curriculum, LocationEvent, SessionBlock } from './location.events';

export type LocationState =
  | { status: 'none' }
  | { status: 'configured'; locationId: string; name: string; timezone: string; blocks: SessionBlock[]; curricula: Curriculum[] };

export const initialState = (): LocationState => ({ status: 'none' });

/** Versions by track and effective date; a version saved again for the same track and date replaces that one. */
export function withVersion(curricula: readonly Curriculum[], next: Curriculum): Curriculum[] {
  return [...curricula.filter((c) => c.track !== next.track || c.effectiveFrom !== next.effectiveFrom), next]
    .sort((a, b) => a.track.localeCompare(b.track) || a.effectiveFrom.localeCompare(b.effectiveFrom));
}

export function evolve(state: LocationState, event: LocationEvent): LocationState {
  switch (event.type) {
    case 'LocationConfigured': {
      const { locationId, name, timezone, blocks } = event.data;
      return { status: 'configured', locationId, name, timezone, blocks, curricula: state.status === 'configured' ? state.curricula : [] };
    }
    case 'CurriculumChanged': {
      if (state.status !== 'configured') return state;
      const { track, effectiveFrom, sessions } = event.data;
      return { ...state, curricula: withVersion(state.curricula, { track, effectiveFrom, sessions }) };
    }
    default:
      return assertNever(event);
  }
}
