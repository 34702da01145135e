import { analyticsPseudonymizer } from './analytics-keys';

/** A developer's machine: the built-in development secrets are allowed there, and only there. */
const DEV = { IOP_ENV: 'development' };

const PATIENT = '5b1f0c0e-8d2a-4f57-9a51-2f7c3e9d6a10';

describe('analytics pseudonym keys', () => {
  it('signs with the highest key version, so adding v2 rotates the pseudonyms', () => {
    const v1 = analyticsPseudonymizer({ ...DEV, ANALYTICS_PSEUDONYM_KEYS: 'v1:first-secret-0123456789' });
    const v2 = analyticsPseudonymizer({ ...DEV, ANALYTICS_PSEUDONYM_KEYS: 'v1:first-secret-0123456789,v2:second-secret-0123456789' });
    expect([v1.keyVersion, v2.keyVersion]).toEqual([1, 2]);
    expect(v2.subjectKey('clinic-a', PATIENT)).not.toBe(v1.subjectKey('clinic-a', PATIENT));
  });

  it('keys per tenant: the same id gives different pseudonyms in two clinics, the same one within a clinic', () => {
    const p = analyticsPseudonymizer(DEV);
    expect(p.subjectKey('clinic-a', PATIENT)).toBe(p.subjectKey('clinic-a', PATIENT));
    expect(p.subjectKey('clinic-a', PATIENT)).not.toBe(p.subjectKey('clinic-b', PATIENT));
    expect(p.subjectKey('clinic-a', PATIENT)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('derives message ids that look like uuids and are stable per seed', () => {
    const p = analyticsPseudonymizer(DEV);
    expect(p.messageId('clinic-a', 'seed')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.messageId('clinic-a', 'seed')).toBe(p.messageId('clinic-a', 'seed'));
  });

  it.each([
    ['no version', 'secret-without-version'],
    ['a short secret', 'v1:short'],
    ['a repeated version', 'v1:first-secret-0123456789,v1:other-secret-0123456789'],
  ])('refuses %s', (_, raw) => expect(() => analyticsPseudonymizer({ ...DEV, ANALYTICS_PSEUDONYM_KEYS: raw })).toThrow(/ANALYTICS_PSEUDONYM_KEYS/));

  it('refuses to start in production without a key (the dev default is public)', () => {
    expect(() => analyticsPseudonymizer({ NODE_ENV: 'production' })).toThrow(/must be set in production/);
    // Not only NODE_ENV=production exactly: anything that is not said to be development.
    expect(() => analyticsPseudonymizer({})).toThrow(/must be set in production/);
    expect(() => analyticsPseudonymizer({ NODE_ENV: 'staging' })).toThrow(/must be set in production/);
  });
});
