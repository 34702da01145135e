import type { NOTE_TYPES, RISK_LEVELS } from '@iop/domain-events';

export type NoteType = (typeof NOTE_TYPES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];

export type CrisisAssessment = { riskLevel: RiskLevel; safetyPlan?: string };
/** An after-hours contact with the on-call clinician (docs/DOMAIN.md section 1: on-call contact outside the facility). */
export type OnCallContact = { who: string; at: string; outcome: string };
/** For group notes `body` is the patient's individualized section and `groupSummary` the part shared by the group. */
export type NoteContent = { body: string; groupSummary?: string; crisis?: CrisisAssessment; onCallContact?: OnCallContact };

/*
 * The author travels in the data, not only in the metadata: `decide` needs it ("only the author signs", "nobody
 * co-signs their own note") and folds see data only.
 */
export type NoteDrafted = {
  type: 'NoteDrafted';
  data: {
    noteId: string; episodeId: string; patientId: string; sessionId?: string; noteType: NoteType; author: string;
    content: NoteContent; draftedAt: string;
  };
};

export type NoteDraftEdited = { type: 'NoteDraftEdited'; data: { noteId: string; content: NoteContent; editedAt: string } };

/**
 * The signed version, frozen: `content` is exactly what was signed (the hash chain's first link). `late` and
 * `cosignRequired` are judged once, under the tenant's settings of that moment, so a later settings change never
 * rewrites a signed record.
 */
export type NoteSigned = {
  type: 'NoteSigned';
  data: {
    noteId: string; episodeId: string; patientId: string; sessionId?: string; noteType: NoteType; author: string;
    content: NoteContent; signedAt: string; late: boolean; cosignRequired: boolean;
  };
};

/** Signing a crisis note also records the crisis, as metadata others may act on. */
export type CrisisDocumented = {
  type: 'CrisisDocumented';
  data: { noteId: string; episodeId: string; patientId: string; riskLevel: RiskLevel; safetyPlanDocumented: boolean; documentedAt: string };
};

export type NoteCosigned = { type: 'NoteCosigned'; data: { noteId: string; cosignedBy: string; cosignedAt: string } };

/** An addendum to a signed note: the original stays as it was and is shown with it. */
export type NoteAmended = {
  type: 'NoteAmended';
  data: {
    noteId: string; amendmentId: string; episodeId: string; patientId: string; author: string; body: string; reason: string; amendedAt: string;
  };
};

export type NoteEvent = NoteDrafted | NoteDraftEdited | NoteSigned | CrisisDocumented | NoteCosigned | NoteAmended;
