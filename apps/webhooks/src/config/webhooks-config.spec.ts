import { loadWebhooksConfig } from './webhooks-config';

/** A developer's machine: the built-in development secrets are allowed there, and only there. */
const DEV = { IOP_ENV: 'development' };

describe('webhooks configuration', () => {
  it('defaults to Svix\'s schedule, a 15 s timeout, 5 days before disabling, https only and no allowlist', () => {
    const c = loadWebhooksConfig(DEV);
    expect(c.retryScheduleMs).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(c.timeoutMs).toBe(15_000);
    expect(c.disableAfterMs).toBe(5 * 86_400_000);
    expect(c.previousSecretTtlMs).toBe(86_400_000);
    expect([c.allowHttp, c.allowedCidrs, c.secretKeyIsDevDefault]).toEqual([false, [], true]);
  });

  it('reads short schedules, timeouts and allowlists for tests and npm start', () => {
    const c = loadWebhooksConfig({ ...DEV, WEBHOOKS_RETRY_SCHEDULE: '0, 50ms, 1s', WEBHOOKS_TIMEOUT: '300ms', WEBHOOKS_ALLOWED_CIDRS: '127.0.0.0/8, ::1/128', WEBHOOKS_ALLOW_HTTP: 'true' });
    expect([c.retryScheduleMs, c.timeoutMs, c.allowedCidrs, c.allowHttp]).toEqual([[0, 50, 1_000], 300, ['127.0.0.0/8', '::1/128'], true]);
  });

  it('reads earlier keys for a rotation, each 32 bytes, and refuses a malformed one', () => {
    const c = loadWebhooksConfig({ ...DEV, WEBHOOKS_SECRET_KEY: 'ab'.repeat(32), WEBHOOKS_PREVIOUS_SECRET_KEYS: `${'cd'.repeat(32)}, ${Buffer.alloc(32, 2).toString('base64')}` });
    expect(c.previousSecretKeys).toEqual([Buffer.alloc(32, 0xcd), Buffer.alloc(32, 2)]);
    expect(loadWebhooksConfig(DEV).previousSecretKeys).toEqual([]);
    expect(() => loadWebhooksConfig({ ...DEV, WEBHOOKS_PREVIOUS_SECRET_KEYS: 'short' })).toThrow(/WEBHOOKS_PREVIOUS_SECRET_KEYS/);
  });

  it('takes the key as hex or base64 and insists on one in production', () => {
    expect(loadWebhooksConfig({ ...DEV, WEBHOOKS_SECRET_KEY: 'ab'.repeat(32) }).secretKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadWebhooksConfig({ ...DEV, WEBHOOKS_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }).secretKeyIsDevDefault).toBe(false);
    expect(() => loadWebhooksConfig({ NODE_ENV: 'production' })).toThrow(/WEBHOOKS_SECRET_KEY must be set/);
    expect(() => loadWebhooksConfig({})).toThrow(/WEBHOOKS_SECRET_KEY must be set/);
    expect(() => loadWebhooksConfig({ ...DEV, WEBHOOKS_SECRET_KEY: 'short' })).toThrow(/32 bytes/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadWebhooksConfig({ ...DEV, WEBHOOKS_RETRY_SCHEDULE: '0,soon' })).toThrow(/WEBHOOKS_RETRY_SCHEDULE/);
    expect(() => loadWebhooksConfig({ ...DEV, WEBHOOKS_TIMEOUT: '-1' })).toThrow(/WEBHOOKS_TIMEOUT/);
    expect(() => loadWebhooksConfig({ ...DEV, WEBHOOKS_ALLOW_HTTP: 'yes' })).toThrow(/WEBHOOKS_ALLOW_HTTP/);
  });
});
