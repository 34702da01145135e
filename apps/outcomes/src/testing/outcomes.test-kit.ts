import type { KafkaMessage, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { type PublicEvent, toKafkaMessage, contractFor } from '@iop/domain-events';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, testKafka, tokenFor, uniqueId, type TestDatabase } from '@iop/testing';
import { outcomesService } from '../service';

/** The real outcomes service on its own database and Kafka topic namespace, plus what its tests need around it. */
export interface OutcomesKit {
  app: TestApp;
  prefix: string;
  /** Reads every tenant's rows (projector role): assertions on read models and the event store. */
  db: Pool;
  token(tenant: string, roles: string[], subject?: string): Promise<string>;
  publish(events: PublicEvent[]): Promise<void>;
  until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  readTopic(topic: string, done: (messages: KafkaMessage[]) => boolean, timeoutMs?: number): Promise<KafkaMessage[]>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await sleep(100);
  }
}

async function readTopic(topic: string, done: (messages: KafkaMessage[]) => boolean, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  const consumer = testKafka().consumer({ groupId: uniqueId('reader'), maxWaitTimeInMs: 200 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
  try {
    return await until(async () => seen, done, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
}

export async function startOutcomesKit(): Promise<OutcomesKit> {
  const database: TestDatabase = await createTestDatabase('outcomes');
  const prefix = await createTopicNamespace();
  const env = { ...process.env, OUTCOMES_DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent', OUTCOMES_FOLLOW_UP_SWEEP_MINUTES: '0' };
  const app = await startTestApp(outcomesService(env));
  const db = new Pool({ connectionString: database.url, max: 2, options: '-c app.role=projector' });
  db.on('error', () => undefined); // the database is dropped (WITH FORCE) after the file
  let producer: Producer | undefined;
  return {
    app, prefix, db, until,
    token: (tenant, roles, subject) => tokenFor(tenant, roles, subject),
    async publish(events) {
      if (!producer) await (producer = testKafka().producer()).connect();
      for (const e of events) {
        const contract = contractFor(e.type)!;
        const key = String((e.data as Record<string, unknown>)[contract.key]);
        await producer.send({ topic: prefix + contract.topic, messages: [toKafkaMessage(key, e)] });
      }
    },
    readTopic: (topic, done, timeoutMs) => readTopic(prefix + topic, done, timeoutMs),
    async close() {
      await producer?.disconnect();
      await app.close();
      await db.end();
      await database.drop();
    },
  };
}
