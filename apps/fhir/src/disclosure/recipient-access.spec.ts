import { REDISCLOSURE_NOTICE } from '@iop/domain-events';
import { coveringConsent, NO_REDISCLOSURE, recipientOf, REDISCLOSURE_NOTICE_URL, withNotice } from './recipient-access';

const patient = '0c0ffee0-0000-4000-8000-000000000001';
const consent = (information: string[], consentId = 'c1') => ({ consentId, patientId: patient, purpose: 'payment', information }) as never;

describe('recipients outside the program', () => {
  it('are integrators without a clinical role, named by their client id', () => {
    const integrator = { subject: 's', tenantId: 't', roles: ['integrator' as const] };
    expect(recipientOf(integrator, { client_id: 'payer:acme-health', azp: 'x' })).toEqual({ recipient: 'payer:acme-health' });
    expect(recipientOf(integrator, { azp: 'payer:acme-health' })).toEqual({ recipient: 'payer:acme-health' });
    expect(() => recipientOf(integrator, {})).toThrow(/client_id/);
    expect(recipientOf({ ...integrator, roles: ['integrator', 'clinician'] }, {})).toBeUndefined();
  });

  it('need a consent that covers the type\'s category; Observations and Consents are never disclosed', () => {
    const consents = [consent(['attendance'], 'older'), consent(['admission', 'attendance'], 'newer')];
    expect(coveringConsent(consents, patient, 'Appointment')?.consentId).toBe('older');
    expect(coveringConsent(consents, patient, 'Patient')?.consentId).toBe('newer');
    expect(coveringConsent(consents, '0c0ffee0-0000-4000-8000-000000000002', 'Appointment')).toBeUndefined();
    expect(coveringConsent([consent(['measures', 'admission'])], patient, 'Observation')).toBeUndefined();
    expect(coveringConsent([consent(['admission'])], patient, 'Consent')).toBeUndefined();
  });

  it('get the redisclosure notice with every resource, beside its labels', () => {
    const served = withNotice({ resourceType: 'Patient', id: patient, meta: { security: [{ code: '42CFRPart2' }], versionId: '2' } });
    expect(served.meta).toEqual({
      security: [{ code: '42CFRPart2' }, NO_REDISCLOSURE],
      versionId: '2',
      extension: [{ url: REDISCLOSURE_NOTICE_URL, valueString: REDISCLOSURE_NOTICE }],
    });
  });
});
