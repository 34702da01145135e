/**
 * Every service boots on its real module against its own database and Kafka, and serves the platform's public
 * endpoints (health, metrics, OpenAPI) plus a guarded /v1 route.
 */
import { createTestDatabase, createTopicNamespace, tokenFor, type TestDatabase } from '@iop/testing';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import type { ServiceDefinition } from '@iop/platform';
import { admissionsService } from './admissions/src/service';
import { clinicalNotesService } from './clinical-notes/src/service';
import { outcomesService } from './outcomes/src/service';
import { schedulingService } from './scheduling/src/service';
import { webhooksService } from './webhooks/src/service';
import { fhirService } from './fhir/src/service';

const services: [string, (env: Record<string, string | undefined>) => ServiceDefinition][] = [
  ['admissions', admissionsService],
  ['scheduling', schedulingService],
  ['clinical-notes', clinicalNotesService],
  ['outcomes', outcomesService],
  ['webhooks', webhooksService],
  ['fhir', fhirService],
];

describe.each(services)('%s boots', (name, define) => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase(name.replace('-', '_'));
    const prefix = name.toUpperCase().replace('-', '_');
    const topicPrefix = await createTopicNamespace();
    t = await startTestApp(define({ ...process.env, [`${prefix}_DATABASE_URL`]: db.url, KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('is live and ready (PostgreSQL and Kafka up)', async () => {
    expect((await t.request('GET', '/health/live')).status).toBe(200);
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('exposes Prometheus metrics and its OpenAPI document without a token', async () => {
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    const doc = await t.request('GET', '/docs-json');
    expect(doc.body.info.title).toBe(`IOP platform: ${name}`);
    expect(Object.keys(doc.body.paths).some((p) => p.startsWith('/v1/'))).toBe(true);
    expect((await t.request('GET', '/docs')).status).toBe(200);
  });

  it('guards /v1 routes', async () => {
    expect((await t.request('GET', '/v1/me')).status).toBe(401);
    const res = await t.request('GET', '/v1/me', { token: await tokenFor('tenant-a', ['admin']) });
    expect(res.status).toBe(200);
    expect(res.body.tenantId).toBe('tenant-a');
  });
});
