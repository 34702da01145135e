import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS, topicConfigEntries } from '@iop/domain-events';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_BROKERS, localKafkaSecurity, STACK_DIR } from '@iop/local-stack';

/** A client of the local broker, or of the one `KAFKA_BROKERS` names, with its TLS and SASL settings (`KAFKA_SSL*`, `KAFKA_SASL_*`). */
export const testKafka = (clientId = 'iop-test', brokers: string[] = KAFKA_BROKERS): Kafka =>
  new Kafka({ clientId, brokers, ...localKafkaSecurity(), logLevel: logLevel.NOTHING, retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 10_000 } });

type Admin = ReturnType<Kafka['admin']>;

/**
 * `createTopics({ waitForLeaders })` returns when the controller has leaders; a busy broker may still answer
 * "does not host this topic-partition" for a moment. Wait until its metadata shows a leader for every partition.
 */
async function createAndAwait(admin: Admin, topics: string[], partitions: number): Promise<void> {
  // kafkajs's own waitForLeaders gives up on an early UNKNOWN_TOPIC_OR_PARTITION from a busy broker: poll instead.
  await admin.createTopics({ waitForLeaders: false, topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1, configEntries: topicConfigEntries(topic) })) });
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
    remember([topic, dlq]);
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
    if (!brokers) remember(ALL_TOPICS.map((t) => prefix + t));
  } finally {
    await admin.disconnect();
  }
  return prefix;
}

/** The file in which one `npm test` run lists the topics its files created (the run id is set by the global setup). */
const topicLog = (run: string) => join(STACK_DIR, `test-topics-${run}.txt`);

function remember(topics: string[]): void {
  const run = process.env.IOP_TEST_RUN;
  if (run) appendFileSync(topicLog(run), `${topics.join('\n')}\n`);
}

/** Deletes topics on the local broker: those `which` picks from the broker's list. */
export async function deleteTopics(which: (topic: string) => boolean, brokers?: string[]): Promise<number> {
  const admin = testKafka('iop-test-cleanup', brokers).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter(which);
    for (let i = 0; i < topics.length; i += 200) await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 30_000 });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes the topics one test run created, and only those (another run may share the broker), so that a long-lived
 * local broker does not pile up thousands of partitions run after run (one with 18,000 took a minute to start).
 */
export async function deleteRunTopics(run: string, brokers?: string[]): Promise<number> {
  if (!existsSync(topicLog(run))) return 0;
  const created = new Set(readFileSync(topicLog(run), 'utf8').split('\n').filter(Boolean));
  const n = await deleteTopics((t) => created.has(t), brokers);
  rmSync(topicLog(run), { force: true });
  return n;
}
