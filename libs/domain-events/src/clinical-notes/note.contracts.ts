import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId } from '../fields';
import { boolean, dateTime, enumOf, uuid } from '../schema';

/**
 * Note metadata only. Note text (and SUD counseling notes, which 42 CFR Part 2 keeps apart and behind their own
 * consent) never leaves clinical-notes through Kafka: consumers learn that a note exists, not what it says.
 */
export const NOTE_TYPES = [
  'individual-session',
  'group-session',
  'family-session',
  'psychiatric-consultation',
  'case-management',
  'crisis',
  'discharge-summary',
] as const;
export const RISK_LEVELS = ['low', 'moderate', 'high', 'imminent'] as const;

export type NoteSigned = {
  noteId: string;
  episodeId: string;
  patientId: string;
  sessionId?: string;
  noteType: (typeof NOTE_TYPES)[number];
  late: boolean;
  signedAt: string;
};

export const noteSignedV1 = defineContract<NoteSigned>()({
  service: 'clinical-notes',
  name: 'NoteSigned',
  consentCategory: 'notes',
  version: 1,
  key: 'episodeId',
  description: 'A clinical note was signed (metadata only: the note text never leaves clinical-notes).',
  required: ['noteId', 'episodeId', 'patientId', 'noteType', 'late', 'signedAt'],
  properties: {
    noteId: uuid('Note.'),
    episodeId,
    patientId,
    sessionId: uuid('Session the note documents; absent for notes not tied to a session.'),
    noteType: enumOf(NOTE_TYPES, 'Kind of note.'),
    late: boolean('True when signed after the documentation deadline (a compliance measure).'),
    signedAt: dateTime('When the note was signed.'),
  },
  example: {
    noteId: ids.noteId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    sessionId: ids.sessionId,
    noteType: 'group-session',
    late: false,
    signedAt: '2025-03-10T21:15:00-04:00',
  },
});

export type NoteAmended = {
  noteId: string;
  amendmentId: string;
  episodeId: string;
  patientId: string;
  amendedAt: string;
};

export const noteAmendedV1 = defineContract<NoteAmended>()({
  service: 'clinical-notes',
  name: 'NoteAmended',
  consentCategory: 'notes',
  version: 1,
  key: 'episodeId',
  description: 'A signed note received an amendment (the original is kept; neither text travels).',
  required: ['noteId', 'amendmentId', 'episodeId', 'patientId', 'amendedAt'],
  properties: {
    noteId: uuid('Amended note.'),
    amendmentId: uuid('Amendment.'),
    episodeId,
    patientId,
    amendedAt: dateTime('When the amendment was signed.'),
  },
  example: {
    noteId: ids.noteId,
    amendmentId: ids.amendmentId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    amendedAt: '2025-03-11T09:30:00-04:00',
  },
});

export type CrisisDocumented = {
  noteId: string;
  episodeId: string;
  patientId: string;
  riskLevel: (typeof RISK_LEVELS)[number];
  safetyPlanDocumented: boolean;
  documentedAt: string;
};

export const crisisDocumentedV1 = defineContract<CrisisDocumented>()({
  service: 'clinical-notes',
  name: 'CrisisDocumented',
  consentCategory: 'crisis',
  version: 1,
  key: 'episodeId',
  description:
    'A crisis note was signed. Carries the assessed risk level and whether a safety plan was documented, so ' +
    'others can act (e.g. review the level of care) without reading the note.',
  required: ['noteId', 'episodeId', 'patientId', 'riskLevel', 'safetyPlanDocumented', 'documentedAt'],
  properties: {
    noteId: uuid('Crisis note.'),
    episodeId,
    patientId,
    riskLevel: enumOf(RISK_LEVELS, 'Risk level assessed by the clinician.'),
    safetyPlanDocumented: boolean('True when a safety plan is part of the note.'),
    documentedAt: dateTime('When the crisis note was signed.'),
  },
  example: {
    noteId: ids.noteId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    riskLevel: 'moderate',
    safetyPlanDocumented: true,
    documentedAt: '2025-03-20T22:05:00-04:00',
  },
});
