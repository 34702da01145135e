import { Logger } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { type Contract, toKafkaMessage, toPublicEvent, validateEvent } from '@iop/domain-events';
import { type Span, SpanKind, SpanStatusCode, startChildSpan } from '@iop/platform';
import { deterministicId } from '../command/streams';
import type { StoredEvent } from '../store/types';
import type { SubscriptionHandler } from '../subscriptions/subscription';

/** One public message an internal event becomes (an event may become none, or several on different topics). */
export interface OutgoingMessage<T = unknown> {
  contract: Contract<T>;
  data: T;
  /** Kafka key; defaults to the contract's key field of `data` (the aggregate id). */
  key?: string;
}

/** Internal event -> public contracts. Events with no public meaning return []. */
export type PublicMapping = (event: StoredEvent) => OutgoingMessage[];

export interface PublisherOptions {
  /** Validate every outgoing payload against its JSON Schema (on in tests; a contract bug then fails loudly). */
  validate?: boolean;
  /** Where a contract's messages go; defaults to the contract's topic (tests give each file its own topics). */
  topicFor?: (contract: Contract) => string;
  /** Called after each batch is acknowledged by Kafka (metrics, benchmarks). */
  onPublished?: (events: readonly StoredEvent[], messages: number) => void;
}

/**
 * The transactional outbox without a second table (docs/ARCHITECTURE.md, "Publisher"): an at-least-once subscription over the event
 * store that sends each page to Kafka with an idempotent producer (acks from all in-sync replicas) before its
 * checkpoint moves. CloudEvents binary mode; `ce_id` is the event id, so consumers' inboxes drop re-sends.
 */
export class KafkaPublisher implements SubscriptionHandler {
  readonly name = 'kafka-publisher';
  readonly mode = 'at-least-once' as const;
  private producer?: Producer;
  private readonly logger = new Logger('kafka-publisher');

  constructor(
    private readonly kafka: Kafka,
    private readonly mapping: PublicMapping,
    private readonly options: PublisherOptions = {},
  ) {}

  async handle(events: readonly StoredEvent[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    const spans: Span[] = [];
    let count = 0;
    for (const event of events) {
      this.mapping(event).forEach((out, i) => {
        const topic = this.options.topicFor?.(out.contract) ?? out.contract.topic;
        // One producer span per message, a child of the request (or consumed event) that appended the event: the
        // message's `traceparent` is this span's, so the consumers' spans continue the same trace.
        const { span, traceparent } = startChildSpan(`${topic} publish`, SpanKind.PRODUCER, event.metadata.traceparent, {
          'messaging.system': 'kafka', 'messaging.operation.type': 'publish', 'messaging.destination.name': topic, 'messaging.message.id': event.id,
        });
        spans.push(span);
        const message = this.toMessage(event, out, i, traceparent);
        const list = byTopic.get(topic) ?? [];
        list.push(message);
        byTopic.set(topic, list);
        count++;
      });
    }
    try {
      if (count > 0) {
        const producer = await this.connected();
        await producer.sendBatch({
          acks: -1,
          compression: CompressionTypes.None,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      }
    } catch (err) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      for (const span of spans) span.end();
    }
    this.options.onPublished?.(events, count);
  }

  private toMessage(event: StoredEvent, out: OutgoingMessage, index: number, traceparent: string | undefined): Message {
    if (this.options.validate) {
      const result = validateEvent(out.contract.type, out.data);
      if (!result.ok) throw new Error(`${event.type} ${event.id} maps to an invalid ${out.contract.type}: ${JSON.stringify(result.errors)}`);
    }
    const meta = event.metadata;
    const publicEvent = toPublicEvent(
      out.contract,
      {
        id: index === 0 ? event.id : deterministicId(event.id, index),
        subject: event.streamId,
        time: event.recordedAt.toISOString(),
        tenantId: meta.tenantId,
        correlationId: meta.correlationId,
        ...(meta.causationId ? { causationId: meta.causationId } : {}),
        ...(traceparent ? { traceparent } : {}),
      },
      out.data,
    );
    const key = out.key ?? String((out.data as Record<string, unknown>)[out.contract.key]);
    return toKafkaMessage(key, publicEvent);
  }

  private async connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
      this.logger.log('producer connected');
    }
    return this.producer;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}
