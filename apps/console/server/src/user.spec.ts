import { userFromClaims } from './user';

const paths = { tenantClaim: 'tenant', rolesClaim: 'roles' };

describe('userFromClaims', () => {
  it('reads the subject, name, tenant and the platform\'s roles from the ID token', () => {
    expect(userFromClaims({ sub: 'u-1', name: 'Demo Clinician', tenant: 'demo-clinic', roles: ['clinician', 'offline_access'] }, {}, paths))
      .toEqual({ subject: 'u-1', name: 'Demo Clinician', tenant: 'demo-clinic', roles: ['clinician'] });
  });

  it('falls back to the access token, and follows dotted claim paths', () => {
    expect(userFromClaims({ sub: 'u-2' }, { org: { tenant: 'clinic-b' }, realm_access: { roles: ['intake'] } }, { tenantClaim: 'org.tenant', rolesClaim: 'realm_access.roles' }))
      .toEqual({ subject: 'u-2', tenant: 'clinic-b', roles: ['intake'] });
  });

  it('has no user without a subject, a valid tenant or one of the platform\'s roles', () => {
    expect(userFromClaims({ tenant: 'a', roles: ['admin'] }, {}, paths)).toBeUndefined();
    expect(userFromClaims({ sub: 'u', tenant: 'not a tenant', roles: ['admin'] }, {}, paths)).toBeUndefined();
    expect(userFromClaims({ sub: 'u', tenant: 'a', roles: ['Everyone'] }, {}, paths)).toBeUndefined();
  });
});
