/**
 * The platform's HTTP conventions end to end against real PostgreSQL: auth matrix, problem+json for bad input
 * with nothing written, idempotency keys, the append-only audit log, and readiness following PostgreSQL.
 */
import { Body, Controller, Get, HttpCode, Inject, Module, Param, ParseUUIDPipe, Post, type DynamicModule } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { generateKeyPair, exportJWK } from 'jose';
import { Client, type Pool } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, customToken, startDisposablePostgres, tokenFor, type TestDatabase } from '@iop/testing';
import { startTestApp, type TestApp } from './testing';
import {
  AuditLog, CurrentPrincipal, loadServiceConfig, PG_POOL, PLATFORM_MIGRATIONS, PlatformModule, ProblemError, Roles,
  type Principal, type ServiceConfig,
} from './index';

class CreateWidgetDto {
  @IsString() @MinLength(1) @MaxLength(50) name!: string;
  @IsInt() @Min(0) @Max(10) size!: number;
}

@Controller('v1/widgets')
class WidgetController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Post()
  @HttpCode(201)
  @Roles('clinician')
  async create(@Body() dto: CreateWidgetDto, @CurrentPrincipal() who: Principal) {
    const id = randomUUID();
    await this.pool.query('INSERT INTO widgets (id, tenant_id, name, size) VALUES ($1, $2, $3, $4)', [id, who.tenantId, dto.name, dto.size]);
    return { widgetId: id };
  }

  @Get(':id')
  @Roles('clinician', 'nurse')
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    const { rows } = await this.pool.query('SELECT id, name, size FROM widgets WHERE id = $1 AND tenant_id = $2', [id, who.tenantId]);
    if (!rows[0]) throw new ProblemError(404, 'No such widget.');
    await this.audit.record({ actor: who, action: 'read', resource: `widget/${id}`, patientId: id });
    return rows[0];
  }
}

class Widgets1764230500000 implements MigrationInterface {
  name = 'Widgets1764230500000';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE widgets (id uuid PRIMARY KEY, tenant_id text NOT NULL, name text NOT NULL, size int NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE widgets');
  }
}

@Module({})
class WidgetAppModule {
  static register(config: ServiceConfig): DynamicModule {
    return { module: WidgetAppModule, imports: [PlatformModule.forService(config)], controllers: [WidgetController] };
  }
}

const definition = (databaseUrl: string) => {
  const config = { ...loadServiceConfig('admissions'), databaseUrl, logLevel: 'silent' as const, bodyLimitBytes: 4096 };
  return { config, module: WidgetAppModule.register(config), migrations: [...PLATFORM_MIGRATIONS, Widgets1764230500000], description: 'test' };
};

describe('platform conventions over HTTP', () => {
  let db: TestDatabase;
  let t: TestApp;
  let clinician: string;
  const count = async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query('SELECT count(*)::int AS n FROM widgets');
    await c.end();
    return rows[0].n as number;
  };

  beforeAll(async () => {
    db = await createTestDatabase('platform');
    t = await startTestApp(definition(db.url));
    clinician = await tokenFor('tenant-a', ['clinician']);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  describe('authentication and authorisation', () => {
    let widgetId: string;
    beforeAll(async () => {
      widgetId = (await t.request('POST', '/v1/widgets', { token: clinician, body: { name: 'a', size: 1 } })).body.widgetId;
    });

    it('answers 401 problem+json without a token', async () => {
      const res = await t.request('GET', `/v1/widgets/${widgetId}`);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it.each([
      ['a malformed token', 'Bearer not-a-jwt'],
      ['a non-bearer scheme', 'Basic dXNlcjpwYXNz'],
    ])('answers 401 for %s', async (_, header) => {
      const res = await t.request('GET', `/v1/widgets/${widgetId}`, { headers: { authorization: header } });
      expect(res.status).toBe(401);
    });

    it('answers 401 for an expired token', async () => {
      const expired = await customToken({ tenant: 'tenant-a', roles: ['clinician'], expiresIn: Math.floor(Date.now() / 1000) - 60 });
      const res = await t.request('GET', `/v1/widgets/${widgetId}`, { token: expired });
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/expired/);
    });

    it('answers 401 for a token signed by another key', async () => {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const key = { ...(await exportJWK(privateKey)), kid: 'iop-local-1' };
      const forged = await customToken({ tenant: 'tenant-a', roles: ['clinician'], key });
      expect((await t.request('GET', `/v1/widgets/${widgetId}`, { token: forged })).status).toBe(401);
    });

    it('answers 403 for a role the route does not allow', async () => {
      const frontDesk = await tokenFor('tenant-a', ['front-desk']);
      const res = await t.request('GET', `/v1/widgets/${widgetId}`, { token: frontDesk });
      expect(res.status).toBe(403);
      expect(res.body.title).toBeDefined();
    });

    it("answers 404 for another tenant's resource, revealing nothing", async () => {
      const other = await tokenFor('tenant-b', ['clinician']);
      const res = await t.request('GET', `/v1/widgets/${widgetId}`, { token: other });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('"name"');
    });

    it('serves the owner', async () => {
      const res = await t.request('GET', `/v1/widgets/${widgetId}`, { token: clinician });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: widgetId, name: 'a', size: 1 });
    });

    it('/v1/me echoes the verified principal', async () => {
      const res = await t.request('GET', '/v1/me', { token: clinician });
      expect(res.body).toMatchObject({ tenantId: 'tenant-a', roles: ['clinician'] });
    });
  });

  describe('bad input is a problem+json and writes nothing', () => {
    it.each([
      ['malformed JSON', { rawBody: '{"name": "x",' }, 400, 'The body is not valid JSON.'],
      ['an unknown field', { body: { name: 'x', size: 1, extra: true } }, 400, ''],
      ['a wrong type', { body: { name: 'x', size: 'big' } }, 400, ''],
      ['a missing field', { body: { name: 'x' } }, 400, ''],
      ['a JSON array', { body: [1, 2] }, 400, 'The request body must be a JSON object.'],
      ['a JSON null', { rawBody: 'null', headers: { 'content-type': 'application/json' } }, 400, 'The request body must be a JSON object.'],
      ['a bare JSON string', { rawBody: '"x"', headers: { 'content-type': 'application/json' } }, 400, 'The request body must be a JSON object.'],
      ['an oversized body', { body: { name: 'x'.repeat(5000), size: 1 } }, 413, ''],
      ['a non-JSON content type', { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } }, 415, ''],
      // PostgreSQL cannot store U+0000: refused as input rather than failing there.
      ['text with a NUL character', { body: { name: 'a\u0000b', size: 1 } }, 400, 'Text may not contain the NUL character (U+0000).'],
    ])('%s', async (_, opts, status, detail) => {
      const before = await count();
      const res = await t.request('POST', '/v1/widgets', { token: clinician, ...(opts as object) });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
      if (detail) expect(res.body.detail).toBe(detail);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
      expect(await count()).toBe(before);
    });

    it('refuses a NUL character in a path or query parameter too, naming it', async () => {
      const res = await t.request('GET', '/v1/widgets/%00', { token: clinician });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'id', message: 'must not contain U+0000' }]);
    });

    it.each([
      ['a path parameter longer than any routed', `/v1/widgets/${'a'.repeat(501)}`, 414],
      ['a bad percent-encoding in the path', '/v1/widgets/%zz', 400],
    ])('refuses %s before routing, as problem+json', async (_, url, status) => {
      const res = await t.request('GET', url, { token: clinician });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status, type: expect.any(String) });
    });

    it('lists every invalid field with its path', async () => {
      const res = await t.request('POST', '/v1/widgets', { token: clinician, body: { name: '', size: 99 } });
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'size']);
    });

    it('an unknown route is a problem+json 404', async () => {
      const res = await t.request('GET', '/v1/nothing-here', { token: clinician });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it.each([
      ['DELETE', '/v1/widgets', 'POST'],
      ['PUT', `/v1/widgets/${randomUUID()}`, 'GET, HEAD'],
      // QUERY carries a body: without a Content-Type Fastify would answer 400 before any route ran.
      ['QUERY', '/v1/widgets', 'POST'],
    ])('a method the path does not have (%s %s) is a problem+json 405 naming the ones it has', async (method, url, allow) => {
      const res = await t.request(method, url, { token: clinician });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe(allow);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('OpenAPI document', () => {
    type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON document
    let doc: Doc;
    beforeAll(async () => {
      doc = (await t.request('GET', '/docs-json')).body as Doc;
    });
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

    it('has the RFC 9457 problem schema', () => {
      expect(doc.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status'], properties: { errors: { type: 'array' } } });
    });

    it('declares a path id parsed as a UUID as one, and every answer the route can give', () => {
      const get = doc.paths['/v1/widgets/{id}'].get;
      expect(get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } })]);
      expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '414', '429', '503']);
      for (const status of ['400', '401', '403', '404', '414', '429', '503']) expect(get.responses[status].content).toEqual(problem);
      expect(get.responses['429'].headers['Retry-After']).toMatchObject({ required: true });
      expect(get.responses['403'].description).toContain('clinician, nurse');
    });

    it('gives a POST the Idempotency-Key, and its 409, 413, 415 and 422, but no 404 without an id in its path', () => {
      const post = doc.paths['/v1/widgets'].post;
      expect(post.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]);
      expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429', '503']);
    });

    it('describes a body as the validation pipe enforces it: bounds, required fields, nothing else', () => {
      expect(doc.components.schemas.CreateWidgetDto).toMatchObject({
        required: ['name', 'size'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 50 }, size: { type: 'integer', minimum: 0, maximum: 10 } },
      });
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same key and body, and creates once', async () => {
      const before = await count();
      const opts = { token: clinician, body: { name: 'idem', size: 2 }, headers: { 'idempotency-key': `k-${randomUUID()}` } };
      const first = await t.request('POST', '/v1/widgets', opts);
      const second = await t.request('POST', '/v1/widgets', opts);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await count()).toBe(before + 1);
    });

    it('refuses the same key with another body (422)', async () => {
      const key = `k-${randomUUID()}`;
      await t.request('POST', '/v1/widgets', { token: clinician, body: { name: 'one', size: 2 }, headers: { 'idempotency-key': key } });
      const res = await t.request('POST', '/v1/widgets', { token: clinician, body: { name: 'two', size: 2 }, headers: { 'idempotency-key': key } });
      expect(res.status).toBe(422);
    });
  });

  describe('audit log', () => {
    it('records a read of patient data, and PostgreSQL refuses to change the record', async () => {
      const id = (await t.request('POST', '/v1/widgets', { token: clinician, body: { name: 'audited', size: 3 } })).body.widgetId;
      await t.request('GET', `/v1/widgets/${id}`, { token: clinician });
      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        const { rows } = await c.query('SELECT tenant_id, actor, action, patient_id, purpose FROM audit_log WHERE patient_id = $1', [id]);
        expect(rows).toEqual([{ tenant_id: 'tenant-a', actor: 'user-clinician', action: 'read', patient_id: id, purpose: 'treatment' }]);
        await expect(c.query("UPDATE audit_log SET actor = 'someone-else' WHERE patient_id = $1", [id])).rejects.toThrow(/permission denied/);
        await expect(c.query('DELETE FROM audit_log WHERE patient_id = $1', [id])).rejects.toThrow(/permission denied/);
        await expect(c.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
      } finally {
        await c.end();
      }
    });
  });
});

describe('readiness follows PostgreSQL', () => {
  it('turns 503 while PostgreSQL is stopped and 200 when it is back, without a restart', async () => {
    const pg = await startDisposablePostgres();
    const t = await startTestApp(definition(pg.url));
    try {
      expect((await t.request('GET', '/health/ready')).status).toBe(200);
      pg.stop();
      const down = await t.request('GET', '/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.error.postgres.status).toBe('down');
      expect((await t.request('GET', '/health/live')).status).toBe(200);
      const refused = await t.request('POST', '/v1/widgets', { token: await tokenFor('tenant-a', ['clinician']), body: { name: 'while down', size: 1 } });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers['content-type']).toContain('application/problem+json');
      pg.start();
      expect((await t.request('GET', '/health/ready')).status).toBe(200);
    } finally {
      await t.close();
      pg.destroy();
    }
  });
});
