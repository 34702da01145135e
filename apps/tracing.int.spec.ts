/**
 * One admission is one trace: the HTTP request that admits (Fastify's request span), its queries, the publisher's
 * span that sends PatientAdmitted to Kafka (continued from the `traceparent` stored with the event), and scheduling's
 * consumer span that enrolls the episode (continued from the message's headers), with the enrollment's queries under
 * it. Admissions and scheduling run in this process on their real modules, databases and Kafka, sharing one SDK whose
 * spans go to an in-memory exporter.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { tracingInstrumentations } from '@iop/platform/tracing';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, tokenFor, type TestDatabase } from '@iop/testing';
import { admissionsService } from './admissions/src/service';
import { schedulingService } from './scheduling/src/service';

const exporter = new InMemorySpanExporter();
const instrumentations = tracingInstrumentations();
const sdk = new NodeSDK({ serviceName: 'iop-test', spanProcessors: [new SimpleSpanProcessor(exporter)], instrumentations, metricReaders: [], logRecordProcessors: [] });
sdk.start();
// Jest loads modules through its own registry, which require hooks never see: pg's client is patched here by hand, as
// the instrumentation patches it when a service's process requires it.
const pg = instrumentations.find((i) => i.instrumentationName.endsWith('instrumentation-pg')) as Instrumentation & { init(): { name: string; patch?: (m: unknown) => unknown }[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module object the services use
pg.init().find((d) => d.name === 'pg')!.patch!(require('pg'));

const today = new Date().toISOString().slice(0, 10);

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('an admission is one trace, from the HTTP request to scheduling\'s enrollment', () => {
  const dbs: TestDatabase[] = [];
  let admissions: TestApp;
  let scheduling: TestApp;
  const tenant = 'tenant-trace';
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const topicPrefix = await createTopicNamespace();
    const [a, s] = [await createTestDatabase('trace_admissions'), await createTestDatabase('trace_scheduling')];
    dbs.push(a, s);
    const env = { ...process.env, KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'silent' };
    admissions = await startTestApp(admissionsService({ ...env, ADMISSIONS_DATABASE_URL: a.url }));
    scheduling = await startTestApp(schedulingService({ ...env, SCHEDULING_DATABASE_URL: s.url }));
    for (const role of ['admin', 'intake', 'clinician']) tokens[role] = await tokenFor(tenant, [role], `trace-${role}`);
  }, 120_000);
  afterAll(async () => {
    await admissions?.close();
    await scheduling?.close();
    await Promise.all(dbs.map((d) => d.drop()));
    await sdk.shutdown();
  });

  it('shares one trace id from the admission request to the consumer span that enrolls, with their queries in it', async () => {
    const loc = await scheduling.request('POST', '/v1/locations', { token: tokens.admin, body: {
      name: 'Riverside', timezone: 'America/New_York', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    } });
    expect(loc.status).toBe(201);
    const ref = await admissions.request('POST', '/v1/referrals', { token: tokens.intake, body: {
      patient: { firstName: 'Sam', lastName: 'Synthetic', dateOfBirth: '1991-02-03' }, source: 'residential', referredAt: new Date(Date.now() - 86_400_000).toISOString(),
    } });
    expect([ref.status, ref.body]).toEqual([201, expect.anything()]);
    const assessed = await admissions.request('POST', `/v1/referrals/${ref.body.referralId}/assessments`, { token: tokens.clinician, body: {
      criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 },
    } });
    expect(assessed.status).toBe(201);
    // Admissions learns the location from scheduling's events first.
    const admitted = await eventually(async () => {
      const res = await admissions.request('POST', `/v1/referrals/${ref.body.referralId}/admission`, { token: tokens.intake, body: {
        locationId: loc.body.locationId, track: 'evening', startDate: today, levelOfCare: '2.1',
      } });
      return res.status === 201 ? res : undefined;
    }, 'admissions to know the location');
    const episodeId: string = admitted.body.episodeId;
    await eventually(async () => ((await scheduling.request('GET', `/v1/enrollments/${episodeId}`, { token: tokens.clinician })).status === 200 ? true : undefined), 'the enrollment');

    // The consumer's span ends just after its transaction commits: the enrollment may be readable a moment before. The
    // publisher's span ends when Kafka acknowledges the send, which can come after the consumer already has the record.
    // Both are awaited in the admission's own trace: the referral's and the assessment's events make consumer and
    // publisher spans of their own, which may be finished first.
    const accepted = (s: ReadableSpan) => s.kind === SpanKind.SERVER && /\/admission$/.test(String(s.attributes['http.route']))
      && (s.attributes['http.response.status_code'] ?? s.attributes['http.status_code']) === 201;
    const { spans, traceId } = await eventually(async () => {
      const finished = exporter.getFinishedSpans();
      const trace = finished.find(accepted)?.spanContext().traceId;
      const consumed = finished.filter((s) => s.spanContext().traceId === trace && s.kind === SpanKind.CONSUMER
        && String(s.attributes['messaging.consumer.group.name']).includes('scheduling') && /iop\.admissions\.v1 process$/.test(s.name));
      const published = (c: ReadableSpan) => finished.some((s) => s.kind === SpanKind.PRODUCER && s.spanContext().spanId === c.parentSpanContext?.spanId);
      return trace && consumed.some(published) ? { spans: finished, traceId: trace } : undefined;
    }, "the admission's consumer span in scheduling and the publisher's span it continues", 10_000);
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const named = (kind: SpanKind, pattern: RegExp) => inTrace.filter((s) => s.kind === kind && pattern.test(s.name));
    const publish = named(SpanKind.PRODUCER, /iop\.admissions\.v1 publish$/);
    const enroll = named(SpanKind.CONSUMER, / process$/).filter((s) => s.attributes['messaging.consumer.group.name'] !== undefined && String(s.attributes['messaging.consumer.group.name']).includes('scheduling'));
    expect(publish.length).toBeGreaterThan(0);
    expect(enroll.length).toBeGreaterThan(0);
    // The consumer's span is a child of the publisher's, and the enrollment's queries are children of the consumer's.
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    expect(publish.map((p) => p.spanContext().spanId)).toContain(parentOf(enroll[0]));
    const queries = inTrace.filter((s) => s.kind === SpanKind.CLIENT && (s.attributes['db.system.name'] ?? s.attributes['db.system']) !== undefined);
    expect(queries.some((q) => parentOf(q) === enroll[0].spanContext().spanId)).toBe(true);
    expect(queries.some((q) => q.startTime[0] * 1e9 + q.startTime[1] < publish[0].startTime[0] * 1e9 + publish[0].startTime[1])).toBe(true);
    // No span carries the patient's identifiers: statements lose their inlined values, URLs their query values.
    const attributes = JSON.stringify(spans.map((s) => s.attributes));
    expect(attributes).not.toMatch(/Synthetic|1991-02-03/);
    const search = await admissions.request('GET', '/v1/patients?lastName=Synthetic&dateOfBirth=1991-02-03', { token: tokens.intake });
    expect(search.status).toBeLessThan(500);
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toMatch(/Synthetic|1991-02-03/);
  });
});
