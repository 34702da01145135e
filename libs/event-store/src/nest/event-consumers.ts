import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { KAFKA, SERVICE_CONFIG, type ServiceConfig } from '@iop/platform';
import { type ConsumerDefinition, InboxConsumer } from '../kafka/inbox-consumer';
import { EventStore } from '../store/event-store';
import { EventStoreMetrics } from './event-store.metrics';

/**
 * The running inbox consumers (the `InboxTransport` registers the consumer controllers' definitions and starts them,
 * retrying in the background while Kafka is away). They stop when the module is destroyed, before the pool closes.
 */
@Injectable()
export class EventConsumers implements OnModuleDestroy {
  private readonly definitions: ConsumerDefinition[] = [];
  readonly running = new Map<string, InboxConsumer>();
  private stopped = false;
  private readonly starting: Promise<void>[] = [];
  private readonly logger = new Logger('consumers');

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(EventStoreMetrics) private readonly metrics: EventStoreMetrics,
  ) {}

  register(def: ConsumerDefinition): void {
    if (this.definitions.some((d) => d.name === def.name)) throw new Error(`consumer ${def.name} is registered twice`);
    this.definitions.push(def);
  }

  consumer(name: string): InboxConsumer | undefined {
    return this.running.get(name);
  }

  /** Starts every registered consumer not running yet, in the background. */
  start(): void {
    for (const def of this.definitions) {
      if (this.running.has(def.name) || this.stopped) continue;
      const prefix = this.config.kafkaTopicPrefix;
      const topics = def.topics.map((t) => prefix + t);
      const groupId = `${prefix}${this.config.service}.${def.name}`;
      const { handled, parked } = this.metrics.series;
      const consumer = new InboxConsumer(this.kafka, this.store, { ...def, topics }, {
        groupId,
        maxBatch: this.config.kafkaTuning.consumerMaxBatch,
        concurrency: this.config.kafkaTuning.consumerConcurrency,
        fetch: { minBytes: this.config.kafkaTuning.fetchMinBytes, maxWaitMs: this.config.kafkaTuning.fetchMaxWaitMs },
        commitIntervalMs: this.config.kafkaTuning.commitIntervalMs,
        onHandled: () => handled.inc({ consumer: def.name }),
        onParked: (p) => parked.inc({ consumer: def.name, reason: p.reason }),
        onStopped: (err) => this.restart(def.name, consumer, err),
      });
      this.metrics.watchGroup({ consumer: def.name, groupId, topics });
      this.running.set(def.name, consumer);
      this.starting.push(this.startWithRetry(def.name, consumer));
    }
  }

  /** A consumer kafkajs stopped for good while the service runs: stopped cleanly, then started as at first. */
  private restart(name: string, consumer: InboxConsumer, err: Error): void {
    if (this.stopped) return;
    this.logger.warn(`${name} was stopped by Kafka (${err.message}): starting it again`);
    this.starting.push(consumer.stop().then(() => this.startWithRetry(name, consumer)));
  }

  private async startWithRetry(name: string, consumer: InboxConsumer): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await consumer.start();
        return;
      } catch (err) {
        this.logger.warn(`${name} could not start (attempt ${attempt}): ${(err as Error).message}`);
        await consumer.stop();
        await new Promise((r) => setTimeout(r, Math.min(1000 * attempt, 10_000)));
      }
    }
  }

  /** Stops them all (once; the transport's close after this finds nothing left to do). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Leaving a group while still joining it leaves a stale member that delays the next start: let joins finish.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.starting), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
    clearTimeout(timer);
    await Promise.all([...this.running.values()].map((c) => c.stop()));
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }
}
