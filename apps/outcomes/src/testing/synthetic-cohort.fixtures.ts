import { randomUUID } from 'node:crypto';
import { type AttendanceStatus, type DischargeReason, patientAdmittedV1, type PublicEvent } from '@iop/domain-events';
import { admitted, attended, discharged, testEpisode, type TestEpisode, week } from './outcomes.fixtures';

/**
 * A small clinic whose every program metric the metrics spec works out by hand. Dates are 2025 (all follow-ups
 * in the past); the metrics range is 2025-01-01..2025-06-30 at location L1. Names and dates of birth are real-looking
 * so the analytics scan can prove they never leave.
 */
export const TENANT = 'outcomes-cohort';
export const OTHER_TENANT = 'outcomes-cohort-other';
export const L1 = patientAdmittedV1.example.locationId;
export const L2 = '0c2d4e6f-8a0b-4c2d-9e4f-6a8b0c2d4e6f';

export type CohortPatient = {
  episode: TestEpisode;
  discharge: [on: string, reason: DischargeReason];
  sessions: [day: string, status: AttendanceStatus, session?: string][];
  weeks: [weekStart: string, compliant: boolean][];
  measures: [instrument: 'PHQ-9' | 'GAD-7', day: string, total: number][];
  /** In the order they are recorded; an optional PHQ-9 taken at the contact. */
  followUps: [sequence: number, completedOn: string, abstinent: boolean, phq9Total?: number][];
  /** Alumni sessions after the discharge (recorded once it has arrived). */
  alumni?: [day: string, status: AttendanceStatus][];
};

const patient = (tenant: string, e: Partial<TestEpisode> & Pick<TestEpisode, 'startDate' | 'displayName' | 'dateOfBirth'>, rest: Omit<CohortPatient, 'episode'>): CohortPatient => ({
  episode: testEpisode(tenant, { locationId: L1, ...e }), ...rest,
});

const sameSession = randomUUID();

export const COHORT: CohortPatient[] = [
  patient(TENANT, { displayName: 'Alex Rivera', dateOfBirth: '1987-04-12', referredOn: '2025-01-02', admittedOn: '2025-01-03', startDate: '2025-01-06' }, {
    discharge: ['2025-03-02', 'completed'],
    sessions: [['2025-01-06', 'present'], ['2025-01-07', 'late'], ['2025-01-08', 'present']],
    weeks: [['2025-01-06', true], ['2025-01-13', true], ['2025-01-20', false]],
    measures: [['PHQ-9', '2025-01-07', 18], ['GAD-7', '2025-01-07', 14], ['PHQ-9', '2025-01-21', 12], ['PHQ-9', '2025-03-01', 6], ['GAD-7', '2025-03-01', 5]],
    followUps: [[1, '2025-04-02', true], [2, '2025-06-01', false]],
    alumni: [['2025-03-06', 'present'], ['2025-03-13', 'late'], ['2025-03-20', 'present']],
  }),
  patient(TENANT, { displayName: 'Blake Chen', dateOfBirth: '1979-11-30', referredOn: '2025-01-10', admittedOn: '2025-01-15', startDate: '2025-01-20' }, {
    discharge: ['2025-02-06', 'against-medical-advice'],
    sessions: [['2025-01-20', 'present'], ['2025-01-21', 'absent-unexcused'], ['2025-01-22', 'left-early'], ['2025-02-05', 'present']],
    weeks: [['2025-01-20', false], ['2025-01-27', true]],
    measures: [['PHQ-9', '2025-01-21', 15]],
    followUps: [[2, '2025-05-10', false]],
  }),
  patient(TENANT, { displayName: 'Casey Morgan', dateOfBirth: '1995-07-04', referredOn: '2025-02-01', admittedOn: '2025-02-03', startDate: '2025-02-03' }, {
    discharge: ['2025-03-20', 'transfer'],
    sessions: [['2025-02-03', 'present'], ['2025-02-03', 'present'], ['2025-03-10', 'present']],
    weeks: [['2025-02-03', true]],
    measures: [['PHQ-9', '2025-02-04', 10], ['GAD-7', '2025-02-04', 8], ['PHQ-9', '2025-03-19', 12], ['GAD-7', '2025-03-19', 8]],
    followUps: [[2, '2025-06-20', false], [1, '2025-04-25', true]],
  }),
  patient(TENANT, { displayName: 'Drew Patel', dateOfBirth: '2001-01-15', referredOn: '2025-02-10', admittedOn: '2025-02-17', startDate: '2025-02-17' }, {
    discharge: ['2025-03-10', 'non-attendance'],
    sessions: [],
    weeks: [['2025-02-17', false], ['2025-02-24', false]],
    measures: [['PHQ-9', '2025-02-18', 20], ['PHQ-9', '2025-03-05', 16], ['PHQ-9', '2025-03-12', 24]],
    followUps: [],
  }),
  patient(TENANT, { displayName: 'Emery Okafor', dateOfBirth: '1968-09-09', referredOn: '2025-03-01', admittedOn: '2025-03-04', startDate: '2025-03-10' }, {
    discharge: ['2025-07-15', 'completed'],
    sessions: [['2025-03-10', 'late'], ['2025-04-01', 'present'], ['2025-04-13', 'present']],
    weeks: [['2025-03-10', true], ['2025-03-17', true]],
    measures: [['PHQ-9', '2025-03-11', 22], ['PHQ-9', '2025-07-14', 3]],
    followUps: [[1, '2025-08-20', false]],
  }),
  patient(TENANT, { displayName: 'Finley Novak', dateOfBirth: '1990-02-28', referredOn: '2025-05-20', admittedOn: '2025-05-21', startDate: '2025-05-26' }, {
    discharge: ['2025-06-20', 'completed'],
    sessions: [['2025-05-26', 'present'], ['2025-05-27', 'present'], ['2025-05-28', 'present', sameSession], ['2025-05-28', 'absent-excused', sameSession]],
    weeks: [],
    measures: [['PHQ-9', '2025-05-27', 9], ['GAD-7', '2025-05-27', 12], ['PHQ-9', '2025-06-19', 4], ['GAD-7', '2025-06-19', 7]],
    followUps: [[1, '2025-07-22', true, 1]],
  }),
  patient(TENANT, { displayName: 'Gray Ibsen', dateOfBirth: '1983-12-01', referredOn: '2024-10-28', admittedOn: '2024-11-01', startDate: '2024-11-04' }, {
    discharge: ['2025-01-10', 'step-down'], sessions: [], weeks: [['2024-11-04', true]], measures: [], followUps: [[1, '2025-02-12', false]],
    alumni: [['2025-03-04', 'present'], ['2025-03-11', 'absent-unexcused'], ['2025-03-18', 'present']],
  }),
  patient(TENANT, { displayName: 'Harper Lind', dateOfBirth: '1999-05-05', referredOn: '2025-02-05', admittedOn: '2025-02-07', startDate: '2025-02-10', locationId: L2 }, {
    discharge: ['2025-03-15', 'completed'], sessions: [], weeks: [], measures: [], followUps: [[1, '2025-04-16', true]],
    alumni: [['2025-03-20', 'present']],
  }),
  patient(OTHER_TENANT, { displayName: 'Indigo Vale', dateOfBirth: '1985-08-08', referredOn: '2025-02-05', admittedOn: '2025-02-07', startDate: '2025-02-10' }, {
    discharge: ['2025-03-15', 'completed'], sessions: [], weeks: [], measures: [], followUps: [],
  }),
];

export const admissions = (): PublicEvent[] => COHORT.map((p) => admitted(p.episode));
export const attendance = (): PublicEvent[] =>
  COHORT.flatMap((p) => [
    ...p.sessions.map(([day, status, session]) => attended(p.episode, day, status, session)),
    ...p.weeks.map(([weekStart, compliant]) => week(p.episode, weekStart, compliant)),
  ]);
export const discharges = (): PublicEvent[] => COHORT.map((p) => discharged(p.episode, ...p.discharge));
export const alumniAttendance = (): PublicEvent[] => COHORT.flatMap((p) => (p.alumni ?? []).map(([day, status]) => attended(p.episode, day, status)));
