/**
 * Rate limiting per caller, through the real platform module: the limit counts per token subject and tenant, the
 * answer over it is a 429 problem+json with Retry-After, and the platform's own probes are never limited.
 */
import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { createTestDatabase, tokenFor, type TestDatabase } from '@iop/testing';
import { startTestApp, type TestApp } from '../testing';
import { loadServiceConfig, PLATFORM_MIGRATIONS, PlatformModule, Roles, type ServiceConfig } from '../index';

@Controller('v1/pings')
class PingController {
  @Get() @Roles('clinician')
  ping() {
    return { ok: true };
  }
}

@Module({})
class PingAppModule {
  static register(config: ServiceConfig): DynamicModule {
    return { module: PingAppModule, imports: [PlatformModule.forService(config)], controllers: [PingController] };
  }
}

describe('rate limiting per caller', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('ratelimit');
    const config = { ...loadServiceConfig('admissions', { ...process.env, HTTP_RATE_LIMIT: '5', HTTP_RATE_LIMIT_WINDOW_MS: '60000' }), databaseUrl: db.url, logLevel: 'silent' as const };
    t = await startTestApp({ config, module: PingAppModule.register(config), migrations: PLATFORM_MIGRATIONS, description: 'test' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers 429 problem+json with Retry-After past the limit, for that caller only', async () => {
    const busy = await tokenFor('tenant-a', ['clinician'], 'busy-script');
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.request('GET', '/v1/pings', { token: busy })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await t.request('GET', '/v1/pings', { token: busy });
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests' });
    // Another user of the same clinic, and the same subject in another clinic, are other callers.
    expect((await t.request('GET', '/v1/pings', { token: await tokenFor('tenant-a', ['clinician'], 'colleague') })).status).toBe(200);
    expect((await t.request('GET', '/v1/pings', { token: await tokenFor('tenant-b', ['clinician'], 'busy-script') })).status).toBe(200);
  });

  it('never limits the platform\'s own probes', async () => {
    for (let i = 0; i < 8; i++) expect((await t.request('GET', '/health/live')).status).toBe(200);
  });
});
