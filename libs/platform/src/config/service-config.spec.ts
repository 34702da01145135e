import { ConfigError, loadServiceConfig } from './service-config';

const base = { AUTH_JWKS_URL: 'https://id.example.org/.well-known/jwks.json' };

describe('service configuration: bus settings', () => {
  it('defaults, then the setting for every service, then the one for this service alone', () => {
    expect(loadServiceConfig('outcomes', base).kafkaTuning).toMatchObject({ fetchMinBytes: 1, fetchMaxWaitMs: 1_000, consumerConcurrency: 6 });
    const env = { ...base, KAFKA_FETCH_MAX_WAIT_MS: '200', OUTCOMES_KAFKA_FETCH_MAX_WAIT_MS: '50', CLINICAL_NOTES_CONSUMER_CONCURRENCY: '2' };
    expect(loadServiceConfig('outcomes', env).kafkaTuning).toMatchObject({ fetchMaxWaitMs: 50, consumerConcurrency: 6 });
    expect(loadServiceConfig('admissions', env).kafkaTuning).toMatchObject({ fetchMaxWaitMs: 200, consumerConcurrency: 6 });
    expect(loadServiceConfig('clinical-notes', env).kafkaTuning).toMatchObject({ fetchMaxWaitMs: 200, consumerConcurrency: 2 });
  });

  it('refuses a value out of range, naming the variable that holds it', () => {
    expect(() => loadServiceConfig('webhooks', { ...base, WEBHOOKS_KAFKA_PUBLISH_LINGER_MS: '-1' })).toThrow(ConfigError);
    expect(() => loadServiceConfig('webhooks', { ...base, WEBHOOKS_KAFKA_PUBLISH_LINGER_MS: '-1' })).toThrow(/WEBHOOKS_KAFKA_PUBLISH_LINGER_MS/);
    expect(() => loadServiceConfig('webhooks', { ...base, KAFKA_PUBLISH_LINGER_MS: 'soon' })).toThrow(/KAFKA_PUBLISH_LINGER_MS/);
  });
});
