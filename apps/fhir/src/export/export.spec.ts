import { createHmac } from 'node:crypto';
import { ProblemError } from '@iop/platform';
import { deidentify, fhirPseudonymizer } from './deidentify';
import { allowedTypes, audienceOf, parseKickoff } from './export-policy';

const patient = '0C0FFEE0-0000-4000-8000-000000000001'.toLowerCase();
const episode = '0c0ffee0-0000-4000-8000-000000000002';

describe('the analysts\' export', () => {
  it('pseudonymises as the analytics stream does: HMAC of the id under the tenant key derived from the secret', () => {
    const secret = 'a-test-secret-of-sixteen';
    const tenantKey = createHmac('sha256', secret).update('iop-analytics-tenant:clinic').digest();
    const expected = createHmac('sha256', tenantKey).update(patient, 'utf8').digest('hex');
    expect(fhirPseudonymizer({ IOP_ENV: 'production' })).toBeUndefined();
    expect(() => fhirPseudonymizer({ ANALYTICS_PSEUDONYM_KEYS: 'short' })).toThrow(/ANALYTICS_PSEUDONYM_KEYS/);
    expect(fhirPseudonymizer({ ANALYTICS_PSEUDONYM_KEYS: `v1:old-secret-of-sixteen!,v2:${secret}` })!.of('clinic', patient)).toBe(expected);
  });

  it('leaves out names and the store\'s stamps, replaces ids and references, cuts dates to months', () => {
    const key = (id: string) => `k-${id.slice(-1)}`;
    expect(deidentify({
      resourceType: 'EpisodeOfCare', id: episode, meta: { versionId: '3', lastUpdated: '2026-12-06T06:00:00Z', security: [{ code: 'R' }] },
      patient: { reference: `Patient/${patient}` }, period: { start: '2026-03-09', end: '2026-05-01T20:30:00-04:00' }, type: [{ coding: [{ code: '2.1' }] }],
    }, key)).toEqual({
      resourceType: 'EpisodeOfCare', id: 'k-2', meta: { security: [{ code: 'R' }] }, patient: { reference: 'Patient/k-1' },
      period: { start: '2026-03', end: '2026-05' }, type: [{ coding: [{ code: '2.1' }] }],
    });
    expect(deidentify({ resourceType: 'Patient', id: patient, name: [{ text: 'Test P.' }], active: true }, key)).toEqual({ resourceType: 'Patient', id: 'k-1', active: true, meta: {} });
  });
});

describe('export kick-off', () => {
  const staff = { subject: 's', tenantId: 't', roles: ['clinician' as const] };

  it('decides the audience from the roles: clinical first, then integrator, then analyst', () => {
    expect(audienceOf(staff, {})).toEqual({ kind: 'staff' });
    expect(audienceOf(staff, { scope: 'patient/*.read', patient })).toEqual({ kind: 'staff', patientId: patient });
    expect(audienceOf({ ...staff, roles: ['integrator'] }, { client_id: 'payer:x' })).toEqual({ kind: 'recipient', recipient: 'payer:x' });
    expect(audienceOf({ ...staff, roles: ['analyst'] }, {})).toEqual({ kind: 'analyst' });
    expect(() => audienceOf({ ...staff, roles: ['front-desk'] }, {})).toThrow(ProblemError);
  });

  it('takes _type, _since and NDJSON only, and refuses types the audience may not have', () => {
    const analyst = allowedTypes({ kind: 'analyst' }, {});
    expect(analyst).toEqual(['Patient', 'EpisodeOfCare', 'Encounter', 'Observation', 'Condition', 'CarePlan', 'Goal']);
    expect(parseKickoff({ _type: 'Observation,Patient', _outputFormat: 'application/fhir+ndjson' }, analyst)).toEqual({ types: ['Patient', 'Observation'] });
    expect(parseKickoff({ _since: '2026-03-01T00:00:00Z' }, ['Patient'])).toEqual({ types: ['Patient'], since: '2026-03-01T00:00:00Z' });
    expect(() => parseKickoff({ _type: 'Consent' }, analyst)).toThrow(/may not export Consent/);
    expect(() => parseKickoff({ _type: 'Medication' }, analyst)).toThrow(/does not have/);
    expect(() => parseKickoff({ _since: '2026-03-01' }, analyst)).toThrow(/_since/);
    expect(() => parseKickoff({ _typeFilter: 'x' }, analyst)).toThrow(/_typeFilter/);
    expect(allowedTypes({ kind: 'staff' }, { scope: 'system/Observation.read' })).toEqual(['Observation']);
  });
});
