import { ProblemError } from '@iop/platform';
import { grantFor, requireWithinGrant, scopesOf } from './smart-scopes';

const patient = '0c0ffee0-0000-4000-8000-000000000001';

describe('SMART scopes', () => {
  it('leave a token without SMART scopes to its roles', () => {
    expect(grantFor({}, 'Observation', 'read')).toEqual({});
    expect(grantFor({ scope: 'openid profile' }, 'Observation', 'search')).toEqual({});
  });

  it('allow a type under user/ or system/ scopes, v1 and v2', () => {
    expect(grantFor({ scope: 'user/Observation.read' }, 'Observation', 'search')).toEqual({});
    expect(grantFor({ scp: ['system/*.read'] }, 'Consent', 'read')).toEqual({});
    expect(grantFor({ scope: 'user/Observation.rs' }, 'Observation', 'search')).toEqual({});
    expect(() => grantFor({ scope: 'user/Observation.r' }, 'Observation', 'search')).toThrow(ProblemError);
    expect(() => grantFor({ scope: 'user/Observation.read' }, 'Consent', 'read')).toThrow(/Consent/);
  });

  it('hold patient/ scopes to the launch context\'s patient', () => {
    expect(grantFor({ scope: 'patient/*.read', patient }, 'Encounter', 'read')).toEqual({ patientId: patient });
    expect(() => grantFor({ scope: 'patient/*.read' }, 'Encounter', 'read')).toThrow(/launch context/);
    expect(() => requireWithinGrant({ patientId: patient }, '0c0ffee0-0000-4000-8000-000000000002')).toThrow(/another patient/);
    expect(() => requireWithinGrant({ patientId: patient }, patient)).not.toThrow();
  });

  it('reads both claim shapes', () => {
    expect(scopesOf({ scope: 'a b' })).toEqual(['a', 'b']);
    expect(scopesOf({ scp: ['a', 1] })).toEqual(['a']);
  });
});
