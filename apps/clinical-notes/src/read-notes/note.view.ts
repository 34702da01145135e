import type { Amendment, NoteState } from '../domain/note/note.state';

export type NoteView = {
  noteId: string; episodeId: string; patientId: string; sessionId?: string; type: string; status: string; author: string;
  draftedAt: string; body: string; groupSummary?: string; crisis?: { riskLevel: string; safetyPlan?: string };
  onCallContact?: { who: string; at: string; outcome: string };
  signature?: { signedBy: string; signedAt: string; late: boolean };
  cosignature?: { required: boolean; cosignedBy?: string; cosignedAt?: string };
  amendments: readonly Amendment[];
};

/** The note as a reader sees it: the original as signed, then its amendments in order (never merged into it). */
export function noteView(note: Exclude<NoteState, { status: 'none' }>): NoteView {
  const { noteId, episodeId, patientId, sessionId, noteType, status, author, draftedAt, content } = note;
  const session = sessionId ? { sessionId } : {};
  const view: NoteView = { noteId, episodeId, patientId, ...session, type: noteType, status, author, draftedAt, ...content, amendments: [] };
  if (note.status === 'draft') return view;
  const cosigned = note.status === 'cosigned' ? { cosignedBy: note.cosignedBy, cosignedAt: note.cosignedAt } : {};
  return {
    ...view,
    signature: { signedBy: note.author, signedAt: note.signedAt, late: note.late },
    cosignature: { required: note.cosignRequired, ...cosigned },
    amendments: note.amendments,
  };
}
