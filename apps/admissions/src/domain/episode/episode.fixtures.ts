/** Events and commands for the episode decider specs (test-only). */
import type { CommandMetadata } from '@iop/decider';
import { NO_EVIDENCE, type GatheredEvidence } from './continued-stay.evidence';
import type { AdmitPatient } from './episode.decide';
import type { ContinuedStayReviewed, EpisodeEvent, PatientAdmitted } from './episode.events';

export const at = (now: string): CommandMetadata => ({
  now, tenantId: 't1', actor: { subject: 'clinician-1', roles: ['clinician'] }, correlationId: 'c1',
});
export const metadata = at('2025-03-07T19:02:11.000Z');
export const ids = {
  episodeId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  patientId: '3f1c2a4e-8a1b-4c55-9d0e-0a9b8c7d6e5f',
  referralId: '0b7d3c1e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
  assessmentId: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
  locationId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  reviewId: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918',
};

const facts: AdmitPatient['data'] = {
  episodeId: ids.episodeId, patientId: ids.patientId, referralId: ids.referralId,
  patient: { firstName: 'Alex', lastName: 'Rivera', dateOfBirth: '1990-05-04' },
  locationId: ids.locationId, track: 'evening', levelOfCare: '2.1', startDate: '2025-03-10',
  referralSource: 'residential', referredAt: '2025-03-03T09:15:00-05:00', recommendedLevel: '2.1',
  assessmentId: ids.assessmentId, criteriaEdition: 3, admissionRatings: { d1: 0, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 },
  previousEpisodeIds: [], plannedWeeks: 8,
};
export const admit = (over: Partial<AdmitPatient['data']> = {}): AdmitPatient => ({ type: 'AdmitPatient', data: { ...facts, ...over }, metadata });

const { plannedWeeks: _, ...admittedFacts } = facts;
export const admitted: PatientAdmitted = {
  type: 'PatientAdmitted',
  data: { ...admittedFacts, plannedEndDate: '2025-05-05', admittedAt: metadata.now },
};

export const reviewed = (recommendation: ContinuedStayReviewed['data']['recommendation'], reviewId = ids.reviewId): EpisodeEvent => ({
  type: 'ContinuedStayReviewed',
  data: {
    reviewId, episodeId: ids.episodeId, patientId: ids.patientId, trigger: 'request', recommendation, criteria: [], alerts: [],
    evidence: { edition: 3, goals: NO_EVIDENCE.goals, weeks: [], safetyAlertsOpen: 0, weeksInTreatment: 1, breaches: [] },
    reviewedAt: '2025-04-28T14:00:00.000Z',
  },
});

/** Week-7 evidence: every goal achieved, attendance compliant, ratings now placing the patient at Level 1. */
export const goalsMet: GatheredEvidence = {
  ...NO_EVIDENCE,
  reassessments: [{ criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 1, d6: 1 }, recordedAt: '2025-04-21T18:00:00Z' }],
  goals: { total: 3, achieved: 3, inProgress: 0, notStarted: 0, discontinued: 0 },
  weeks: [{ weekStart: '2025-04-14', hoursAttended: 12, daysAttended: 4, compliant: true }],
};
