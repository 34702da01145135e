/**
 * The audit log's reader, through the real platform module and PostgreSQL: a patient's access log for compliance
 * roles only, newest first and paged, one tenant's only, itself audited; the export of a period as JSON or CSV.
 */
import { Controller, Get, Inject, Module, Param, ParseUUIDPipe, type DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, tokenFor, type TestDatabase } from '@iop/testing';
import { startTestApp, type TestApp } from '../testing';
import { AuditLog, CurrentPrincipal, loadServiceConfig, PLATFORM_MIGRATIONS, PlatformModule, type Principal, Roles, type ServiceConfig } from '../index';

@Controller('v1/charts')
class ChartController {
  constructor(@Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get(':patientId') @Roles('clinician')
  async read(@Param('patientId', new ParseUUIDPipe()) patientId: string, @CurrentPrincipal() who: Principal) {
    await this.audit.record({ actor: who, action: 'read', resource: `chart/${patientId}`, patientId });
    return { patientId };
  }
}

@Module({})
class ChartAppModule {
  static register(config: ServiceConfig): DynamicModule {
    return { module: ChartAppModule, imports: [PlatformModule.forService(config)], controllers: [ChartController] };
  }
}

describe('the access log', () => {
  let db: TestDatabase;
  let t: TestApp;
  const patientId = randomUUID();
  const since = new Date(Date.now() - 60_000).toISOString();

  beforeAll(async () => {
    db = await createTestDatabase('accesslog');
    const config = { ...loadServiceConfig('admissions'), databaseUrl: db.url, logLevel: 'silent' as const };
    t = await startTestApp({ config, module: ChartAppModule.register(config), migrations: PLATFORM_MIGRATIONS, description: 'test' });
    for (const subject of ['dr-a', 'dr-b', 'dr-c']) await t.request('GET', `/v1/charts/${patientId}`, { token: await tokenFor('tenant-a', ['clinician'], subject) });
    await t.request('GET', `/v1/charts/${randomUUID()}`, { token: await tokenFor('tenant-a', ['clinician'], 'dr-a') });
    await t.request('GET', `/v1/charts/${patientId}`, { token: await tokenFor('tenant-b', ['clinician'], 'dr-x') });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('tells a compliance officer who read the patient\'s record, newest first, page by page, this tenant only', async () => {
    const officer = await tokenFor('tenant-a', ['compliance'], 'privacy-officer');
    const first = await t.request('GET', `/v1/patients/${patientId}/access-log?limit=2`, { token: officer });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { actor: string }) => e.actor)).toEqual(['dr-c', 'dr-b']);
    expect(first.body.items[0]).toMatchObject({ action: 'read', resource: `chart/${patientId}`, purpose: 'treatment', actorRoles: ['clinician'], patientId });
    const second = await t.request('GET', `/v1/patients/${patientId}/access-log?limit=2&cursor=${first.body.nextCursor}`, { token: officer });
    expect(second.body.items.map((e: { actor: string }) => e.actor)).toEqual(['dr-a']);
    expect(second.body.nextCursor).toBeNull();
    // Reading the log is itself in the log.
    const again = await t.request('GET', `/v1/patients/${patientId}/access-log?limit=1`, { token: officer });
    expect(again.body.items[0]).toMatchObject({ actor: 'privacy-officer', resource: 'access-log', purpose: 'operations' });
  });

  it('is for compliance roles only, and a cursor that is not its own is a 400', async () => {
    for (const role of ['clinician', 'supervisor', 'analyst', 'integrator', 'front-desk']) {
      const res = await t.request('GET', `/v1/patients/${patientId}/access-log`, { token: await tokenFor('tenant-a', [role]) });
      expect([role, res.status]).toEqual([role, 403]);
    }
    const admin = await tokenFor('tenant-a', ['admin']);
    expect((await t.request('GET', `/v1/patients/${patientId}/access-log?cursor=not-a-cursor`, { token: admin })).status).toBe(400);
    // Another tenant's patient, or one this service never logged: nothing to report, as for an unknown id.
    expect((await t.request('GET', `/v1/patients/${patientId}/access-log`, { token: await tokenFor('tenant-c', ['admin']) })).status).toBe(404);
    expect((await t.request('GET', `/v1/patients/${randomUUID()}/access-log`, { token: admin })).status).toBe(404);
  });

  it('exports a period as pages or as CSV, and refuses a period that is not one', async () => {
    const officer = await tokenFor('tenant-a', ['compliance']);
    const to = new Date(Date.now() + 60_000).toISOString();
    const json = await t.request('GET', `/v1/audit-log?from=${since}&to=${to}`, { token: officer });
    expect(json.status).toBe(200);
    const actors = json.body.items.map((e: { actor: string }) => e.actor);
    expect(actors.slice(0, 4)).toEqual(['dr-a', 'dr-b', 'dr-c', 'dr-a']);
    expect(actors).not.toContain('dr-x');
    const csv = await t.request('GET', `/v1/audit-log?from=${since}&to=${to}&format=csv`, { token: officer });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toBe('occurredAt,actor,actorRoles,action,resource,purpose,correlationId,patientId');
    expect(lines.filter((l) => l.includes(`chart/${patientId}`))).toHaveLength(3);
    expect((await t.request('GET', `/v1/audit-log?from=${to}&to=${since}`, { token: officer })).status).toBe(400);
    expect((await t.request('GET', `/v1/audit-log?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`, { token: officer })).status).toBe(400);
    // An offset PostgreSQL cannot compare is refused as input.
    expect((await t.request('GET', `/v1/audit-log?from=2026-01-01T00:00:00%2B16:33&to=2026-02-01T00:00:00Z`, { token: officer })).status).toBe(400);
    expect((await t.request('GET', `/v1/audit-log?from=${since}&to=${to}`, { token: await tokenFor('tenant-a', ['clinician']) })).status).toBe(403);
  });
});
