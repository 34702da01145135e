import { validateEvent } from '@iop/domain-events';
import type { StoredEvent } from '@iop/event-store';
import { admitted, ids, reviewed } from '../domain/episode/episode.fixtures';
import type { EpisodeEvent } from '../domain/episode/episode.events';
import { referred } from '../domain/referral/referral.fixtures';
import { admissionsPublicMapping } from './admissions.publishing';

const stored = (e: { type: string; data: object }): StoredEvent => ({
  id: '11111111-1111-4111-8111-111111111111', type: e.type, data: e.data, schemaVersion: 1, metadata: { tenantId: 't1', actor: { subject: 'x' }, correlationId: 'c' },
  streamId: 's', streamType: 'episode', streamVersion: 1, globalPosition: '1', transactionId: '1', recordedAt: new Date(),
});
const publish = (e: { type: string; data: object }) => admissionsPublicMapping(stored(e));

const internal: { type: string; data: object }[] = [
  referred,
  admitted,
  { type: 'LevelOfCareChanged', data: { episodeId: ids.episodeId, patientId: ids.patientId, fromLevel: '2.1', toLevel: '2.5', reason: 'worse D3', changedAt: '2025-04-01T14:00:00.000Z' } },
  reviewed('continue'),
  { type: 'CareTeamMemberAssigned', data: { episodeId: ids.episodeId, patientId: ids.patientId, staffId: 'auth0|dr-lee', role: 'psychiatrist', assignedAt: '2025-03-10T15:00:00.000Z' } },
  { type: 'CareTeamMemberUnassigned', data: { episodeId: ids.episodeId, patientId: ids.patientId, staffId: 'auth0|dr-lee', unassignedAt: '2025-03-20T15:00:00.000Z' } },
  { type: 'EpisodeCancelled', data: { episodeId: ids.episodeId, patientId: ids.patientId, reason: 'entered for the wrong Rivera', cancelledAt: '2025-03-08T14:00:00.000Z' } },
  { type: 'PatientDischarged', data: { episodeId: ids.episodeId, patientId: ids.patientId, locationId: ids.locationId, track: 'evening', reason: 'against-medical-advice', startDate: '2025-03-10', dischargedAt: '2025-04-02T14:00:00.000Z', joinAlumni: true, overrideReason: 'left the program' } },
  { type: 'AlumniEnrolled', data: { patientId: ids.patientId, episodeId: ids.episodeId, locationId: ids.locationId, track: 'evening', patient: { firstName: 'Alex', lastName: 'Rivera' }, enrolledAt: '2025-04-02T14:00:00.000Z' } },
  {
    type: 'DiagnosisRecorded',
    data: {
      diagnosisId: ids.reviewId, episodeId: ids.episodeId, patientId: ids.patientId, code: 'F11.20', system: 'ICD-10-CM', kind: 'primary', category: 'substance-use',
      substance: 'opioid', severity: 'severe', inRemission: false, recordedAt: '2025-03-10T19:00:00.000Z', recordedBy: 'dr-lee',
    },
  },
  { type: 'DiagnosisResolved', data: { diagnosisId: ids.reviewId, episodeId: ids.episodeId, patientId: ids.patientId, resolvedAt: '2025-04-10T19:00:00.000Z', resolvedBy: 'dr-lee' } },
  { type: 'DiagnosisRemoved', data: { diagnosisId: ids.reviewId, episodeId: ids.episodeId, patientId: ids.patientId, reason: 'entered-in-error', removedAt: '2025-04-10T19:00:00.000Z', removedBy: 'dr-lee' } },
  { type: 'ConsentGranted', data: { consentId: ids.reviewId, patientId: ids.patientId, recipient: 'payer:acme', purpose: 'payment', information: ['attendance'], grantedAt: '2025-03-07T19:30:00.000Z' } },
  { type: 'ConsentRevoked', data: { consentId: ids.reviewId, patientId: ids.patientId, scope: 'partial', revokedInformation: ['attendance'], revokedAt: '2025-03-08T19:30:00.000Z' } },
];

describe('publishing', () => {
  it.each(internal.map((e) => [e.type, e]))('%s maps to a valid public event', (_, e) => {
    const messages = publish(e);
    expect(messages).toHaveLength(1);
    expect(validateEvent(messages[0].contract.type, messages[0].data)).toEqual({ ok: true });
  });

  it('PatientAdmitted carries a roster name and an age band, never the name or date of birth', () => {
    const [message] = publish(admitted);
    expect(message.data).toMatchObject({ displayName: 'Alex R.', ageBand: '30-34', levelOverridden: false, recommendedLevel: '2.1' });
    expect(JSON.stringify(message.data)).not.toMatch(/Rivera|1990-05-04|firstName|admissionRatings/);
  });

  it('an override shows only as levelOverridden, without its reason', () => {
    const [message] = publish({ type: 'PatientAdmitted', data: { ...admitted.data, levelOfCare: '2.5', overrideReason: 'co-occurring PTSD' } });
    expect(message.data).toMatchObject({ levelOfCare: '2.5', levelOverridden: true });
    expect(JSON.stringify(message.data)).not.toContain('PTSD');
  });

  it('reasons, evidence and override text stay internal', () => {
    const text = JSON.stringify(internal.flatMap(publish).map((m) => m.data));
    expect(text).not.toMatch(/worse D3|left the program|wrong|evidence|Rivera/);
  });

  it('a diagnosis publishes its code, class and severity, never who recorded it', () => {
    const text = JSON.stringify(internal.filter((e) => e.type.startsWith('Diagnosis')).flatMap(publish).map((m) => m.data));
    expect(text).toContain('F11.20');
    expect(text).not.toMatch(/dr-lee|recordedBy|resolvedBy|removedBy/);
  });

  it('a review publishes the ids of the criteria that fired', () => {
    const review = reviewed('step-down') as Extract<EpisodeEvent, { type: 'ContinuedStayReviewed' }>;
    review.data.criteria = [
      { id: 'step-down.goals-achieved', fired: true, evidence: '3 of 3', recommends: 'step-down' },
      { id: 'continue.working-on-goals', fired: false, evidence: '-', recommends: 'continue' },
    ];
    expect(publish(review)[0].data).toMatchObject({ recommendation: 'step-down', criteriaFired: ['step-down.goals-achieved'] });
  });

  it('a cancellation publishes the episode, the patient and the time only', () => {
    const [message] = publish({ type: 'EpisodeCancelled', data: { episodeId: ids.episodeId, patientId: ids.patientId, reason: 'never started', cancelledAt: '2025-03-08T14:00:00.000Z' } });
    expect(message.contract.type).toBe('iop.admissions.EpisodeCancelled.v1');
    expect(message.data).toEqual({ episodeId: ids.episodeId, patientId: ids.patientId, cancelledAt: '2025-03-08T14:00:00.000Z' });
  });

  it('a cancellation recorded before the contract existed (no patient id) publishes nothing rather than an invalid event', () => {
    expect(publish({ type: 'EpisodeCancelled', data: { episodeId: ids.episodeId, reason: 'x', cancelledAt: '2025-03-08T14:00:00.000Z' } })).toEqual([]);
  });

  it('a care-team change publishes the staff subject and the role, or the departure without one', () => {
    const [assigned] = publish({ type: 'CareTeamMemberAssigned', data: { episodeId: ids.episodeId, patientId: ids.patientId, staffId: 'kim', role: 'primary-counselor', assignedAt: '2025-03-10T15:00:00.000Z' } });
    expect(assigned.contract.type).toBe('iop.admissions.CareTeamChanged.v1');
    expect(assigned.data).toEqual({ episodeId: ids.episodeId, patientId: ids.patientId, staffId: 'kim', change: 'assigned', role: 'primary-counselor', changedAt: '2025-03-10T15:00:00.000Z' });
    const [left] = publish({ type: 'CareTeamMemberUnassigned', data: { episodeId: ids.episodeId, patientId: ids.patientId, staffId: 'kim', unassignedAt: '2025-03-20T15:00:00.000Z' } });
    expect(left.data).toEqual({ episodeId: ids.episodeId, patientId: ids.patientId, staffId: 'kim', change: 'unassigned', changedAt: '2025-03-20T15:00:00.000Z' });
  });

  it('a care-team change recorded before the contract existed (no patient id) publishes nothing', () => {
    expect(publish({ type: 'CareTeamMemberAssigned', data: { episodeId: ids.episodeId, staffId: 'kim', role: 'nurse', assignedAt: '2025-03-10T15:00:00.000Z' } })).toEqual([]);
    expect(publish({ type: 'CareTeamMemberUnassigned', data: { episodeId: ids.episodeId, staffId: 'kim', unassignedAt: '2025-03-10T15:00:00.000Z' } })).toEqual([]);
  });

  it('internal-only events publish nothing', () => {
    expect(publish({ type: 'ReferralDeclined', data: {} })).toEqual([]);
    expect(publish({ type: 'PatientRegistered', data: {} })).toEqual([]);
  });
});
