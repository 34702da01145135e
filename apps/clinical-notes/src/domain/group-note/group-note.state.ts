import type { GroupNoteEvent, GroupNoteWritten } from './group-note.events';

export type GroupNoteState = { status: 'none' } | ({ status: 'written' } & GroupNoteWritten['data']);

export const initialState = (): GroupNoteState => ({ status: 'none' });

/** A group note has one event: it is written once, and its participants' notes live on in their own streams. */
export function evolve(_state: GroupNoteState, event: GroupNoteEvent): GroupNoteState {
  return { status: 'written', ...event.data };
}
