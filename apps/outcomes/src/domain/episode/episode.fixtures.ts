import type { CommandMetadata } from '@iop/decider';
import { patientAdmittedV1, patientDischargedV1, type PatientAdmitted, type PatientDischarged } from '@iop/domain-events';
import type { EpisodeEvent } from './episode.events';

/** Shared by the decider specs: one episode admitted on 2025-03-07, starting 2025-03-10. */
export const EPISODE_ID = patientAdmittedV1.example.episodeId;
export const PATIENT_ID = patientAdmittedV1.example.patientId;

export const meta = (now = '2025-03-12T10:00:00Z', ids: string[] = []): CommandMetadata => ({
  now, tenantId: 'tenant-spec', actor: { subject: 'clinician-1', roles: ['clinician'] }, correlationId: 'c-1', ids,
});

export const admitted: PatientAdmitted = { ...patientAdmittedV1.example };
export const discharged: PatientDischarged = { ...patientDischargedV1.example, dischargedAt: '2025-05-02T20:30:00-04:00' };

export const opened: EpisodeEvent = {
  type: 'EpisodeOpened',
  data: {
    episodeId: EPISODE_ID, patientId: PATIENT_ID, locationId: admitted.locationId, track: 'evening', ageBand: '30-34',
    levelOfCare: '2.1', recommendedLevel: '2.1', levelOverridden: false, referralSource: 'residential',
    referredAt: admitted.referredAt, admittedAt: admitted.admittedAt, startDate: '2025-03-10',
  },
};

export const closed: EpisodeEvent = {
  type: 'EpisodeClosed',
  data: {
    episodeId: EPISODE_ID, patientId: PATIENT_ID, locationId: discharged.locationId, track: 'evening', reason: 'completed',
    startDate: '2025-03-10', dischargedAt: discharged.dischargedAt, joinAlumni: true,
  },
};

export const followUpIds = ['f0000000-0000-4000-8000-000000000001', 'f0000000-0000-4000-8000-000000000002', 'f0000000-0000-4000-8000-000000000003'];

/** Follow-ups of a 2025-05-02 discharge under the default settings (30/90/180 days, 14 either side). */
export const scheduled: EpisodeEvent[] = [
  [30, '2025-06-01', '2025-05-18', '2025-06-15'],
  [90, '2025-07-31', '2025-07-17', '2025-08-14'],
  [180, '2025-10-29', '2025-10-15', '2025-11-12'],
].map(([offsetDays, dueDate, windowStart, windowEnd], i) => ({
  type: 'FollowUpScheduled',
  data: {
    followUpId: followUpIds[i], episodeId: EPISODE_ID, patientId: PATIENT_ID, sequence: i + 1, offsetDays: offsetDays as number,
    dueDate: dueDate as string, windowStart: windowStart as string, windowEnd: windowEnd as string,
  },
}));
