import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS } from '@iop/domain-events';
import { KAFKA_BROKERS } from '@iop/local-stack';

export const testKafka = (clientId = 'iop-test'): Kafka =>
  new Kafka({ clientId, brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });

/** A topic name no other test file uses, created with its `.dlq` sibling. */
export async function createTestTopics(base: string, partitions = 3): Promise<{ topic: string; dlq: string }> {
  const topic = `test.${base}.${randomBytes(5).toString('hex')}`;
  const dlq = `${topic}.dlq`;
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [topic, dlq].map((t) => ({ topic: t, numPartitions: partitions, replicationFactor: 1 })),
    });
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
export async function createTopicNamespace(): Promise<string> {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: ALL_TOPICS.map((t) => ({ topic: prefix + t, numPartitions: 3, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
  return prefix;
}
