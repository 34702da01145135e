import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { type KafkaMessage, type Pseudonyms, TOPICS, toKafkaMessage, toPublicEvent, validateEvent } from '@iop/domain-events';
import { EventStore, type OutgoingMessage, type PublicMapping, type StoredEvent, Subscription, type SubscriptionHandler } from '@iop/event-store';
import { KAFKA, SERVICE_CONFIG, type ServiceConfig } from '@iop/platform';
import type { Pseudonymizer } from './analytics-keys';
import { onTopic } from './outcomes.publishing';

export const ANALYTICS_PSEUDONYMIZER = Symbol('ANALYTICS_PSEUDONYMIZER');
export const PUBLIC_MAPPING = Symbol('OUTCOMES_PUBLIC_MAPPING');

/**
 * The envelope the de-identification note promises (and the analytics header schema requires): `ce_subject` is
 * the subjectKey, `ce_time` the first of the month, `ce_id` and `ce_correlationid` derived under the tenant's key
 * (stable on a re-send, unlinkable to the internal event or to the request that caused it), `ce_tenantid` (and so
 * `ce_source`) a pseudonym of the clinic, and no causation id or traceparent. The record's own timestamp is that
 * month's first instant too: left to the producer it would be the publish time, which dates an admission to the
 * millisecond (the topic keeps records by size, not by time; see TOPIC_CONFIG). The event store's KafkaPublisher
 * copies ids and times from the internal event, which would let anyone who also reads an identified topic join the
 * two; hence this publisher for the analytics topic.
 */
export function deidentifiedMessage(event: StoredEvent, out: OutgoingMessage, index: number, p: Pseudonymizer): KafkaMessage {
  const tenantId = event.metadata.tenantId;
  const { subjectKey } = out.data as Pseudonyms;
  const time = `${event.recordedAt.toISOString().slice(0, 7)}-01T00:00:00Z`;
  const meta = {
    id: p.messageId(tenantId, `${event.id}:${index}`),
    subject: subjectKey,
    time,
    tenantId: p.tenantId(tenantId),
    correlationId: p.messageId(tenantId, `${event.id}:${index}:correlation`),
  };
  return { ...toKafkaMessage(subjectKey, toPublicEvent(out.contract, meta, out.data)), timestamp: String(Date.parse(time)) };
}

/** The analytics part of the one public mapping; at-least-once like the event store's publisher. */
export class AnalyticsPublisherHandler implements SubscriptionHandler {
  readonly name = 'analytics-publisher';
  readonly mode = 'at-least-once' as const;
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly mapping: PublicMapping,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly options: { topic: string; validate: boolean },
  ) {}

  async handle(events: readonly StoredEvent[]): Promise<void> {
    const messages = events.flatMap((event) =>
      onTopic(this.mapping, TOPICS.analytics)(event).map((out, i) => {
        this.check(event, out);
        return deidentifiedMessage(event, out, i, this.pseudonymizer);
      }),
    );
    if (messages.length === 0) return;
    if (!this.producer) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [{ topic: this.options.topic, messages }] });
  }

  private check(event: StoredEvent, out: OutgoingMessage): void {
    if (!this.options.validate) return;
    const result = validateEvent(out.contract.type, out.data);
    if (!result.ok) throw new Error(`${event.type} ${event.id} maps to an invalid ${out.contract.type}: ${JSON.stringify(result.errors)}`);
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}

/** Runs the analytics subscription beside the event store's workers (one leader per database, like them). */
@Injectable()
export class AnalyticsPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;
  private handler?: AnalyticsPublisherHandler;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(PUBLIC_MAPPING) private readonly mapping: PublicMapping,
    @Inject(ANALYTICS_PSEUDONYMIZER) private readonly pseudonymizer: Pseudonymizer,
  ) {}

  onApplicationBootstrap(): void {
    const topic = this.config.kafkaTopicPrefix + TOPICS.analytics;
    const validate = process.env.NODE_ENV === 'test';
    this.handler = new AnalyticsPublisherHandler(this.kafka, this.mapping, this.pseudonymizer, { topic, validate });
    this.subscription = new Subscription(this.store, this.handler);
    this.subscription.start();
    new Logger('analytics-publisher').log(`publishing de-identified events on ${topic}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    await this.handler?.close();
  }
}
