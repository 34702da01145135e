/**
 * Integration-test harness: the real scheduling service on its own database and Kafka topic namespace, admissions'
 * events published as real CloudEvents, and a reader of what scheduling publishes.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  alumniEnrolledV1, type Contract, episodeCancelledV1, patientAdmittedV1, patientDischargedV1, type PatientAdmitted, TOPICS, toKafkaMessage,
  toPublicEvent,
} from '@iop/domain-events';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, testKafka, tokenFor, uniqueId, type TestDatabase } from '@iop/testing';
import { schedulingService } from '../service';

export interface Harness {
  t: TestApp;
  db: TestDatabase;
  prefix: string;
  tenant: string;
  token(roles: string[], tenant?: string): Promise<string>;
  /** Publishes another service's event as it would (CloudEvents binary mode, on its topic, keyed by the contract's key); its id. */
  publish<T>(contract: Contract<T>, data: T, tenant?: string): Promise<string>;
  /** Several events in one send to one partition, so that the consumer fetches them as one batch. */
  publishBatch<T>(contract: Contract<T>, data: T[], tenant?: string): Promise<void>;
  /** Several events in one send, each to the partition named with it (partitions fetched at the same moment). */
  publishTo<T>(contract: Contract<T>, items: { data: T; partition: number }[], tenant?: string): Promise<void>;
  /** Rows of the service's database, across tenants (the projector's view). */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function startScheduling(name: string): Promise<Harness> {
  const [db, prefix] = await Promise.all([createTestDatabase('scheduling'), createTopicNamespace()]);
  const t = await startTestApp(schedulingService({
    ...process.env, SCHEDULING_DATABASE_URL: db.url, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent', SCHEDULING_CLOSE_WEEKS_INTERVAL_MS: '0',
  }));
  const tenant = uniqueId(`tenant-${name}`);
  const producer = testKafka().producer();
  await producer.connect();
  const pg = new Client({ connectionString: db.url });
  pg.on('error', () => undefined); // the database is dropped (WITH FORCE) after the file
  await pg.connect();
  await pg.query("SELECT set_config('app.role', 'projector', false)");
  const h: Harness = {
    t, db, prefix, tenant,
    token: (roles, other) => tokenFor(other ?? tenant, roles),
    async publish(contract, data, other) {
      const event = toPublicEvent(contract, { id: randomUUID(), subject: `episode-${randomUUID()}`, time: new Date().toISOString(), tenantId: other ?? tenant, correlationId: randomUUID() }, data);
      const key = String((data as Record<string, unknown>)[contract.key]);
      await producer.send({ topic: prefix + contract.topic, messages: [toKafkaMessage(key, event)] });
      return event.id;
    },
    publishBatch: (contract, data, other) => h.publishTo(contract, data.map((d) => ({ data: d, partition: 0 })), other),
    async publishTo(contract, items, other) {
      const messages = items.map(({ data, partition }) => {
        const event = toPublicEvent(contract, { id: randomUUID(), subject: `episode-${randomUUID()}`, time: new Date().toISOString(), tenantId: other ?? tenant, correlationId: randomUUID() }, data);
        return { ...toKafkaMessage(String((data as Record<string, unknown>)[contract.key]), event), partition };
      });
      await producer.send({ topic: prefix + contract.topic, messages });
    },
    sql: async (text, values) => (await pg.query(text, values)).rows,
    async close() {
      await producer.disconnect();
      await pg.end();
      await t?.close();
      await db?.drop();
    },
  };
  return h;
}

export async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const admitted = (locationId: string, over: Partial<PatientAdmitted> = {}): PatientAdmitted => ({
  ...patientAdmittedV1.example, episodeId: randomUUID(), patientId: randomUUID(), referralId: randomUUID(), locationId, track: 'evening',
  startDate: '2026-10-26', plannedEndDate: '2026-12-21', admittedAt: '2026-10-23T14:00:00-04:00', ...over,
});

export { alumniEnrolledV1, episodeCancelledV1, patientAdmittedV1, patientDischargedV1 };

/** Every message scheduling published on its topic so far, decoded (a fresh consumer group from the beginning). */
export async function publishedTypes(
  prefix: string, expect: (types: string[], messages: { type: string; data: Record<string, unknown> }[]) => boolean, timeoutMs = 30_000,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const seen: { type: string; data: Record<string, unknown> }[] = [];
  const consumer = testKafka().consumer({ groupId: uniqueId('reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: prefix + TOPICS.scheduling, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push({ type: String(message.headers?.ce_type), data: JSON.parse(String(message.value)) }) });
  try {
    await until(async () => expect(seen.map((s) => s.type), seen), timeoutMs);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

export const EVENING_BLOCK = { track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' };

export async function createLocation(h: Harness, body: Record<string, unknown> = {}): Promise<string> {
  const res = await h.t.request('POST', '/v1/locations', {
    token: await h.token(['admin']), body: { name: 'Riverside', timezone: 'America/New_York', blocks: [EVENING_BLOCK], ...body },
  });
  if (res.status !== 201) throw new Error(`location not created: ${JSON.stringify(res.body)}`);
  return res.body.locationId;
}
