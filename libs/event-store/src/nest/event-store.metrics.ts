import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { Counter, Gauge, type Registry } from 'prom-client';
import { KAFKA, Metrics } from '@iop/platform';
import { EventStore } from '../store/event-store';

/** How often the gauges that cost a query or a Kafka request are refreshed; a scrape only reads what they hold. */
export const METRICS_REFRESH_MS = 15_000;

/** The event store's and its consumers' series, by name (infra/observability's dashboard and alerts use these). */
export function eventStoreMetrics(registry: Registry) {
  const registers = [registry];
  return {
    handled: new Counter({ name: 'consumer_events_handled_total', help: 'events applied through the inbox', labelNames: ['consumer'], registers }),
    parked: new Counter({ name: 'consumer_events_parked_total', help: 'events parked as dead letters (failed, invalid, or behind a parked event of their key)', labelNames: ['consumer', 'reason'], registers }),
    published: new Counter({ name: 'event_store_published_messages_total', help: 'messages the publisher sent to Kafka and Kafka acknowledged', registers }),
    deadLetters: new Gauge({ name: 'dead_letters_parked', help: 'dead letters waiting for a replay or a discard, per consumer', labelNames: ['consumer'], registers }),
    consumerLag: new Gauge({
      name: 'kafka_consumer_lag_messages', help: "records on a partition after the consumer group's committed offset",
      labelNames: ['consumer', 'group', 'topic', 'partition'], registers,
    }),
    subscriptionLag: new Gauge({ name: 'event_store_subscription_lag_events', help: 'global positions appended after a subscription\'s checkpoint (events not yet handled)', labelNames: ['subscription'], registers }),
    publisherLag: new Gauge({ name: 'event_store_publisher_lag_events', help: "global positions appended after the Kafka publisher's checkpoint (events not yet published)", registers }),
    rebuild: new Gauge({ name: 'projection_rebuild_progress_ratio', help: 'progress of a running projection rebuild (0-1)', labelNames: ['projection'], registers }),
  };
}

export type EventStoreSeries = ReturnType<typeof eventStoreMetrics>;

/** A running consumer's Kafka group and topics, for its lag. */
export interface ConsumerGroup {
  consumer: string;
  groupId: string;
  topics: readonly string[];
}

/**
 * Lag of the subscriptions and the publisher (the log's end, read from the end of its primary key, minus each
 * checkpoint: no count over the log), dead letters parked (an index-only count over the parked rows' partial index),
 * and each consumer group's lag per partition (Kafka's end offsets minus the group's committed ones, from the admin
 * API). Refreshed in the background every `METRICS_REFRESH_MS` and at start: a scrape never waits on PostgreSQL or
 * Kafka, and many scrapers cost no more than one. Positions are an identity, so a rolled-back append leaves a gap:
 * a lag in positions is at least the lag in events, never less.
 */
@Injectable()
export class EventStoreMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  readonly series: EventStoreSeries;
  private readonly groups = new Map<string, ConsumerGroup>();
  private timer?: NodeJS.Timeout;
  private admin?: Admin;
  private refreshing?: Promise<void>;
  private stopped = false;
  private readonly logger = new Logger('event-store-metrics');

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(Metrics) metrics: Metrics,
  ) {
    this.series = eventStoreMetrics(metrics.registry);
  }

  /** A consumer started: its group's lag is measured from now on. */
  watchGroup(group: ConsumerGroup): void {
    this.groups.set(group.consumer, group);
    this.series.deadLetters.set({ consumer: group.consumer }, 0);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), METRICS_REFRESH_MS);
    this.timer.unref();
    void this.refresh();
  }

  /** One refresh at a time; each source fails alone (its gauges keep their last values) and says so at debug. */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.refreshing ??= Promise.all([
      this.refreshLog().catch((err: Error) => this.logger.debug(`log lag: ${err.message}`)),
      this.refreshDeadLetters().catch((err: Error) => this.logger.debug(`dead letters: ${err.message}`)),
      this.refreshConsumerLag().catch((err: Error) => this.logger.debug(`consumer lag: ${err.message}`)),
    ]).then(() => undefined).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshLog(): Promise<void> {
    const { rows } = await this.store.pool.query<{ name: string; lag: string }>(
      `SELECT c.name, greatest(e.last - c.global_position, 0) AS lag
       FROM subscription_checkpoints c, (SELECT coalesce(max(global_position), 0) AS last FROM events) e`);
    for (const r of rows) {
      this.series.subscriptionLag.set({ subscription: r.name }, Number(r.lag));
      if (r.name === 'kafka-publisher') this.series.publisherLag.set(Number(r.lag));
    }
  }

  private async refreshDeadLetters(): Promise<void> {
    const { rows } = await this.store.pool.query<{ consumer: string; parked: string }>(
      `SELECT consumer, count(*) AS parked FROM dead_letters WHERE status = 'parked' GROUP BY consumer`);
    const counts = new Map(rows.map((r) => [r.consumer, Number(r.parked)]));
    for (const consumer of new Set([...this.groups.keys(), ...counts.keys()])) this.series.deadLetters.set({ consumer }, counts.get(consumer) ?? 0);
  }

  private async refreshConsumerLag(): Promise<void> {
    if (this.groups.size === 0) return;
    const admin = await this.connectedAdmin();
    const ends = new Map<string, Map<number, { high: bigint; low: bigint }>>();
    for (const topic of new Set([...this.groups.values()].flatMap((g) => g.topics))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(topic, new Map(offsets.map((o) => [o.partition, { high: BigInt(o.high), low: BigInt(o.low) }])));
    }
    for (const group of this.groups.values()) {
      const committed = await admin.fetchOffsets({ groupId: group.groupId, topics: [...group.topics] });
      for (const { topic, partitions } of committed) {
        for (const { partition, offset } of partitions) {
          const end = ends.get(topic)?.get(partition);
          if (!end) continue;
          // Nothing committed yet: the group starts at the log's beginning (consumers read from the beginning).
          const from = BigInt(offset) >= 0n ? BigInt(offset) : end.low;
          const lag = end.high > from ? end.high - from : 0n;
          this.series.consumerLag.set({ consumer: group.consumer, group: group.groupId, topic, partition: String(partition) }, Number(lag));
        }
      }
    }
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    // A refresh waiting on a Kafka that is away does not hold the shutdown for more than a moment.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.refreshing, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
    clearTimeout(timer);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }
}
