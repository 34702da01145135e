import { Logger } from '@nestjs/common';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { CE_HEADERS, DLQ_HEADERS, dlqTopic, fromKafkaMessage, type PublicEvent } from '@iop/domain-events';
import { commit, inSpan, inTransaction, parameterArray, PROJECTOR_SETTING, SpanKind, writeAtCommit } from '@iop/platform';
import type { Declaration } from '../command/unit-of-work';
import { UnitOfWork } from '../command/unit-of-work';
import type { EventStore } from '../store/event-store';
import { DeadLetters, type ParkedMessage } from './dead-letters';

/**
 * The batch's events this consumer applied already: one primary-key lookup per event. `event_id = ANY($2)` was
 * planned, for a generic plan made while the inbox was young, as a sequential scan of the whole inbox, run on every
 * batch as it grew; the per-event lateral (`OFFSET 0` keeps it from being flattened into a join) has no such plan.
 * The ids come as `parameterArray` gives them, so that the statement is planned once per connection.
 */
const inboxSeenSql = (ids: string) => `SELECT i.event_id FROM unnest(${ids}) AS u(id)
  CROSS JOIN LATERAL (SELECT event_id FROM inbox WHERE consumer = $1 AND event_id = u.id OFFSET 0) i`;

/**
 * A consumed event's effect, in the inbox's transaction. A handler whose whole effect is decider commands returns their
 * declarations (their event ids derive from the consumed event's id, `commandContextFromEvent`): the consumer decides
 * and appends a batch's declarations together, one read and one append. One that needs the transaction (projections,
 * fan-out, seat locks) uses `uow.client`, and may also decide through `uow`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each declaration has its own state, event and command types
export type EventHandler = (event: PublicEvent, uow: UnitOfWork) => Promise<void | readonly Declaration<any, any, any>[]>;
/** The same for a run of consecutive events of one type in a batch, set-based (with the effect of one after another). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export type BatchHandler = (events: PublicEvent[], uow: UnitOfWork) => Promise<void | readonly Declaration<any, any, any>[]>;

export interface ConsumerDefinition {
  /** The inbox and dead-letter name; the Kafka group is `<service>.<name>`. */
  name: string;
  topics: string[];
  /** Handlers by CloudEvents type (`iop.admissions.PatientAdmitted.v1`); other types are skipped. */
  handlers: Record<string, EventHandler>;
  /**
   * Optional, set-based, by type: consecutive events of a fetched batch whose types share a batch handler go to it
   * together, with the same effect as their handlers one after another. An event that goes alone (the batch failed, a replay of a
   * parked event) goes through `handlers`.
   */
  batchHandlers?: Record<string, BatchHandler>;
}

export interface ConsumerOptions {
  groupId: string;
  /** Most events applied in one transaction (default 100); 1 applies each in its own. */
  maxBatch?: number;
  /** Partitions whose batches are applied at once, each in its own transaction (default 6). */
  concurrency?: number;
  /** Kafka fetch tuning: the broker answers a fetch once `minBytes` are there or `maxWaitMs` have passed. */
  fetch?: { minBytes?: number; maxWaitMs?: number };
  /**
   * How often the group's offsets are committed (default 1000 ms; 0 commits after every batch, as kafkajs does by
   * default). The inbox makes a redelivery harmless, so after a crash or a rebalance at most this much is fetched
   * again; a batch's commit no longer waits between one fetch and the next (one OffsetCommit request per partition
   * batch was most of the broker's work).
   */
  commitIntervalMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  fromBeginning?: boolean;
  onHandled?: (event: PublicEvent) => void;
  onParked?: (parked: ParkedMessage) => void;
  /**
   * kafkajs stopped the consumer for good (a non-retriable error, such as the group coordinator still not found after
   * Kafka came back): it restarts a consumer after a retriable error only. The owner starts it again (`EventConsumers`).
   */
  onStopped?: (error: Error) => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The record's CloudEvents type from its header, unparsed (undefined when missing or repeated). */
function typeHeader(message: KafkaMessage): string | undefined {
  const value = message.headers?.[CE_HEADERS.type];
  return value === undefined || Array.isArray(value) ? undefined : value.toString();
}

/**
 * The idempotent inbox (docs/ARCHITECTURE.md, "Inbox" and "Dead letters"): the handler's writes and the `inbox(consumer, event_id)` row commit in one
 * transaction, so a redelivered event has no second effect. A failing event is retried with backoff, then parked in
 * `dead_letters` and on `<topic>.dlq`; later events with the same key are parked behind it so per-aggregate order
 * holds, while other keys keep flowing.
 */
export class InboxConsumer {
  private consumer?: Consumer;
  private producer?: Producer;
  readonly deadLetters: DeadLetters;
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBatch: number;
  private readonly commitIntervalMs: number;
  /** The next offset to read, by topic and partition, applied but not yet committed. */
  private readonly uncommitted = new Map<string, { topic: string; partition: number; offset: string }>();
  private commitTimer?: NodeJS.Timeout;
  private committing?: Promise<void>;
  private stopping = false;

  private readonly pool: Pool;

  constructor(
    private readonly kafka: Kafka,
    private readonly store: EventStore,
    private readonly def: ConsumerDefinition,
    private readonly options: ConsumerOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 200;
    this.maxBatch = Math.max(1, options.maxBatch ?? 100);
    this.commitIntervalMs = Math.max(0, options.commitIntervalMs ?? 1_000);
    this.logger = new Logger(`consumer:${def.name}`);
    this.pool = store.pool;
    this.deadLetters = new DeadLetters(store.pool, def.name, (event, client) => this.apply(event, client));
  }

  private mayHaveParked = true;

  async start(): Promise<void> {
    this.stopping = false; // started again after `stop` (a restart by its owner): it runs as at first
    this.mayHaveParked = (await this.deadLetters.list({ status: 'parked', limit: 1 })).length > 0;
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      // By default a fetch returns as soon as a record arrives; the cap only bounds how long a shutdown waits for it.
      minBytes: this.options.fetch?.minBytes ?? 1,
      maxWaitTimeInMs: this.options.fetch?.maxWaitMs ?? 1_000,
    });
    await this.consumer.connect();
    const consumer = this.consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && !this.stopping && this.consumer === consumer) this.options.onStopped?.(payload.error);
    });
    // Partitions may have moved: what this member applied on them is applied (the inbox holds it); the new owner
    // commits from here on.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.uncommitted.clear());
    await this.consumer.subscribe({ topics: this.def.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.concurrency ?? 6,
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let i = 0; i < batch.messages.length && isRunning() && !isStale(); i += this.maxBatch) {
          const chunk = batch.messages.slice(i, i + this.maxBatch);
          await this.processChunk(batch.topic, batch.partition, chunk, heartbeat);
          const last = chunk[chunk.length - 1].offset;
          resolveOffset(last);
          this.uncommitted.set(`${batch.topic}:${batch.partition}`, { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() });
          await heartbeat();
        }
        // While stopping, the batch in hand commits itself: the group is left as soon as it returns.
        if (this.commitIntervalMs === 0 || this.stopping) await this.commitApplied();
      },
    });
    if (this.commitIntervalMs > 0) {
      this.commitTimer = setInterval(() => void this.commitApplied(), this.commitIntervalMs);
      this.commitTimer.unref();
    }
  }

  /** Commits the offsets applied since the last commit, one commit at a time; a failed one is tried again next time. */
  private async commitApplied(): Promise<void> {
    while (this.committing) await this.committing;
    if (this.uncommitted.size === 0 || !this.consumer) return;
    const offsets = [...this.uncommitted.values()];
    this.uncommitted.clear();
    this.committing = this.consumer.commitOffsets(offsets).catch((err: Error) => {
      // Applied offsets are committed again next time, unless newer ones or a rebalance replaced them.
      for (const o of offsets) {
        const key = `${o.topic}:${o.partition}`;
        if (!this.uncommitted.has(key)) this.uncommitted.set(key, o);
      }
      this.logger.debug(`committing offsets failed, will retry: ${err.message}`);
    }).finally(() => {
      this.committing = undefined;
    });
    await this.committing;
  }

  /**
   * Records of one partition, in order. Usually they are applied in one transaction (one inbox statement, one
   * commit); if anything in it fails, or a record is invalid, or something of this consumer is parked, each record
   * goes its own way through `process` (retries, parking), exactly as if the batch had never been tried. A single
   * record goes the same way: at a steady rate most fetches bring one record per partition, and the batch's
   * transaction takes two round trips fewer than `process` (its BEGIN travels with the inbox read, the inbox row
   * with the COMMIT) and uses the consumer's batch handlers.
   */
  async processChunk(topic: string, partition: number, messages: KafkaMessage[], heartbeat: () => Promise<void> = async () => undefined): Promise<void> {
    if (messages.length > 0 && !this.mayHaveParked) {
      const events: PublicEvent[] = [];
      let clean = true;
      for (const message of messages) {
        if (this.notMine(message)) continue;
        const parsed = fromKafkaMessage(message);
        if (!parsed.ok) {
          clean = false;
          break;
        }
        if (this.def.handlers[parsed.event.type]) events.push(parsed.event);
      }
      if (clean) {
        if (events.length === 0) return;
        try {
          await this.traced(topic, partition, events, () => this.applyBatchInTransaction(events));
          return;
        } catch (err) {
          this.logger.warn(`a batch of ${events.length} failed, applying its events one by one: ${(err as Error).message}`);
        }
      }
    }
    for (const message of messages) {
      await this.process(topic, partition, message);
      await heartbeat();
    }
  }

  /**
   * The batch's transaction opens as the projector, and its BEGIN and that setting travel with the inbox read (one
   * round trip for three; see `inTransaction`). The inbox rows are written with the COMMIT: until its first write a
   * transaction holds no transaction id, and while it holds one this service's publisher cannot read past it, so
   * the batch's reads no longer delay every event committed meanwhile. A consumer that applied one of these events
   * since the read (after a rebalance) makes the inbox insert, and so the COMMIT, fail: the batch then goes event by
   * event, where the inbox skips it.
   */
  private async applyBatchInTransaction(events: PublicEvent[]): Promise<void> {
    const applied: PublicEvent[] = [];
    await inTransaction(this.pool, async (client) => {
      const ids = parameterArray(events.map((e) => e.id), 2, 'uuid');
      const { rows } = await client.query<{ event_id: string }>(inboxSeenSql(ids.sql), [this.def.name, ...ids.values]);
      // A redelivered event is skipped; an id twice in one batch is applied once.
      const seen = new Set(rows.map((r) => r.event_id));
      for (const event of events) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        applied.push(event);
      }
      if (applied.length === 0) return;
      await this.applyAll(applied, client);
      await writeAtCommit(client, 'INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])', [this.def.name, applied.map((e) => e.id)]);
    }, () => `BEGIN; ${PROJECTOR_SETTING}`);
    for (const event of applied) this.options.onHandled?.(event);
  }

  /**
   * The processing span of events applied in one inbox transaction: a child of the producer's span in the message
   * headers (`traceparent`), so a consumed event's trace runs on through the handler's queries and commit; a batch of
   * events from several traces starts its own, linked to each.
   */
  private traced(topic: string, partition: number, events: readonly PublicEvent[], fn: () => Promise<void>): Promise<void> {
    return inSpan(`${topic} process`, SpanKind.CONSUMER, events.map((e) => e.traceparent), {
      'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(partition), 'messaging.consumer.group.name': this.options.groupId,
      'messaging.batch.message_count': events.length,
    }, fn);
  }

  async stop(): Promise<void> {
    clearInterval(this.commitTimer);
    // Commit what was applied; a batch still in hand commits its own at its end; then the group is left.
    this.stopping = true;
    await this.committing;
    await this.commitApplied();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }

  /**
   * A record whose type header names an event this consumer has no handler for is skipped before its body is parsed
   * and validated (most of a topic, for most consumers). One without a usable type header goes the full way, and a
   * bad one is parked.
   */
  private notMine(message: KafkaMessage): boolean {
    const type = typeHeader(message);
    return type !== undefined && this.def.handlers[type] === undefined;
  }

  /** One record: parse, keep per-key order behind parked events, apply through the inbox, retry, park. */
  async process(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    if (this.notMine(message)) return;
    const key = message.key?.toString() ?? null;
    const parsed = fromKafkaMessage(message);
    if (!parsed.ok) return this.park(topic, partition, message, key, 'invalid', parsed.reason, 0);
    const handler = this.def.handlers[parsed.event.type];
    if (!handler) return;
    // One query per message only while something of this consumer is parked (checked at start, set on park).
    const blocking = key && this.mayHaveParked ? await this.deadLetters.parkedHeadFor(key) : undefined;
    if (blocking) return this.park(topic, partition, message, key, 'behind', `parked behind dead letter ${blocking}`, 0, blocking, parsed.event);
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        await this.traced(topic, partition, [parsed.event], () => this.applyInTransaction(parsed.event));
        return;
      } catch (err) {
        lastError = err as Error;
        this.logger.warn(`${parsed.event.type} ${parsed.event.id} failed (attempt ${attempt}/${this.maxAttempts}): ${lastError.message}`);
        if (attempt < this.maxAttempts) await sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
    await this.park(topic, partition, message, key, 'failed', lastError?.message ?? 'unknown error', this.maxAttempts, undefined, parsed.event);
  }

  private async applyInTransaction(event: PublicEvent): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const applied = await this.apply(event, client);
      await commit(client);
      if (applied) this.options.onHandled?.(event);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Inside the caller's transaction: false when the inbox already has the event (a redelivery). */
  private async apply(event: PublicEvent, client: PoolClient): Promise<boolean> {
    const inbox = await client.query('INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [this.def.name, event.id]);
    if (inbox.rowCount === 0) return false;
    const handler = this.def.handlers[event.type];
    if (!handler) return true;
    await client.query(PROJECTOR_SETTING);
    await this.applyAll([event], client);
    return true;
  }

  /**
   * Events in order through their handlers in one unit of work: runs of types sharing a batch handler go to it
   * together, and the declarations handlers return are decided and appended together (before any later statement of
   * the transaction, else with its COMMIT).
   */
  private async applyAll(events: PublicEvent[], client: PoolClient): Promise<void> {
    const uow = new UnitOfWork(this.store, client);
    try {
      const batch = events.length > 1 ? this.def.batchHandlers ?? {} : {};
      for (let i = 0; i < events.length;) {
        const run = batch[events[i].type];
        let j = i + 1;
        // Consecutive events whose types share a batch handler go to it together.
        if (run) while (j < events.length && batch[events[j].type] === run) j++;
        const declared = run ? await run(events.slice(i, j), uow) : await this.def.handlers[events[i].type](events[i], uow);
        if (declared) uow.declare(declared);
        i = j;
      }
      await uow.complete();
    } finally {
      uow.close();
    }
  }

  private async park(
    topic: string, partition: number, message: KafkaMessage, key: string | null, reason: ParkedMessage['reason'],
    error: string, attempts: number, behind?: number, event?: PublicEvent,
  ): Promise<void> {
    this.mayHaveParked = true;
    const parked = await this.deadLetters.park({ topic, partition, offset: message.offset, key, message, reason, error, attempts, behind, event });
    this.logger.error(`parked ${topic}[${partition}]@${message.offset} (${reason}): ${error}`);
    await this.producer!.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [{
        key: message.key,
        value: message.value,
        headers: {
          ...(message.headers ?? {}),
          [DLQ_HEADERS.error]: `${reason}: ${error}`.slice(0, 1000),
          [DLQ_HEADERS.consumer]: this.def.name,
          [DLQ_HEADERS.attempts]: String(attempts),
          [DLQ_HEADERS.originalTopic]: topic,
          [DLQ_HEADERS.originalPartition]: String(partition),
          [DLQ_HEADERS.originalOffset]: message.offset,
          [DLQ_HEADERS.parkedAt]: parked.parkedAt,
          ...(behind ? { [DLQ_HEADERS.parkedBehind]: String(behind) } : {}),
        },
      }],
    });
    this.options.onParked?.(parked);
  }
}
