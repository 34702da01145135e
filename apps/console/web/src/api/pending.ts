/**
 * PENDING: TO BE REPLACED BY REGENERATION (`npm run openapi`).
 *
 * The few shapes the generated types do not have yet, typed by hand from docs/CONTRACTS.md and issue 20's contract
 * (the console's part 1): the new endpoints helper console-api adds (GET /v1/sessions, POST .../attendance/bulk,
 * POST/GET /v1/group-notes) and the success bodies the services' OpenAPI documents do not describe yet. Once the
 * documents carry them, regenerate, point the imports at the generated `components['schemas']` and delete this file:
 * the typecheck then shows every use that differs from what the API states.
 */
import type { components as Admissions, paths as AdmissionsPaths } from './admissions';
import type { components as Scheduling, paths as SchedulingPaths } from './scheduling';

type Json<T> = { content: { 'application/json': T } };
type Problem = Json<ProblemBody>;

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
};

// ---- scheduling ---------------------------------------------------------------------------------------------------

/** An item of GET /v1/sessions (contract item 1). */
export type SessionSummary = {
  sessionId: string;
  locationId: string;
  locationName: string;
  timeZone: string;
  date: string;
  localStart: string;
  localEnd: string;
  start: string;
  end: string;
  type: SessionType;
  track?: string | null;
  room: string | null;
  facilitatorId: string | null;
  facilitatorRole?: string | null;
  /** Contract item 1 allows it; scheduling knows staff ids only and does not send it. */
  facilitatorName?: string | null;
  capacity?: number | null;
  rosterCount: number;
  waitlisted?: number;
  attendanceRecorded: number;
  status: string;
};

export type SessionType = Scheduling['schemas']['ScheduleSessionDto']['type'];
export type AttendanceStatus = Scheduling['schemas']['RecordAttendanceDto']['status'];
export type AttendanceRecord = Scheduling['schemas']['RecordAttendanceDto'];

/** GET /v1/sessions/{id}/roster (the session view with its patients). */
export type Roster = {
  sessionId: string;
  locationId: string;
  track: string | null;
  type: SessionType;
  startsAt: string;
  endsAt: string;
  facilitator: { role: string; staffId?: string };
  room: string | null;
  capacity: number;
  booked: number;
  waitlisted: number;
  status: string;
  patients: RosterPatient[];
};

export type RosterPatient = {
  episodeId: string;
  patientId: string;
  displayName: string;
  booking: 'booked' | 'waitlisted' | string;
  attendance: { status: AttendanceStatus; minutesAttended: number } | null;
};

/** POST /v1/sessions/{sessionId}/attendance/bulk (contract item 2). */
export type BulkAttendanceResult = {
  sessionId: string;
  results: {
    index?: number;
    episodeId: string;
    outcome: 'recorded' | 'rejected';
    /** The patient's program week of the session as this record left it. */
    week?: { weekStart: string; hoursAttended: number; daysAttended?: number; compliant?: boolean };
    problem?: ProblemBody;
  }[];
  recorded: number;
  rejected: number;
};

export type Location = {
  locationId: string;
  name: string;
  timezone: string;
  blocks: { track: string; days: string[]; start: string; end: string }[];
};

// ---- admissions ---------------------------------------------------------------------------------------------------

/** A referral's status as the API keeps it: `open` until it is waitlisted, admitted, declined or withdrawn. */
export type ReferralStatus = NonNullable<NonNullable<AdmissionsPaths['/v1/referrals']['get']['parameters']['query']>['status']>;

/** GET /v1/referrals (items) and GET /v1/referrals/{referralId}. */
export type Referral = {
  referralId: string;
  patientId: string;
  source: Admissions['schemas']['ReferPatientDto']['source'];
  referredAt: string;
  status: ReferralStatus;
  statusReason: string | null;
  statusChangedAt: string;
  latestAssessmentId: string | null;
  recommendedLevel: string | null;
  episodeId: string | null;
  admittedAt: string | null;
  /** Sent with each referral by the intake board's API (helper console-api); fetched per patient when absent. */
  patient?: { firstName: string; lastName: string; dateOfBirth: string };
  stage?: string;
};

/** GET /v1/patients/{patientId}. */
export type Patient = {
  patientId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string | null;
  alumni: boolean;
};

export type Recommendation = {
  level: string;
  decidingDimension: string;
  rules: { id: string; passed: boolean; evidence: string }[];
};

/** POST /v1/referrals/{referralId}/assessments. */
export type AssessmentRecorded = { assessmentId: string; recommendation: Recommendation };

/** GET /v1/referrals/{referralId}/assessments (items). */
export type Assessment = {
  assessmentId: string;
  criteriaEdition: 3 | 4;
  ratings: Record<string, number>;
  rationale?: Record<string, string>;
  recommendation: Recommendation;
  assessedAt: string;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

// ---- clinical-notes -----------------------------------------------------------------------------------------------

export type GroupNoteRequest = { sessionId: string; summary: string; participants: { episodeId: string; participation: string }[] };
export type GroupNoteCreated = { groupNoteId: string; notes: { episodeId: string; noteId: string }[] };
export type GroupNote = { groupNoteId: string; sessionId: string; summary: string; writtenAt?: string; notes: { episodeId: string; noteId: string; status: string }[] };
export type GroupNoteListItem = { groupNoteId: string; sessionId: string; author?: string; participants?: number; writtenAt?: string };
export type NoteSigned = { noteId: string; status: string; signedAt?: string; late?: boolean; cosignRequired?: boolean };

// ---- the new paths, in openapi-typescript's shape, for the typed clients ------------------------------------------

export interface PendingSchedulingPaths {
  '/v1/sessions': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { date?: string; locationId?: string; limit?: number; cursor?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<Page<SessionSummary>>; 400: Problem; 401: Problem; 403: Problem };
    };
    /** As generated (POST schedules a one-off session). */
    post: SchedulingPaths['/v1/sessions']['post'];
    put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
  };
  '/v1/sessions/{sessionId}/attendance/bulk': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never; put?: never;
    post: {
      parameters: { query?: never; header?: { 'Idempotency-Key'?: string }; path: { sessionId: string }; cookie?: never };
      requestBody: Json<{ records: AttendanceRecord[] }>;
      responses: { 200: Json<BulkAttendanceResult>; 400: Problem; 401: Problem; 403: Problem; 404: Problem; 409: Problem };
    };
    delete?: never; options?: never; head?: never; patch?: never; trace?: never;
  };
}

export interface PendingClinicalNotesPaths {
  '/v1/group-notes': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { sessionId?: string; limit?: number; cursor?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<Page<GroupNoteListItem>>; 400: Problem; 401: Problem; 403: Problem };
    };
    put?: never;
    post: {
      parameters: { query?: never; header?: { 'Idempotency-Key'?: string }; path?: never; cookie?: never };
      requestBody: Json<GroupNoteRequest>;
      responses: { 201: Json<GroupNoteCreated>; 400: Problem; 401: Problem; 403: Problem; 404: Problem; 409: Problem };
    };
    delete?: never; options?: never; head?: never; patch?: never; trace?: never;
  };
  '/v1/group-notes/{groupNoteId}': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { groupNoteId: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<GroupNote>; 401: Problem; 403: Problem; 404: Problem };
    };
    put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never;
  };
}
