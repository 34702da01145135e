import { conflict, forbidden, invalid, notFound, type CommandMetadata, type Decider } from '@iop/decider';
import type { NoteContent, NoteDrafted, NoteEvent } from './note.events';
import { noteContentProblems, signedLate } from './note.rules';
import { evolve, initialState, type NoteState } from './note.state';

type Draft = Omit<NoteDrafted['data'], 'author' | 'draftedAt'>;

export type NoteCommand =
  | { type: 'DraftNote'; data: Draft; metadata: CommandMetadata }
  | { type: 'EditNote'; data: { content: Partial<NoteContent>; expectedRevision?: number }; metadata: CommandMetadata }
  | { type: 'SignNote'; data: { lateAfterHours: number; cosignRequired: boolean; sessionStartsAt?: string }; metadata: CommandMetadata }
  | { type: 'CosignNote'; data: Record<string, never>; metadata: CommandMetadata }
  | { type: 'AmendNote'; data: { amendmentId: string; body: string; reason: string }; metadata: CommandMetadata };

type Existing = Exclude<NoteState, { status: 'none' }>;

const actorOf = (command: NoteCommand) => command.metadata.actor.subject;
const withoutUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function checkContent(noteType: NoteDrafted['data']['noteType'], content: NoteContent): void {
  const errors = noteContentProblems(noteType, content);
  if (errors.length) throw invalid('The note is not valid.', errors, 'invalid-note');
}

export function decide(command: NoteCommand, state: NoteState): NoteEvent[] {
  if (command.type === 'DraftNote') {
    if (state.status !== 'none') throw conflict(`Note ${command.data.noteId} exists already.`);
    checkContent(command.data.noteType, command.data.content);
    const { noteId, episodeId, patientId, sessionId, noteType, content } = command.data;
    const session = sessionId ? { sessionId } : {};
    const data = { noteId, episodeId, patientId, ...session, noteType, author: actorOf(command), content, draftedAt: command.metadata.now };
    return [{ type: 'NoteDrafted', data }];
  }
  if (state.status === 'none') throw notFound('No such note.');
  switch (command.type) {
    case 'EditNote':
      return edit(command, state);
    case 'SignNote':
      return sign(command, state);
    case 'CosignNote':
      return cosign(command, state);
    case 'AmendNote':
      return amend(command, state);
  }
}

function edit(command: Extract<NoteCommand, { type: 'EditNote' }>, state: Existing): NoteEvent[] {
  if (state.status !== 'draft') throw conflict('A signed note never changes: add an amendment instead.', 'note-signed');
  if (state.author !== actorOf(command)) throw forbidden('Only the author edits a draft note.');
  const { expectedRevision } = command.data;
  if (expectedRevision !== undefined && expectedRevision !== state.revision) {
    throw conflict('The note changed since you read it (If-Match).', 'stale-revision');
  }
  const content = withoutUndefined({ ...state.content, ...withoutUndefined(command.data.content) });
  checkContent(state.noteType, content);
  return [{ type: 'NoteDraftEdited', data: { noteId: state.noteId, content, editedAt: command.metadata.now } }];
}

function sign(command: Extract<NoteCommand, { type: 'SignNote' }>, state: Existing): NoteEvent[] {
  if (state.status !== 'draft') throw conflict('The note is signed already.', 'note-signed');
  if (state.author !== actorOf(command)) throw forbidden('Only the author signs a note.');
  const { noteId, episodeId, patientId, sessionId, noteType, author, content, draftedAt } = state;
  const signedAt = command.metadata.now;
  const late = signedLate(command.data.sessionStartsAt ?? draftedAt, signedAt, command.data.lateAfterHours);
  const { cosignRequired } = command.data;
  const session = sessionId ? { sessionId } : {};
  const signed: NoteEvent = {
    type: 'NoteSigned',
    data: { noteId, episodeId, patientId, ...session, noteType, author, content, signedAt, late, cosignRequired },
  };
  if (!content.crisis) return [signed];
  const safetyPlanDocumented = !!content.crisis.safetyPlan?.trim();
  const crisis = { noteId, episodeId, patientId, riskLevel: content.crisis.riskLevel, safetyPlanDocumented, documentedAt: signedAt };
  return [signed, { type: 'CrisisDocumented', data: crisis }];
}

function cosign(command: Extract<NoteCommand, { type: 'CosignNote' }>, state: Existing): NoteEvent[] {
  if (!command.metadata.actor.roles.includes('supervisor')) throw forbidden('Only a supervisor co-signs.');
  if (state.author === actorOf(command)) throw forbidden('Nobody co-signs their own note.', 'own-note');
  if (state.status === 'draft') throw conflict('The note is a draft: the author signs it first.', 'note-draft');
  if (state.status === 'cosigned') throw conflict('The note is co-signed already.', 'note-cosigned');
  if (!state.cosignRequired) throw conflict("The author's credential does not require a co-signature.", 'cosign-not-required');
  return [{ type: 'NoteCosigned', data: { noteId: state.noteId, cosignedBy: actorOf(command), cosignedAt: command.metadata.now } }];
}

function amend(command: Extract<NoteCommand, { type: 'AmendNote' }>, state: Existing): NoteEvent[] {
  if (state.status === 'draft') throw conflict('The note is still a draft: edit it instead.', 'note-draft');
  const { amendmentId, body, reason } = command.data;
  const errors = [
    ...(body.trim() ? [] : [{ path: 'body', message: 'must not be empty' }]),
    ...(reason.trim() ? [] : [{ path: 'reason', message: 'must not be empty' }]),
  ];
  if (errors.length) throw invalid('The amendment is not valid.', errors, 'invalid-amendment');
  const { noteId, episodeId, patientId } = state;
  const data = { noteId, amendmentId, episodeId, patientId, author: actorOf(command), body, reason, amendedAt: command.metadata.now };
  return [{ type: 'NoteAmended', data }];
}

export const noteDecider: Decider<NoteCommand, NoteEvent, NoteState> = { decide, evolve, initialState };
export const noteStream = (noteId: string) => ({ id: `note-${noteId}`, type: 'note' });
