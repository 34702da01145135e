import { consentRevokedV1, patientAdmittedV1, patientDischargedV1, episodeCancelledV1, consentGrantedV1, measureRecordedV1 } from '@iop/domain-events';
import { consentFromGrant, consentRevoked, episodeCancelled, episodeDischarged, episodeFromAdmission, observationFromMeasure, PART2_SECURITY } from './fhir-resources';

const admitted = { ...patientAdmittedV1.example, startDate: '2026-03-09' };

describe('FHIR resources from public events', () => {
  it('ends an episode discharged on its first day on that day (an instant on the start day fails Period.per-1)', () => {
    const open = episodeFromAdmission(admitted).resource;
    const sameDay = episodeDischarged(open, { ...patientDischargedV1.example, startDate: '2026-03-09', dischargedAt: '2026-03-09T20:30:00-04:00' }).resource;
    expect(sameDay.period).toEqual({ start: '2026-03-09', end: '2026-03-09' });
    const later = episodeDischarged(open, { ...patientDischargedV1.example, startDate: '2026-03-09', dischargedAt: '2026-05-01T20:30:00-04:00' }).resource;
    expect(later).toMatchObject({ status: 'finished', period: { end: '2026-05-01T20:30:00-04:00' }, statusHistory: [{ status: 'active', period: { end: '2026-05-01T20:30:00-04:00' } }] });
  });

  it('closes a cancelled episode\'s history no earlier than its start', () => {
    const open = episodeFromAdmission(admitted).resource;
    const cancelled = episodeCancelled(open, { ...episodeCancelledV1.example, cancelledAt: '2026-03-07T10:00:00-05:00' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.resource.statusHistory).toEqual([{ status: 'active', period: { start: '2026-03-09', end: '2026-03-09' } }]);
  });

  it('makes a consent inactive on a full revocation only', () => {
    const granted = consentFromGrant(consentGrantedV1.example).resource;
    expect(consentRevoked(granted, { ...consentRevokedV1.example, scope: 'partial' }).status).toBe('active');
    expect(consentRevoked(granted, { ...consentRevokedV1.example, scope: 'full' }).resource.status).toBe('inactive');
  });

  it('labels every resource 42 CFR Part 2 and restricted, and gives BAM no Observation (no LOINC total)', () => {
    expect(observationFromMeasure(measureRecordedV1.example)!.resource.meta).toEqual({ security: PART2_SECURITY.map((c) => ({ ...c })) });
    expect(observationFromMeasure({ ...measureRecordedV1.example, instrument: 'BAM', scores: { use: 1 } })).toBeUndefined();
  });
});
