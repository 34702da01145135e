import { assertNever } from '@iop/decider';
import type { NoteContent, NoteEvent, NoteType } from './note.events';

export type Amendment = { amendmentId: string; author: string; body: string; reason: string; amendedAt: string };

type NoteFacts = {
  noteId: string; episodeId: string; patientId: string; sessionId?: string; noteType: NoteType; author: string;
  content: NoteContent; draftedAt: string;
  /** Events folded so far: the ETag clients send back in If-Match. */
  revision: number;
};
type Signed = NoteFacts & { signedAt: string; late: boolean; cosignRequired: boolean; amendments: readonly Amendment[] };

export type NoteState =
  | { status: 'none'; revision: number }
  | ({ status: 'draft' } & NoteFacts)
  | ({ status: 'signed' } & Signed)
  | ({ status: 'cosigned'; cosignedBy: string; cosignedAt: string } & Signed);

export const initialState = (): NoteState => ({ status: 'none', revision: 0 });

export function evolve(state: NoteState, event: NoteEvent): NoteState {
  const revision = state.revision + 1;
  switch (event.type) {
    case 'NoteDrafted': {
      const { noteId, episodeId, patientId, sessionId, noteType, author, content, draftedAt } = event.data;
      return { status: 'draft', noteId, episodeId, patientId, ...(sessionId ? { sessionId } : {}), noteType, author, content, draftedAt, revision };
    }
    case 'NoteDraftEdited':
      return state.status === 'draft' ? { ...state, content: event.data.content, revision } : { ...state, revision };
    case 'NoteSigned': {
      if (state.status !== 'draft') return { ...state, revision };
      const { content, signedAt, late, cosignRequired } = event.data;
      return { ...state, status: 'signed', content, signedAt, late, cosignRequired, amendments: [], revision };
    }
    case 'CrisisDocumented':
      return { ...state, revision };
    case 'NoteCosigned':
      if (state.status !== 'signed') return { ...state, revision };
      return { ...state, status: 'cosigned', cosignedBy: event.data.cosignedBy, cosignedAt: event.data.cosignedAt, revision };
    case 'NoteAmended': {
      if (state.status !== 'signed' && state.status !== 'cosigned') return { ...state, revision };
      const { amendmentId, author, body, reason, amendedAt } = event.data;
      return { ...state, amendments: [...state.amendments, { amendmentId, author, body, reason, amendedAt }], revision };
    }
    default:
      return assertNever(event);
  }
}
