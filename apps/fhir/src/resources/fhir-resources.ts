/**
 * FHIR R4 resources built from the platform's public events: pure functions of the resource as it stands (or none) and
 * one event, so a redelivered or replayed event writes the same JSON. Nothing here reads a clock; `meta.lastUpdated` and
 * `meta.versionId` are the store's.
 *
 * Everything the clinic records about a patient comes from a 42 CFR Part 2 program, so every resource about a patient
 * carries the Part 2 security label and the restricted confidentiality code (docs/FHIR.md).
 */
import {
  type AttendanceRecorded, type CareTeamChanged, type CareTeamRole, type ConsentGranted, type ConsentRevoked, diagnosisCode, type DiagnosisRecorded, type DiagnosisResolved, type DrugScreenResulted,
  type EpisodeCancelled, type GoalStatus, type GoalStatusChanged, type LevelOfCareChanged, type LocationConfigured, type MeasureRecorded, type PatientAdmitted,
  type PatientDischarged, type PatientReferred, type SessionScheduled, type TreatmentPlanSigned,
} from '@iop/domain-events';
import { deterministicId } from '@iop/event-store';

export const RESOURCE_TYPES = [
  'Patient', 'EpisodeOfCare', 'Encounter', 'Appointment', 'Observation', 'Consent', 'Condition', 'CarePlan', 'Goal', 'CareTeam', 'Location',
  'Organization', 'Practitioner',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export const isResourceType = (value: string): value is ResourceType => (RESOURCE_TYPES as readonly string[]).includes(value);

export type FhirResource = { resourceType: string; id: string; meta?: Record<string, unknown>; [key: string]: unknown };

/** The row a resource is kept as: the JSON plus the columns the search parameters read. */
export interface StoredResource {
  type: ResourceType;
  id: string;
  /** Null for a resource about no patient (a Location, the Organization, a Practitioner). */
  patientId: string | null;
  /** The instant or day `date` searches compare (an Observation's effective time, an episode's start...). */
  date: string | null;
  status: string | null;
  resource: FhirResource;
}

const SYSTEM = {
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  goalAchievement: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
  /** The platform's own code systems (ASAM levels, session types, analytes): not HL7's, so no validator knows them. */
  asamLevel: 'https://iop.example/fhir/CodeSystem/asam-level-of-care',
  sessionType: 'https://iop.example/fhir/CodeSystem/session-type',
  analyte: 'https://iop.example/fhir/CodeSystem/drug-screen-analyte',
  careTeamRole: 'https://iop.example/fhir/CodeSystem/care-team-role',
  measure: 'https://iop.example/fhir/CodeSystem/measure',
  bamSubscale: 'https://iop.example/fhir/CodeSystem/bam-subscale',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  /** The identifiers' namespaces: a clinic's tenant id, a staff member's identity-provider subject. */
  tenant: 'https://iop.example/fhir/NamingSystem/tenant',
  staffSubject: 'https://iop.example/fhir/NamingSystem/staff-subject',
} as const;

/** 42 CFR Part 2 (ActPrivacyLaw) and restricted (R): what a recipient must see before redisclosing anything. */
export const PART2_SECURITY = [
  { system: SYSTEM.actCode, code: '42CFRPart2', display: '42 CFR Part2' },
  { system: SYSTEM.confidentiality, code: 'R', display: 'restricted' },
] as const;

const part2Meta = () => ({ security: PART2_SECURITY.map((c) => ({ ...c })) });
const patientRef = (patientId: string) => ({ reference: `Patient/${patientId}` });
const episodeRef = (episodeId: string) => ({ reference: `EpisodeOfCare/${episodeId}` });

/** LOINC totals of PHQ-9 and GAD-7. The BAM has no total (its subscales are scored apart): see `observationFromBam`. */
export const MEASURE_CODES: Record<string, { code: string; display: string } | undefined> = {
  'PHQ-9': { code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  'GAD-7': { code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
};

const SCREEN_RESULT: Record<DrugScreenResulted['results'][number]['result'], { code: string; display: string }> = {
  positive: { code: '10828004', display: 'Positive' },
  negative: { code: '260385009', display: 'Negative' },
  inconclusive: { code: '419984006', display: 'Inconclusive' },
};

// ---------------------------------------------------------------- Patient

/**
 * The public events carry no date of birth, sex or full name: only the roster's display name (PatientAdmitted) and an
 * age band. A referral makes the Patient with its id alone; an admission adds the display name as `name.text`.
 */
export function patientFromReferral(current: FhirResource | undefined, e: PatientReferred): StoredResource {
  const resource: FhirResource = current ?? { resourceType: 'Patient', id: e.patientId, meta: part2Meta(), active: true };
  return { type: 'Patient', id: e.patientId, patientId: e.patientId, date: null, status: null, resource };
}

export function patientFromAdmission(current: FhirResource | undefined, e: PatientAdmitted): StoredResource {
  const base = current ?? { resourceType: 'Patient', id: e.patientId, meta: part2Meta() };
  const resource: FhirResource = { ...base, active: true, name: [{ use: 'usual', text: e.displayName }] };
  return { type: 'Patient', id: e.patientId, patientId: e.patientId, date: null, status: null, resource };
}

// ---------------------------------------------------------------- EpisodeOfCare

const levelType = (level: string) => [{ coding: [{ system: SYSTEM.asamLevel, code: level, display: `ASAM level ${level}` }] }];

type StatusPeriod = { status: string; period: { start: string; end?: string } };

const episode = (e: { episodeId: string; patientId: string }, resource: FhirResource, date: string | null): StoredResource => ({
  type: 'EpisodeOfCare', id: e.episodeId, patientId: e.patientId, date, status: resource.status as string, resource,
});

/** The episode as admitted, managed by the clinic (the tenant's Organization, which the caller saves too). */
export function episodeFromAdmission(e: PatientAdmitted, tenantId: string): StoredResource {
  return episode(e, {
    resourceType: 'EpisodeOfCare',
    id: e.episodeId,
    meta: part2Meta(),
    status: 'active',
    statusHistory: [{ status: 'active', period: { start: e.startDate } }],
    type: levelType(e.levelOfCare),
    patient: patientRef(e.patientId),
    managingOrganization: organizationRef(tenantId),
    period: { start: e.startDate },
  }, e.startDate);
}

/** The episode's current level is its `type`; the level history stays in admissions (no FHIR element holds it here). */
export function episodeLevelChanged(current: FhirResource, e: LevelOfCareChanged): StoredResource {
  return episode(e, { ...current, type: levelType(e.toLevel) }, startOf(current));
}

export function episodeDischarged(current: FhirResource, e: PatientDischarged): StoredResource {
  const period = { start: e.startDate, end: periodEnd(e.startDate, e.dischargedAt) };
  return episode(e, { ...current, status: 'finished', statusHistory: closeHistory(current, e.dischargedAt), period }, e.startDate);
}

export function episodeCancelled(current: FhirResource, e: EpisodeCancelled): StoredResource {
  return episode(e, { ...current, status: 'cancelled', statusHistory: closeHistory(current, e.cancelledAt) }, startOf(current));
}

const startOf = (r: FhirResource) => ((r.period as { start?: string } | undefined)?.start ?? null);

function closeHistory(current: FhirResource, at: string): StatusPeriod[] {
  const history = ((current.statusHistory as StatusPeriod[] | undefined) ?? []).map((h) => ({ ...h, period: { ...h.period } }));
  const open = history.find((h) => h.period.end === undefined);
  if (open) open.period.end = periodEnd(open.period.start, at);
  return history;
}

/**
 * The end of a period that starts on a day (an episode's first program day) and ends at an instant. FHIR compares the
 * two at their common precision, the day: an instant on the start day is neither before nor after it, which fails
 * Period's invariant (per-1), and one before it (a cancellation recorded ahead of the planned start) is before the
 * start. Either ends on the start day itself; a later instant is kept as it is.
 */
function periodEnd(startDay: string, at: string): string {
  return at.slice(0, 10) <= startDay ? startDay : at;
}

// ---------------------------------------------------------------- Encounter and Appointment

export type SessionTimes = Pick<SessionScheduled, 'sessionId' | 'type' | 'startsAt' | 'endsAt'>;

const ATTENDED = new Set(['present', 'late', 'left-early']);
/** Encounter and Appointment of one patient's place in one session share an id derived from both. */
export const attendanceKey = (e: Pick<AttendanceRecorded, 'sessionId' | 'episodeId'>) => `${e.sessionId}:${e.episodeId}`;

const sessionType = (type: string) => [{ coding: [{ system: SYSTEM.sessionType, code: type }] }];

/**
 * A recorded attendance: the Appointment (fulfilled, or noshow for an absence) and, for a session attended in part or
 * whole, the Encounter. Bookings themselves are not public events, so an Appointment appears once attendance is
 * recorded; a correction to an absence leaves no Encounter (`encounter` undefined: the caller deletes it).
 */
export function fromAttendance(e: AttendanceRecorded, session: SessionTimes, id: string): { appointment: StoredResource; encounter?: StoredResource } {
  const attended = ATTENDED.has(e.status);
  const appointment: StoredResource = {
    type: 'Appointment', id, patientId: e.patientId, date: session.startsAt, status: attended ? 'fulfilled' : 'noshow',
    resource: {
      resourceType: 'Appointment',
      id,
      meta: part2Meta(),
      status: attended ? 'fulfilled' : 'noshow',
      serviceType: sessionType(session.type),
      start: session.startsAt,
      end: session.endsAt,
      participant: [{ actor: patientRef(e.patientId), required: 'required', status: 'accepted' }],
    },
  };
  if (!attended) return { appointment };
  const encounter: StoredResource = {
    type: 'Encounter', id, patientId: e.patientId, date: session.startsAt, status: 'finished',
    resource: {
      resourceType: 'Encounter',
      id,
      meta: part2Meta(),
      status: 'finished',
      class: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
      type: sessionType(session.type),
      subject: patientRef(e.patientId),
      episodeOfCare: [episodeRef(e.episodeId)],
      appointment: [{ reference: `Appointment/${id}` }],
      location: [{ location: { reference: `Location/${e.locationId}` } }],
      period: { start: session.startsAt, end: session.endsAt },
      length: { value: e.minutesAttended, unit: 'min', system: SYSTEM.ucum, code: 'min' },
    },
  };
  return { appointment, encounter };
}

// ---------------------------------------------------------------- Observation

const observation = (patientId: string, date: string, resource: FhirResource): StoredResource => ({
  type: 'Observation', id: resource.id, patientId, date, status: 'final', resource,
});

/**
 * PHQ-9 and GAD-7 as their LOINC-coded totals; the BAM as its subscales (`observationFromBam`). Item answers are not
 * here: outcomes publishes scores, never a patient's answers, so no consumer of the bus has them.
 */
export function observationFromMeasure(e: MeasureRecorded): StoredResource | undefined {
  if (e.instrument === 'BAM') return observationFromBam(e);
  const code = MEASURE_CODES[e.instrument];
  const total = e.scores.total;
  if (!code || typeof total !== 'number') return undefined;
  return survey(e, { coding: [{ system: SYSTEM.loinc, ...code }], text: `${e.instrument} total score` }, { valueInteger: total });
}

/** A measure as a survey Observation of the patient, labelled Part 2: its code, and its value or components. */
function survey(e: MeasureRecorded, code: Record<string, unknown>, result: Record<string, unknown>): StoredResource {
  return observation(e.patientId, e.administeredAt, {
    resourceType: 'Observation',
    id: e.measureId,
    meta: part2Meta(),
    status: 'final',
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'survey', display: 'Survey' }] }],
    code,
    subject: patientRef(e.patientId),
    effectiveDateTime: e.administeredAt,
    ...result,
  });
}

/** The BAM's subscales as outcomes scores them, in a fixed order (docs/DOMAIN.md, measures: the BAM's local code `bam-17`). */
const BAM_SUBSCALES = [
  { key: 'use', display: 'Use (items 4, 5, 6)' },
  { key: 'risk', display: 'Risk factors (items 1, 2, 3, 8, 11, 15)' },
  { key: 'protective', display: 'Protective factors (items 9, 10, 12, 13, 14, 16)' },
] as const;

/**
 * A BAM as one survey Observation whose components are its subscales. The BAM has no total score, so the
 * Observation has no value of its own; no LOINC code for the BAM or its subscales is used (none could be checked
 * here), so both are coded in the platform's own systems, with the scoring version kept in the method.
 */
function observationFromBam(e: MeasureRecorded): StoredResource | undefined {
  const component = BAM_SUBSCALES.filter((s) => typeof e.scores[s.key] === 'number').map((s) => ({
    code: { coding: [{ system: SYSTEM.bamSubscale, code: s.key, display: s.display }], text: `BAM ${s.display}` },
    valueInteger: e.scores[s.key],
  }));
  if (component.length === 0) return undefined;
  const code = { coding: [{ system: SYSTEM.measure, code: 'bam-17', display: 'Brief Addiction Monitor (17 items)' }], text: 'BAM subscale scores' };
  return survey(e, code, { method: { text: `scoring ${e.scoringVersion}` }, component });
}

/** One laboratory Observation per analyte of a screen, its result a SNOMED CT qualifier. */
export function observationsFromDrugScreen(e: DrugScreenResulted, idOf: (analyte: string) => string): StoredResource[] {
  return e.results.map((r) => observation(e.patientId, e.collectedOn, {
    resourceType: 'Observation',
    id: idOf(r.analyte),
    meta: part2Meta(),
    status: 'final',
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'laboratory', display: 'Laboratory' }] }],
    code: { coding: [{ system: SYSTEM.analyte, code: r.analyte }], text: `${r.analyte} drug screen` },
    subject: patientRef(e.patientId),
    effectiveDateTime: e.collectedOn,
    valueCodeableConcept: { coding: [{ system: SYSTEM.snomed, ...SCREEN_RESULT[r.result] }] },
  }));
}

// ---------------------------------------------------------------- Consent

/** The regulation a Part 2 consent is given under (Consent needs a policy or a policy rule). */
const PART2_POLICY = 'https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2';

export function consentFromGrant(e: ConsentGranted): StoredResource {
  return {
    type: 'Consent', id: e.consentId, patientId: e.patientId, date: e.grantedAt, status: 'active',
    resource: {
      resourceType: 'Consent',
      id: e.consentId,
      meta: part2Meta(),
      status: 'active',
      scope: { coding: [{ system: SYSTEM.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] },
      category: [{ coding: [{ system: SYSTEM.loinc, code: '59284-0', display: 'Patient Consent' }] }],
      patient: patientRef(e.patientId),
      dateTime: e.grantedAt,
      policy: [{ uri: PART2_POLICY }],
      provision: {
        type: 'permit',
        ...(e.expiresAt ? { period: { start: e.grantedAt, end: e.expiresAt } } : {}),
        actor: [{ role: { coding: [{ system: SYSTEM.participationType, code: 'IRCP', display: 'information recipient' }] }, reference: { display: e.recipient } }],
      },
    },
  };
}

/**
 * A full revocation makes the consent inactive. A partial one (some categories of information withdrawn) leaves it
 * active: the categories are the platform's own and are not mapped to FHIR provisions yet (docs/FHIR.md).
 */
export function consentRevoked(current: FhirResource, e: ConsentRevoked): StoredResource {
  const status = e.scope === 'full' ? 'inactive' : (current.status as string);
  return { type: 'Consent', id: e.consentId, patientId: e.patientId, date: current.dateTime as string, status, resource: { ...current, status } };
}

// ---------------------------------------------------------------- Condition

/** DSM-5 severities as SNOMED CT qualifiers; "moderate or severe" (F1x.2x unspecified) has no single code, so text. */
const SEVERITY: Record<string, { coding?: { system: string; code: string; display: string }[]; text: string }> = {
  mild: { coding: [{ system: SYSTEM.snomed, code: '255604002', display: 'Mild' }], text: 'mild' },
  moderate: { coding: [{ system: SYSTEM.snomed, code: '6736007', display: 'Moderate' }], text: 'moderate' },
  severe: { coding: [{ system: SYSTEM.snomed, code: '24484000', display: 'Severe' }], text: 'severe' },
  'moderate-or-severe': { text: 'moderate or severe' },
};

const clinicalStatus = (code: string) => ({ coding: [{ system: SYSTEM.conditionClinical, code }] });

/**
 * A diagnosis on an episode: its ICD-10-CM code (the title from the platform's code table), confirmed, an encounter
 * diagnosis of the episode's program; active, or in remission for a use disorder coded so. Primary or secondary is
 * the episode's ranking, which R4 keeps on EpisodeOfCare.diagnosis: not mapped yet (docs/FHIR.md).
 */
export function conditionFromDiagnosis(e: DiagnosisRecorded): StoredResource {
  const status = e.inRemission ? 'remission' : 'active';
  const display = diagnosisCode(e.code)?.display;
  return {
    type: 'Condition', id: e.diagnosisId, patientId: e.patientId, date: e.recordedAt, status,
    resource: {
      resourceType: 'Condition',
      id: e.diagnosisId,
      meta: part2Meta(),
      clinicalStatus: clinicalStatus(status),
      verificationStatus: { coding: [{ system: SYSTEM.conditionVerification, code: 'confirmed' }] },
      category: [{ coding: [{ system: SYSTEM.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
      ...(e.severity ? { severity: SEVERITY[e.severity] } : {}),
      code: { coding: [{ system: SYSTEM.icd10cm, code: e.code, ...(display ? { display } : {}) }] },
      subject: patientRef(e.patientId),
      recordedDate: e.recordedAt,
    },
  };
}

export function conditionResolved(current: FhirResource, e: DiagnosisResolved): StoredResource {
  return {
    type: 'Condition', id: e.diagnosisId, patientId: e.patientId, date: current.recordedDate as string, status: 'resolved',
    resource: { ...current, clinicalStatus: clinicalStatus('resolved'), abatementDateTime: e.resolvedAt },
  };
}

// ---------------------------------------------------------------- CarePlan and Goal

/**
 * The episode's treatment plan as a CarePlan: that it was signed, its version and goal count. The goals' wording and
 * the interventions are clinical text that stays in clinical-notes (the public event carries counts only). `created`
 * is the first signature; a later version updates the description.
 */
export function carePlanFromSignature(current: FhirResource | undefined, e: TreatmentPlanSigned): StoredResource {
  const created = (current?.created as string | undefined) ?? e.signedAt;
  return {
    type: 'CarePlan', id: e.planId, patientId: e.patientId, date: created, status: 'active',
    resource: {
      resourceType: 'CarePlan',
      id: e.planId,
      meta: part2Meta(),
      status: 'active',
      intent: 'plan',
      title: 'Individualized treatment plan',
      description: `Version ${e.version}, with ${e.goalCount} goal${e.goalCount === 1 ? '' : 's'}; their wording stays in the clinical record.`,
      subject: patientRef(e.patientId),
      created,
      supportingInfo: [episodeRef(e.episodeId)],
      ...(current?.goal ? { goal: current.goal } : {}),
    },
  };
}

/** A goal the plan links, once the goal's status has changed (only then is the goal a public fact). */
export function carePlanWithGoal(current: FhirResource, goalId: string): FhirResource | undefined {
  const goals = (current.goal as { reference: string }[] | undefined) ?? [];
  if (goals.some((g) => g.reference === `Goal/${goalId}`)) return undefined;
  return { ...current, goal: [...goals, { reference: `Goal/${goalId}` }] };
}

const GOAL_LIFECYCLE: Record<GoalStatus, string> = { 'not-started': 'accepted', 'in-progress': 'active', achieved: 'completed', discontinued: 'cancelled' };
const GOAL_ACHIEVEMENT: Partial<Record<GoalStatus, string>> = { 'in-progress': 'in-progress', achieved: 'achieved', discontinued: 'not-achieved' };

/** A treatment-plan goal by its status alone: its wording is not public, so the description says where it is. */
export function goalFromStatus(e: GoalStatusChanged): StoredResource {
  const achievement = GOAL_ACHIEVEMENT[e.to];
  return {
    type: 'Goal', id: e.goalId, patientId: e.patientId, date: e.changedAt, status: GOAL_LIFECYCLE[e.to],
    resource: {
      resourceType: 'Goal',
      id: e.goalId,
      meta: part2Meta(),
      lifecycleStatus: GOAL_LIFECYCLE[e.to],
      ...(achievement ? { achievementStatus: { coding: [{ system: SYSTEM.goalAchievement, code: achievement }] } } : {}),
      description: { text: 'Treatment plan goal (its wording stays in the clinical record)' },
      subject: patientRef(e.patientId),
      statusDate: e.changedAt.slice(0, 10),
    },
  };
}

// ---------------------------------------------------------------- CareTeam and Practitioner

/**
 * A staff member as a Practitioner: the identity-provider subject as its identifier, nothing more (no public event,
 * and no staff directory in the platform, holds a name or a qualification). Its id is derived from the tenant and the
 * subject, not the subject itself: a subject may hold characters a FHIR id may not (`auth0|dr-lee`), and one person
 * can be staff of two clinics, whose records must not share a row. About no patient: no Part 2 label.
 */
export const practitionerId = (tenantId: string, staffId: string) => deterministicId(`fhir-practitioner:${tenantId}:${staffId}`);
const practitionerRef = (tenantId: string, staffId: string) => ({ reference: `Practitioner/${practitionerId(tenantId, staffId)}` });

export function practitionerFor(tenantId: string, staffId: string): StoredResource {
  const id = practitionerId(tenantId, staffId);
  return {
    type: 'Practitioner', id, patientId: null, date: null, status: null,
    resource: { resourceType: 'Practitioner', id, meta: {}, identifier: [{ system: SYSTEM.staffSubject, value: staffId }], active: true },
  };
}

const CARE_TEAM_ROLE_DISPLAY: Record<CareTeamRole, string> = {
  'primary-counselor': 'Primary counselor',
  'behavioral-health-professional': 'Behavioral health professional',
  psychiatrist: 'Psychiatrist',
  nurse: 'Nurse',
  'case-manager': 'Case manager',
};

type Participant = { role: { coding: { system: string; code: string; display: string }[] }[]; member: { reference: string }; period: { start: string; end?: string } };
const staffOf = (p: Participant) => p.member.reference;
const isCurrent = (p: Participant) => p.period.end === undefined;

/**
 * The episode's care team (one CareTeam per episode, the episode's id): each member a Practitioner in their role, from
 * when they joined; a member who left, or whose role changed, keeps their former participation with its end, so the
 * team's history reads from the resource itself. `period.start` is the first assignment.
 */
export function careTeamChanged(current: FhirResource | undefined, tenantId: string, e: CareTeamChanged): StoredResource {
  const member = practitionerRef(tenantId, e.staffId);
  const participants = ((current?.participant as Participant[] | undefined) ?? []).map((p) => ({ ...p, period: { ...p.period } }));
  const same = participants.find((p) => isCurrent(p) && staffOf(p) === member.reference);
  const role = e.role;
  const unchanged = e.change === 'assigned' && same?.role[0].coding[0].code === role;
  if (same && !unchanged) same.period.end = e.changedAt;
  if (e.change === 'assigned' && role && !unchanged) {
    participants.push({ role: [{ coding: [{ system: SYSTEM.careTeamRole, code: role, display: CARE_TEAM_ROLE_DISPLAY[role] }] }], member, period: { start: e.changedAt } });
  }
  const start = ((current?.period as { start?: string } | undefined)?.start) ?? e.changedAt;
  const status = (current?.status as string | undefined) ?? 'active';
  return {
    type: 'CareTeam', id: e.episodeId, patientId: e.patientId, date: start, status,
    resource: {
      resourceType: 'CareTeam',
      id: e.episodeId,
      meta: part2Meta(),
      status,
      name: 'Episode care team',
      subject: patientRef(e.patientId),
      period: { ...(current?.period as object | undefined), start },
      participant: participants,
      managingOrganization: [organizationRef(tenantId)],
    },
  };
}

/**
 * The care team as the episode refers to it: `team`, and `careManager` the primary counselor on it now (the clinician
 * who coordinates the patient's care in the program); none when the team has no primary counselor.
 */
export function episodeWithCareTeam(current: FhirResource, careTeam: FhirResource, patientId: string): StoredResource {
  const counselor = ((careTeam.participant as Participant[] | undefined) ?? []).find((p) => isCurrent(p) && p.role[0].coding[0].code === 'primary-counselor');
  const { careManager: _, ...rest } = current;
  const resource: FhirResource = { ...rest, ...(counselor ? { careManager: { ...counselor.member } } : {}), team: [{ reference: `CareTeam/${careTeam.id}` }] };
  return episode({ episodeId: current.id, patientId }, resource, startOf(current));
}

/** The team of an episode that ended: inactive from then (its members' participations stay as they were). */
export function careTeamEnded(current: FhirResource, patientId: string, at: string): StoredResource {
  const start = (current.period as { start: string }).start;
  const resource: FhirResource = { ...current, status: 'inactive', period: { start, end: Date.parse(at) < Date.parse(start) ? start : at } };
  return { type: 'CareTeam', id: current.id, patientId, date: start, status: 'inactive', resource };
}

// ---------------------------------------------------------------- Organization and Location

/**
 * The clinic (the tenant) as an Organization. No public event names the clinic, and the platform keeps no clinic
 * name: the tenant id is its identifier and the only thing it holds (FHIR's org-1 asks for a name or an identifier).
 * Its id is derived from the tenant id, which need not be a valid FHIR id. About no patient: no Part 2 label.
 */
export const organizationId = (tenantId: string) => deterministicId(`fhir-organization:${tenantId}`);
const organizationRef = (tenantId: string) => ({ reference: `Organization/${organizationId(tenantId)}` });

export function organizationFor(tenantId: string): StoredResource {
  const id = organizationId(tenantId);
  return {
    type: 'Organization', id, patientId: null, date: null, status: 'active',
    resource: {
      resourceType: 'Organization',
      id,
      meta: {},
      identifier: [{ system: SYSTEM.tenant, value: tenantId }],
      active: true,
      type: [{ coding: [{ system: SYSTEM.organizationType, code: 'prov', display: 'Healthcare Provider' }] }],
    },
  };
}

/** A program site: its name only (no address is public), managed by the clinic; about no patient, so no Part 2 label. */
export function locationFromConfiguration(e: LocationConfigured, tenantId: string): StoredResource {
  return {
    type: 'Location', id: e.locationId, patientId: null, date: null, status: 'active',
    resource: {
      resourceType: 'Location',
      id: e.locationId,
      meta: {},
      status: 'active',
      name: e.name,
      mode: 'instance',
      description: `Program site (local time ${e.timezone})`,
      managingOrganization: organizationRef(tenantId),
    },
  };
}
