import { contractFor, CONTRACTS, locationConfiguredV1, patientAdmittedV1, REDISCLOSURE_NOTICE } from '@iop/domain-events';
import { DELIVERABLE_TYPES } from '../domain/subscription/deliverable-types';
import { allowedFields, thinData, webhookBody } from './thin-payload';

const PHI_OR_CLINICAL = /^(displayName|ageBand|name|scores|ratings|band|riskLevel|results|abstinent|criteriaFired|information|rationale|reason.*Text)$/;

describe('thin payloads', () => {
  it.each(DELIVERABLE_TYPES.map((t) => [t]))('%s carries ids, types, statuses and times only', (type) => {
    const contract = contractFor(type)!;
    const thin = thinData(type, contract.example as Record<string, unknown>);
    expect(Object.keys(thin).filter((k) => PHI_OR_CLINICAL.test(k))).toEqual([]);
    expect(Object.values(thin).every((v) => v === null || typeof v !== 'object')).toBe(true);
    for (const field of allowedFields(type)) expect(contract.schema.properties).toHaveProperty(field);
  });

  it('strips the patient\'s name and age band from PatientAdmitted', () => {
    const body = webhookBody(patientAdmittedV1.type, '2025-03-07T19:02:11Z', { ...patientAdmittedV1.example, displayName: 'Alex R.' });
    expect(JSON.parse(body)).toEqual({
      type: patientAdmittedV1.type,
      timestamp: '2025-03-07T19:02:11Z',
      data: expect.objectContaining({ episodeId: patientAdmittedV1.example.episodeId, patientId: patientAdmittedV1.example.patientId }),
      // A body about a patient is a Part 2 disclosure: 42 CFR 2.32's notice goes with it.
      redisclosureNotice: REDISCLOSURE_NOTICE,
    });
    expect(body).not.toMatch(/Alex|displayName|ageBand/);
  });

  it('carries no redisclosure notice when the event concerns no patient', () => {
    const body = JSON.parse(webhookBody(locationConfiguredV1.type, '2025-03-07T19:02:11Z', locationConfiguredV1.example as unknown as Record<string, unknown>));
    expect(body).not.toHaveProperty('redisclosureNotice');
  });

  it('lets only ids and times of a contract nobody reviewed through', () => {
    const analytics = CONTRACTS.find((c) => c.service === 'analytics')!;
    expect(allowedFields(analytics.type).every((f) => ['uuid', 'date', 'date-time'].includes(String(analytics.schema.properties[f].format)))).toBe(true);
    expect(thinData('iop.nowhere.Unknown.v1', { patientId: 'p', note: 'free text' })).toEqual({});
  });

  it('drops a field that arrives nested where a scalar is expected', () => {
    expect(thinData(patientAdmittedV1.type, { episodeId: { smuggled: 'x' }, track: 'evening' })).toEqual({ track: 'evening' });
  });
});
