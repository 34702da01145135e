import { createHmac } from 'node:crypto';
import { analyticsKeys, parseAnalyticsKeys } from './analytics-keys';

const PATIENT = '5b1f0c0e-8d2a-4f57-9a51-2f7c3e9d6a10';

describe('analytics pseudonym keys', () => {
  it('derives the contract\'s pseudonym: HMAC of the id under the tenant key, itself HMAC of the tenant under the newest secret', () => {
    const secret = 'second-secret-0123456789';
    const tenantKey = createHmac('sha256', secret).update('iop-analytics-tenant:clinic-a').digest();
    const keys = analyticsKeys({ ANALYTICS_PSEUDONYM_KEYS: `v1:first-secret-0123456789,v2:${secret}` })!;
    expect(keys.keyVersion).toBe(2);
    expect(keys.tenantKey('clinic-a')).toEqual(tenantKey);
    expect(keys.of('clinic-a', PATIENT)).toBe(createHmac('sha256', tenantKey).update(PATIENT, 'utf8').digest('hex'));
    expect(keys.of('clinic-b', PATIENT)).not.toBe(keys.of('clinic-a', PATIENT));
  });

  it('has the public development default outside production only', () => {
    expect(analyticsKeys({ IOP_ENV: 'development' })).toBeDefined();
    expect(analyticsKeys({ IOP_ENV: 'production' })).toBeUndefined();
    expect(analyticsKeys({})).toBeUndefined();
  });

  it.each([
    ['no version', 'secret-without-version'],
    ['a short secret', 'v1:short'],
    ['a repeated version', 'v1:first-secret-0123456789,v1:other-secret-0123456789'],
    ['nothing', ' , '],
  ])('refuses %s', (_, raw) => expect(() => parseAnalyticsKeys(raw)).toThrow(/ANALYTICS_PSEUDONYM_KEYS/));
});
