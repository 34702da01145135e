import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS } from '@iop/domain-events';
import { KAFKA_BROKERS } from '@iop/local-stack';

export const testKafka = (clientId = 'iop-test', brokers: string[] = KAFKA_BROKERS): Kafka =>
  new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 10_000 } });

type Admin = ReturnType<Kafka['admin']>;

/**
 * `createTopics({ waitForLeaders })` returns when the controller has leaders; a busy broker may still answer
 * "does not host this topic-partition" for a moment. Wait until its metadata shows a leader for every partition.
 */
async function createAndAwait(admin: Admin, topics: string[], partitions: number): Promise<void> {
  // kafkajs's own waitForLeaders gives up on an early UNKNOWN_TOPIC_OR_PARTITION from a busy broker: poll instead.
  await admin.createTopics({ waitForLeaders: false, topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const meta = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
    const ready = meta?.topics.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0));
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leaders after 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A topic name no other test file uses, created with its `.dlq` sibling. */
export async function createTestTopics(base: string, partitions = 3): Promise<{ topic: string; dlq: string }> {
  const topic = `test.${base}.${randomBytes(5).toString('hex')}`;
  const dlq = `${topic}.dlq`;
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await createAndAwait(admin, [topic, dlq], partitions);
  } finally {
    await admin.disconnect();
  }
  return { topic, dlq };
}

export const uniqueId = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/**
 * Every public topic (and its `.dlq`) under a fresh prefix: services started with `KAFKA_TOPIC_PREFIX=<prefix>`
 * publish and consume there, so test files never see each other's events.
 */
export async function createTopicNamespace(brokers?: string[]): Promise<string> {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const admin = testKafka('iop-test', brokers).admin();
  await admin.connect();
  try {
    await createAndAwait(admin, ALL_TOPICS.map((t) => prefix + t), 3);
  } finally {
    await admin.disconnect();
  }
  return prefix;
}
