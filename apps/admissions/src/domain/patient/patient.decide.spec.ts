import { given } from '@iop/decider';
import type { PatientRegistered } from './patient.events';
import { patientDecider, type RegisterPatient } from './patient.decide';

const metadata = { now: '2025-03-03T14:00:00.000Z', tenantId: 't1', actor: { subject: 'intake-1', roles: ['intake'] }, correlationId: 'c1' };
const patientId = '3f1c2a4e-8a1b-4c55-9d0e-0a9b8c7d6e5f';
const register = (over: Partial<RegisterPatient['data']> = {}): RegisterPatient => ({
  type: 'RegisterPatient',
  data: { patientId, firstName: 'Alex', lastName: 'Rivera', dateOfBirth: '1990-05-04', ...over },
  metadata,
});
const registered: PatientRegistered = {
  type: 'PatientRegistered',
  data: { patientId, firstName: 'Alex', lastName: 'Rivera', dateOfBirth: '1990-05-04', registeredAt: metadata.now },
};

describe('an unknown patient', () => {
  it('is registered with trimmed names', () => {
    given(patientDecider).when(register({ firstName: ' Alex ', lastName: 'Rivera ' })).then([registered]);
  });

  it.each([
    [{ firstName: '   ' }],
    [{ dateOfBirth: '2025-03-04' }],
    [{ dateOfBirth: '1990-02-30' }],
    [{ dateOfBirth: '1890-01-01' }],
  ])('is not registered with %j', (over) => {
    given(patientDecider).when(register(over)).thenThrows('invalid', 'patient details');
  });
});

describe('a registered patient', () => {
  it('cannot be registered twice', () => {
    given(patientDecider, [registered]).when(register()).thenThrows('conflict');
  });
});
