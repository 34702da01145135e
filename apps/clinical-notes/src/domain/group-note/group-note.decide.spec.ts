import { given, type CommandMetadata } from '@iop/decider';
import { groupNoteDecider, type GroupNoteCommand, type GroupParticipant } from './group-note.decide';
import type { GroupNoteEvent } from './group-note.events';

const metadata: CommandMetadata = { now: '2026-11-30T21:30:00.000Z', tenantId: 't1', actor: { subject: 'alice', roles: ['clinician'] }, correlationId: 'c1' };
const ann: GroupParticipant = { episodeId: 'e1', patientId: 'p1', noteId: 'n1', participation: 'Shared a coping plan.', attendance: 'present' };
const ben: GroupParticipant = { episodeId: 'e2', patientId: 'p2', noteId: 'n2', participation: 'Listened; left early.', attendance: 'left-early' };
const write = (participants: GroupParticipant[], summary = 'Relapse-prevention group: triggers and plans.'): GroupNoteCommand => ({
  type: 'WriteGroupNote', data: { groupNoteId: 'g1', sessionId: 's1', summary, participants }, metadata,
});
const written: GroupNoteEvent = {
  type: 'GroupNoteWritten',
  data: {
    groupNoteId: 'g1', sessionId: 's1', author: 'alice', summary: 'Relapse-prevention group: triggers and plans.',
    participants: [{ episodeId: 'e1', patientId: 'p1', noteId: 'n1' }, { episodeId: 'e2', patientId: 'p2', noteId: 'n2' }], writtenAt: '2026-11-30T21:30:00.000Z',
  },
};

describe('a group note', () => {
  it('is written once by its author, keeping which note went to which chart and no participation', () =>
    given(groupNoteDecider).when(write([ann, ben])).then([written]));
  it('is written once only', () => given(groupNoteDecider, [written]).when(write([ann])).thenThrows('conflict'));
  it('documents only patients who attended the session', () => {
    given(groupNoteDecider).when(write([ann, { ...ben, attendance: null }])).thenThrows('invalid', 'attended');
    given(groupNoteDecider).when(write([ann, { ...ben, attendance: 'absent-excused' }])).thenThrows('invalid');
  });
  it('names each participant once, each with a participation, under a summary', () => {
    given(groupNoteDecider).when(write([ann, { ...ann, noteId: 'n3' }])).thenThrows('invalid');
    given(groupNoteDecider).when(write([{ ...ann, participation: '  ' }])).thenThrows('invalid');
    given(groupNoteDecider).when(write([ann], ' ')).thenThrows('invalid');
    given(groupNoteDecider).when(write([])).thenThrows('invalid');
  });
});
