import { conflict, invalid, type CommandMetadata, type Decider, type FieldError } from '@iop/decider';
import type { AttendanceStatus } from '@iop/domain-events';
import { attendanceCallsForANote } from '../chart/chart.decide';
import type { GroupNoteEvent } from './group-note.events';
import { evolve, initialState, type GroupNoteState } from './group-note.state';

/**
 * A participant as the command carries it: the chart's facts the rule needs (the attendance scheduling reported for
 * this session, if any) besides the ids minted for its note.
 */
export type GroupParticipant = { episodeId: string; patientId: string; noteId: string; participation: string; attendance: AttendanceStatus | null };

export type GroupNoteCommand = {
  type: 'WriteGroupNote';
  data: { groupNoteId: string; sessionId: string; summary: string; participants: GroupParticipant[] };
  metadata: CommandMetadata;
};

const blank = (s: string): boolean => s.trim() === '';

/**
 * Who may be documented as a participant: a patient whose attendance at this session (present, late or left early)
 * reached this chart from scheduling. An absent patient, or one not on the session, did not take part in the group.
 */
function participantProblems(participants: readonly GroupParticipant[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  participants.forEach((p, i) => {
    if (seen.has(p.episodeId)) errors.push({ path: `participants.${i}.episodeId`, message: 'appears more than once' });
    seen.add(p.episodeId);
    if (p.attendance === null) errors.push({ path: `participants.${i}.episodeId`, message: 'has no attendance recorded for this session' });
    else if (!attendanceCallsForANote(p.attendance)) errors.push({ path: `participants.${i}.episodeId`, message: `was ${p.attendance} at this session` });
    if (blank(p.participation)) errors.push({ path: `participants.${i}.participation`, message: 'must not be empty' });
  });
  return errors;
}

export function decide(command: GroupNoteCommand, state: GroupNoteState): GroupNoteEvent[] {
  if (state.status !== 'none') throw conflict(`Group note ${command.data.groupNoteId} exists already.`);
  const { groupNoteId, sessionId, summary, participants } = command.data;
  const errors = [...(blank(summary) ? [{ path: 'summary', message: 'must not be empty' }] : []), ...participantProblems(participants)];
  if (participants.length === 0) errors.push({ path: 'participants', message: 'must name at least one participant' });
  if (errors.length) throw invalid('The group note is not valid: every participant attended the session, once.', errors, 'invalid-group-note');
  return [{
    type: 'GroupNoteWritten',
    data: {
      groupNoteId, sessionId, author: command.metadata.actor.subject, summary,
      participants: participants.map(({ episodeId, patientId, noteId }) => ({ episodeId, patientId, noteId })), writtenAt: command.metadata.now,
    },
  }];
}

export const groupNoteDecider: Decider<GroupNoteCommand, GroupNoteEvent, GroupNoteState> = { decide, evolve, initialState };
export const groupNoteStream = (groupNoteId: string) => ({ id: `group-note-${groupNoteId}`, type: 'group-note' });
