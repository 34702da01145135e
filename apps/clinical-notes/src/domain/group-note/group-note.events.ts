/**
 * A group session's note, written once by its facilitator: the summary of the group, and one note per participant
 * in that participant's chart (a `group-session` note holding the summary and the participant's own participation
 * only). The group note keeps which note went to which chart; it never holds a participation, so nothing here can
 * show one patient's participation beside another's.
 */
export type GroupNoteParticipant = { episodeId: string; patientId: string; noteId: string };

export type GroupNoteWritten = {
  type: 'GroupNoteWritten';
  data: { groupNoteId: string; sessionId: string; author: string; summary: string; participants: GroupNoteParticipant[]; writtenAt: string };
};

export type GroupNoteEvent = GroupNoteWritten;
