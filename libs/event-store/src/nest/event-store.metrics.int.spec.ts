/**
 * The gauges an operator watches, against real PostgreSQL and Kafka: subscription and publisher lag from the log's
 * end and the checkpoints, dead letters parked per consumer, and a consumer group's lag per partition from Kafka's
 * offsets; all read from what the last background refresh found, never at the scrape.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Metrics, runMigrations } from '@iop/platform';
import { createTestDatabase, createTestTopics, testKafka, uniqueId, type TestDatabase } from '@iop/testing';
import { EventStore } from '../store/event-store';
import { EVENT_STORE_MIGRATIONS } from '../store/event-store.migrations';
import type { NewEvent } from '../store/types';
import { EventStoreMetrics } from './event-store.metrics';

const event = (): NewEvent => ({ id: randomUUID(), type: 'Noted', data: {}, metadata: { tenantId: 't', actor: { subject: 'a' }, correlationId: randomUUID() } });

/** A series' value from the registry's text, by its labels. */
async function sample(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const series = (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
  const found = series.find((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want));
  return found?.value;
}

describe('event store metrics', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EventStore;
  const kafka = testKafka('metrics');

  beforeAll(async () => {
    db = await createTestDatabase('esmetrics');
    await runMigrations(db.url, EVENT_STORE_MIGRATIONS);
    pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined);
    store = new EventStore(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('lag of the publisher and the subscriptions, and dead letters parked, as of the last refresh', async () => {
    for (let i = 0; i < 5; i++) await store.append(`s-${randomUUID()}`, 'x', [event()], { expectedVersion: 'no-stream' });
    const { rows } = await pool.query<{ p: string }>('SELECT max(global_position) AS p FROM events');
    const end = Number(rows[0].p);
    await pool.query(`INSERT INTO subscription_checkpoints (name, global_position) VALUES ('kafka-publisher', $1), ('roster', $2)`, [end - 2, end]);
    const park = (consumer: string, status: string) => pool.query(
      `INSERT INTO dead_letters (consumer, topic, partition, "offset", headers, reason, error, attempts, status) VALUES ($1, 't', 0, '1', '{}', 'failed', 'x', 5, $2)`, [consumer, status]);
    await park('enrollment', 'parked');
    await park('enrollment', 'parked');
    await park('enrollment', 'replayed');

    const metrics = new Metrics('test');
    const gauges = new EventStoreMetrics(store, kafka, metrics);
    gauges.watchGroup({ consumer: 'outreach', groupId: uniqueId('g'), topics: [] });
    await gauges.refresh();
    expect(await sample(metrics, 'event_store_publisher_lag_events')).toBe(2);
    expect(await sample(metrics, 'event_store_subscription_lag_events', { subscription: 'kafka-publisher' })).toBe(2);
    expect(await sample(metrics, 'event_store_subscription_lag_events', { subscription: 'roster' })).toBe(0);
    expect(await sample(metrics, 'dead_letters_parked', { consumer: 'enrollment' })).toBe(2);
    expect(await sample(metrics, 'dead_letters_parked', { consumer: 'outreach' })).toBe(0);

    // A scrape reads what the refresh found: appends since then show at the next refresh.
    await store.append(`s-${randomUUID()}`, 'x', [event()], { expectedVersion: 'no-stream' });
    expect(await sample(metrics, 'event_store_publisher_lag_events')).toBe(2);
    await gauges.refresh();
    expect(await sample(metrics, 'event_store_publisher_lag_events')).toBe(3);
    await gauges.onModuleDestroy();
  });

  it("a consumer group's lag per partition: end offsets minus committed ones (all of it before any commit)", async () => {
    const { topic } = await createTestTopics('metrics', 2);
    // Idempotent: a send retried on a busy broker must not write a record twice (the counts below are exact).
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, messages: [0, 0, 0, 1].map((partition, i) => ({ partition, value: String(i) })) });
    await producer.disconnect();
    const groupId = uniqueId('lag');
    const metrics = new Metrics('test');
    const gauges = new EventStoreMetrics(store, kafka, metrics);
    gauges.watchGroup({ consumer: 'enrollment', groupId, topics: [topic] });
    try {
      await gauges.refresh();
      expect(await sample(metrics, 'kafka_consumer_lag_messages', { group: groupId, topic, partition: '0' })).toBe(3);
      expect(await sample(metrics, 'kafka_consumer_lag_messages', { group: groupId, topic, partition: '1' })).toBe(1);
      const admin = kafka.admin();
      await admin.connect();
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }, { partition: 1, offset: '1' }] });
      await admin.disconnect();
      await gauges.refresh();
      expect(await sample(metrics, 'kafka_consumer_lag_messages', { consumer: 'enrollment', group: groupId, topic, partition: '0' })).toBe(1);
      expect(await sample(metrics, 'kafka_consumer_lag_messages', { group: groupId, topic, partition: '1' })).toBe(0);
    } finally {
      await gauges.onModuleDestroy();
    }
  });
});
