import {
  careTeamChangedV1, consentGrantedV1, consentRevokedV1, diagnosisRecordedV1, diagnosisResolvedV1, episodeCancelledV1, goalStatusChangedV1, locationConfiguredV1, measureRecordedV1,
  patientAdmittedV1, patientDischargedV1, treatmentPlanSignedV1,
} from '@iop/domain-events';
import {
  careTeamChanged, careTeamEnded, carePlanFromSignature, carePlanWithGoal, conditionFromDiagnosis, conditionResolved, consentFromGrant, consentRevoked, episodeCancelled, episodeDischarged,
  episodeFromAdmission, episodeWithCareTeam, goalFromStatus, locationFromConfiguration, observationFromMeasure, organizationFor, organizationId, PART2_SECURITY,
  practitionerFor, practitionerId,
} from './fhir-resources';

const admitted = { ...patientAdmittedV1.example, startDate: '2026-03-09' };

describe('FHIR resources from public events', () => {
  it('ends an episode discharged on its first day on that day (an instant on the start day fails Period.per-1)', () => {
    const open = episodeFromAdmission(admitted, 't1').resource;
    const sameDay = episodeDischarged(open, { ...patientDischargedV1.example, startDate: '2026-03-09', dischargedAt: '2026-03-09T20:30:00-04:00' }).resource;
    expect(sameDay.period).toEqual({ start: '2026-03-09', end: '2026-03-09' });
    const later = episodeDischarged(open, { ...patientDischargedV1.example, startDate: '2026-03-09', dischargedAt: '2026-05-01T20:30:00-04:00' }).resource;
    expect(later).toMatchObject({ status: 'finished', period: { end: '2026-05-01T20:30:00-04:00' }, statusHistory: [{ status: 'active', period: { end: '2026-05-01T20:30:00-04:00' } }] });
  });

  it('closes a cancelled episode\'s history no earlier than its start', () => {
    const open = episodeFromAdmission(admitted, 't1').resource;
    const cancelled = episodeCancelled(open, { ...episodeCancelledV1.example, cancelledAt: '2026-03-07T10:00:00-05:00' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.resource.statusHistory).toEqual([{ status: 'active', period: { start: '2026-03-09', end: '2026-03-09' } }]);
  });

  it('makes a consent inactive on a full revocation only', () => {
    const granted = consentFromGrant(consentGrantedV1.example).resource;
    expect(consentRevoked(granted, { ...consentRevokedV1.example, scope: 'partial' }).status).toBe('active');
    expect(consentRevoked(granted, { ...consentRevokedV1.example, scope: 'full' }).resource.status).toBe('inactive');
  });

  it('labels every resource 42 CFR Part 2 and restricted', () => {
    expect(observationFromMeasure(measureRecordedV1.example)!.resource.meta).toEqual({ security: PART2_SECURITY.map((c) => ({ ...c })) });
  });

  it('gives a BAM one Observation with its three subscales as components and no value of its own (the BAM has no total)', () => {
    const bam = { ...measureRecordedV1.example, instrument: 'BAM' as const, scores: { use: 2, risk: 9, protective: 14 }, band: undefined, scoringVersion: 'bam-subscales-2' };
    const { resource } = observationFromMeasure(bam)!;
    expect(resource).toMatchObject({
      resourceType: 'Observation', id: bam.measureId, status: 'final', meta: { security: PART2_SECURITY.map((c) => ({ ...c })) },
      code: { coding: [{ system: 'https://iop.example/fhir/CodeSystem/measure', code: 'bam-17' }] }, method: { text: 'scoring bam-subscales-2' },
    });
    expect((resource.component as { code: { coding: { code: string }[] }; valueInteger: number }[]).map((c) => [c.code.coding[0].code, c.valueInteger]))
      .toEqual([['use', 2], ['risk', 9], ['protective', 14]]);
    expect(resource).not.toHaveProperty('valueInteger');
    // Scores without any subscale (an older or foreign scoring) give nothing rather than an empty Observation.
    expect(observationFromMeasure({ ...bam, scores: { total: 3 } })).toBeUndefined();
  });

  it('codes a diagnosis as an ICD-10-CM Condition with its severity, and resolves it', () => {
    const recorded = conditionFromDiagnosis(diagnosisRecordedV1.example);
    expect(recorded).toMatchObject({ type: 'Condition', status: 'active', date: diagnosisRecordedV1.example.recordedAt });
    expect(recorded.resource).toMatchObject({
      clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'confirmed' }] },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F10.20', display: 'Alcohol dependence, uncomplicated' }] },
      severity: { coding: [{ code: '24484000' }] },
    });
    expect(conditionFromDiagnosis({ ...diagnosisRecordedV1.example, code: 'F10.21', inRemission: true, severity: 'moderate-or-severe' }).resource)
      .toMatchObject({ clinicalStatus: { coding: [{ code: 'remission' }] }, severity: { text: 'moderate or severe' } });
    const resolved = conditionResolved(recorded.resource, diagnosisResolvedV1.example);
    expect(resolved).toMatchObject({ status: 'resolved', resource: { clinicalStatus: { coding: [{ code: 'resolved' }] }, abatementDateTime: diagnosisResolvedV1.example.resolvedAt } });
  });

  it('keeps a treatment plan\'s first signature and links goals once, with their statuses', () => {
    const v1 = carePlanFromSignature(undefined, treatmentPlanSignedV1.example).resource;
    const linked = carePlanWithGoal(v1, goalStatusChangedV1.example.goalId)!;
    expect(carePlanWithGoal(linked, goalStatusChangedV1.example.goalId)).toBeUndefined();
    const v2 = carePlanFromSignature(linked, { ...treatmentPlanSignedV1.example, version: 2, goalCount: 1, signedAt: '2025-04-01T19:00:00-04:00' }).resource;
    expect(v2).toMatchObject({ created: treatmentPlanSignedV1.example.signedAt, description: expect.stringMatching(/^Version 2, with 1 goal;/), goal: [{ reference: `Goal/${goalStatusChangedV1.example.goalId}` }] });
    expect(goalFromStatus(goalStatusChangedV1.example).resource).toMatchObject({ lifecycleStatus: 'completed', achievementStatus: { coding: [{ code: 'achieved' }] }, statusDate: '2025-04-21' });
    expect(goalFromStatus({ ...goalStatusChangedV1.example, to: 'not-started' }).resource.achievementStatus).toBeUndefined();
  });

  it('makes a site a Location about no patient, without the Part 2 label, managed by the clinic', () => {
    const site = locationFromConfiguration(locationConfiguredV1.example, 't1');
    expect(site).toMatchObject({ patientId: null, resource: { resourceType: 'Location', name: 'Riverside', status: 'active', meta: {} } });
    expect(site.resource.managingOrganization).toEqual({ reference: `Organization/${organizationId('t1')}` });
  });

  it('makes the clinic an Organization identified by its tenant id, with an id of its own per tenant', () => {
    const clinic = organizationFor('clinic|a');
    expect(clinic).toMatchObject({ type: 'Organization', patientId: null, resource: { meta: {}, identifier: [{ value: 'clinic|a' }], active: true } });
    expect(clinic.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(organizationFor('clinic-b').id).not.toBe(clinic.id);
  });

  it('names a Practitioner by the staff subject alone, its id distinct per tenant and a valid FHIR id', () => {
    const lee = practitionerFor('t1', 'auth0|dr-lee');
    expect(lee).toMatchObject({ type: 'Practitioner', patientId: null, resource: { meta: {}, identifier: [{ system: 'https://iop.example/fhir/NamingSystem/staff-subject', value: 'auth0|dr-lee' }] } });
    expect(lee.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(practitionerId('t2', 'auth0|dr-lee')).not.toBe(lee.id);
    expect(JSON.stringify(lee.resource)).not.toMatch(/"name"/);
  });

  it('keeps an episode\'s care team: members in their roles, a role change or a departure closing the former participation', () => {
    const base = { ...careTeamChangedV1.example, staffId: 'kim' };
    const kim = `Practitioner/${practitionerId('t1', 'kim')}`;
    const lee = `Practitioner/${practitionerId('t1', 'auth0|dr-lee')}`;
    const t1 = careTeamChanged(undefined, 't1', { ...base, role: 'primary-counselor', changedAt: '2026-03-09T10:00:00-04:00' });
    expect(t1).toMatchObject({ type: 'CareTeam', id: base.episodeId, patientId: base.patientId, status: 'active', date: '2026-03-09T10:00:00-04:00' });
    expect(t1.resource.meta).toEqual({ security: PART2_SECURITY.map((c) => ({ ...c })) });
    const t2 = careTeamChanged(t1.resource, 't1', { ...careTeamChangedV1.example, changedAt: '2026-03-10T10:00:00-04:00' });
    expect(careTeamChanged(t2.resource, 't1', { ...careTeamChangedV1.example, changedAt: '2026-03-11T10:00:00-04:00' }).resource).toEqual(t2.resource);
    const t3 = careTeamChanged(t2.resource, 't1', { ...base, role: 'case-manager', changedAt: '2026-03-12T10:00:00-04:00' });
    const t4 = careTeamChanged(t3.resource, 't1', { ...careTeamChangedV1.example, change: 'unassigned', role: undefined, changedAt: '2026-03-13T10:00:00-04:00' });
    expect(t4.resource.participant).toEqual([
      { role: [{ coding: [expect.objectContaining({ code: 'primary-counselor' })] }], member: { reference: kim }, period: { start: '2026-03-09T10:00:00-04:00', end: '2026-03-12T10:00:00-04:00' } },
      { role: [{ coding: [expect.objectContaining({ code: 'psychiatrist' })] }], member: { reference: lee }, period: { start: '2026-03-10T10:00:00-04:00', end: '2026-03-13T10:00:00-04:00' } },
      { role: [{ coding: [expect.objectContaining({ code: 'case-manager' })] }], member: { reference: kim }, period: { start: '2026-03-12T10:00:00-04:00' } },
    ]);
    expect(t4.resource.period).toEqual({ start: '2026-03-09T10:00:00-04:00' });

    const episode = episodeFromAdmission(admitted, 't1').resource;
    expect(episode.managingOrganization).toEqual({ reference: `Organization/${organizationId('t1')}` });
    expect(episodeWithCareTeam(episode, t1.resource, base.patientId).resource).toMatchObject({ careManager: { reference: kim }, team: [{ reference: `CareTeam/${base.episodeId}` }] });
    // No primary counselor on the team now (kim is the case manager): no care manager.
    expect(episodeWithCareTeam(episode, t4.resource, base.patientId).resource.careManager).toBeUndefined();

    const ended = careTeamEnded(t4.resource, base.patientId, '2026-05-01T20:00:00-04:00');
    expect(ended).toMatchObject({ status: 'inactive', resource: { status: 'inactive', period: { start: '2026-03-09T10:00:00-04:00', end: '2026-05-01T20:00:00-04:00' } } });
  });
});
