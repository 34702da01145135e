import { randomUUID } from 'node:crypto';
import {
  attendanceRecordedV1, type AttendanceRecorded, type AttendanceStatus, careTeamChangedV1, type CareTeamRole, type Contract, type DischargeReason, patientAdmittedV1,
  type PatientAdmitted, patientDischargedV1, type PatientDischarged, type PublicEvent, toPublicEvent, weeklyAttendanceSummarizedV1,
  type WeeklyAttendanceSummarized,
} from '@iop/domain-events';

/** Real CloudEvents of admissions and scheduling, as those services publish them, for outcomes' consumers. */
export const cloudEvent = <T>(contract: Contract<T>, tenantId: string, data: T & { episodeId: string }): PublicEvent<T> =>
  toPublicEvent(contract, { id: randomUUID(), subject: `episode-${data.episodeId}`, time: new Date().toISOString(), tenantId, correlationId: randomUUID() }, data);

export type TestEpisode = {
  tenantId: string; episodeId: string; patientId: string; referralId: string; locationId: string; displayName: string;
  dateOfBirth: string; referredOn: string; admittedOn: string; startDate: string;
};

export function testEpisode(tenantId: string, o: Partial<TestEpisode> & Pick<TestEpisode, 'startDate'>): TestEpisode {
  return {
    tenantId, episodeId: randomUUID(), patientId: randomUUID(), referralId: randomUUID(), locationId: patientAdmittedV1.example.locationId,
    displayName: 'Test P.', dateOfBirth: '1990-01-01', referredOn: o.startDate, admittedOn: o.startDate, ...o,
  };
}

/**
 * PatientAdmitted with the patient's name, and a `dateOfBirth` a careless producer might add later (the schema
 * accepts additional properties): outcomes must copy neither anywhere.
 */
export function admitted(e: TestEpisode): PublicEvent {
  const data: PatientAdmitted & { dateOfBirth: string } = {
    ...patientAdmittedV1.example, episodeId: e.episodeId, patientId: e.patientId, referralId: e.referralId, displayName: e.displayName,
    locationId: e.locationId, startDate: e.startDate, referredAt: `${e.referredOn}T10:15:00-05:00`, admittedAt: `${e.admittedOn}T14:02:11-05:00`,
    dateOfBirth: e.dateOfBirth,
  };
  return cloudEvent(patientAdmittedV1, e.tenantId, data);
}

export function discharged(e: TestEpisode, dischargedOn: string, reason: DischargeReason): PublicEvent {
  const data: PatientDischarged = {
    ...patientDischargedV1.example, episodeId: e.episodeId, patientId: e.patientId, locationId: e.locationId, reason, startDate: e.startDate,
    dischargedAt: `${dischargedOn}T16:30:00-05:00`,
  };
  return cloudEvent(patientDischargedV1, e.tenantId, data);
}

/** Admissions' CareTeamChanged: `role` assigns (or changes the role), none unassigns. */
export function careTeamChanged(e: TestEpisode, staffId: string, role?: CareTeamRole): PublicEvent {
  return cloudEvent(careTeamChangedV1, e.tenantId, {
    episodeId: e.episodeId, patientId: e.patientId, staffId, ...(role ? { change: 'assigned' as const, role } : { change: 'unassigned' as const }),
    changedAt: new Date().toISOString(),
  });
}

export function attended(e: TestEpisode, day: string, status: AttendanceStatus, sessionId: string = randomUUID()): PublicEvent {
  const data: AttendanceRecorded = {
    ...attendanceRecordedV1.example, sessionId, episodeId: e.episodeId, patientId: e.patientId, locationId: e.locationId, status,
    minutesAttended: status.startsWith('absent') ? 0 : 180, sessionStartsAt: `${day}T18:00:00-05:00`, recordedAt: `${day}T21:05:00-05:00`,
  };
  return cloudEvent(attendanceRecordedV1, e.tenantId, data);
}

export function week(e: TestEpisode, weekStart: string, compliant: boolean): PublicEvent {
  const data: WeeklyAttendanceSummarized = {
    ...weeklyAttendanceSummarizedV1.example, episodeId: e.episodeId, patientId: e.patientId, locationId: e.locationId, weekStart,
    hoursAttended: compliant ? 12 : 6, daysAttended: compliant ? 4 : 2, daysWithMinimumHours: compliant ? 4 : 2, compliant,
  };
  return cloudEvent(weeklyAttendanceSummarizedV1, e.tenantId, data);
}

/** PHQ-9 answers adding up to `total` (item 9 stays 0 up to 24), GAD-7 likewise. */
export const phq9 = (total: number): number[] => Array.from({ length: 9 }, (_, i) => Math.max(0, Math.min(3, total - i * 3)));
export const gad7 = (total: number): number[] => Array.from({ length: 7 }, (_, i) => Math.max(0, Math.min(3, total - i * 3)));
/** A BAM as the form is filled in: every item but 7 at `value`, item 7 through its sub-items (7A at `value`, the rest 0). */
export const bam = (value = 1): Record<string, number> => ({
  ...Object.fromEntries(Array.from({ length: 17 }, (_, i) => [String(i + 1), value]).filter(([k]) => k !== '7')),
  '7A': value, '7B': 0, '7C': 0, '7D': 0, '7E': 0, '7F': 0, '7G': 0,
});
