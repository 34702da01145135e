/**
 * Proves kafkajs 2.2.4 and the local Kafka 4.x (KRaft) work together: an idempotent produce with acks from all
 * in-sync replicas, a consume, and a consumer group that rejoins and resumes from its committed offset.
 */
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { createTestTopics, testKafka, uniqueId } from './index';

const collect = (consumer: Consumer, sink: string[]) =>
  consumer.run({ eachMessage: async ({ message }: EachMessagePayload) => void sink.push(message.value!.toString()) });

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('kafkajs against the local Kafka', () => {
  const kafka = testKafka();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  beforeAll(() => producer.connect());
  afterAll(() => producer.disconnect());

  it('round-trips keyed messages with headers, in order per key', async () => {
    const { topic } = await createTestTopics('roundtrip');
    const consumer = kafka.consumer({ groupId: uniqueId('g'), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: { key: string; value: string; type: string }[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ key: message.key!.toString(), value: message.value!.toString(), type: message.headers!.ce_type!.toString() });
      },
    });
    try {
      const messages = Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 2}`, value: String(i), headers: { ce_type: 'iop.test.Thing.v1' } }));
      await producer.send({ topic, acks: -1, messages });
      await until(() => seen.length === 20);
      expect(seen.filter((m) => m.key === 'k0').map((m) => Number(m.value))).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
      expect(new Set(seen.map((m) => m.type))).toEqual(new Set(['iop.test.Thing.v1']));
    } finally {
      await consumer.disconnect();
    }
  });

  it('a consumer group that leaves and rejoins resumes after its committed offset', async () => {
    const { topic } = await createTestTopics('rejoin', 1);
    const groupId = uniqueId('g');
    const first: string[] = [];
    const c1 = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await c1.connect();
    await c1.subscribe({ topic, fromBeginning: true });
    await collect(c1, first);
    await producer.send({ topic, acks: -1, messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    await until(() => first.length === 3);
    await c1.disconnect();

    await producer.send({ topic, acks: -1, messages: ['d', 'e'].map((value) => ({ value })) });
    const second: string[] = [];
    const c2 = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await c2.connect();
    await c2.subscribe({ topic, fromBeginning: true });
    await collect(c2, second);
    try {
      await until(() => second.length === 2);
      expect(first).toEqual(['a', 'b', 'c']);
      expect(second).toEqual(['d', 'e']);
    } finally {
      await c2.disconnect();
    }
  });
});
