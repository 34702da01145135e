/** Real CloudEvents on Kafka, in a test's own topic namespace, as the other services' publishers send them. */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { fromKafkaMessage, toKafkaMessage, toPublicEvent, type Contract, type PublicEvent } from '@iop/domain-events';
import { testKafka } from '@iop/testing';

export class EventFeed {
  private constructor(private readonly producer: Producer, private readonly prefix: string) {}

  static async connect(prefix: string): Promise<EventFeed> {
    const producer = testKafka('webhooks-test-feed').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new EventFeed(producer, prefix);
  }

  /** Publishes one event; returns its id (ce_id). */
  async publish<T>(contract: Contract<T>, tenantId: string, data: T, id = randomUUID()): Promise<string> {
    await this.publishMany(contract, tenantId, [data], [id]);
    return id;
  }

  async publishMany<T>(contract: Contract<T>, tenantId: string, items: T[], ids = items.map(() => randomUUID())): Promise<string[]> {
    const messages = items.map((data, i) => {
      const key = String((data as Record<string, unknown>)[contract.key]);
      const meta = { id: ids[i], subject: key, time: new Date().toISOString(), tenantId, correlationId: randomUUID() };
      return toKafkaMessage(key, toPublicEvent(contract, meta, data));
    });
    await this.producer.send({ topic: this.prefix + contract.topic, acks: -1, messages });
    return ids;
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

/** The list when it has items, else undefined (for waitFor). */
export const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);

export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every event on one of the namespace's topics, from the beginning, parsed as consumers parse them. */
export async function collectTopic(prefix: string, topic: string): Promise<{ events: PublicEvent[]; stop(): Promise<void> }> {
  const consumer = testKafka('webhooks-test-reader').consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const events: PublicEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: prefix + topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = fromKafkaMessage(message);
      if (parsed.ok) events.push(parsed.event);
    },
  });
  return { events, stop: () => consumer.disconnect() };
}
