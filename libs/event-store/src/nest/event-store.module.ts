import {
  type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { KAFKA, PG_POOL, ProblemError, SERVICE_CONFIG, SERVICE_TRANSPORTS, type ServiceConfig } from '@iop/platform';
import { KafkaPublisher, type PublicMapping } from '../kafka/publisher';
import { inlineProjection, type Projection, projectionSubscription, rebuildProjection, type RebuildProgress } from '../projections/projection';
import { EventNotifier } from '../store/event-notifier';
import { EventStore } from '../store/event-store';
import type { Upcasters } from '../store/upcasters';
import { Subscription } from '../subscriptions/subscription';
import { COMMAND_ERRORS, type CommandErrorMapper, Commands } from '../command/commands';
import { EventConsumers } from './event-consumers';
import { EventStoreMetrics } from './event-store.metrics';
import { InboxTransport } from './inbox-transport';
import { InboxPruner } from './inbox-pruner';
import { DeadLetterController, ProjectionAdminController } from './admin.controllers';

export interface EventStoreModuleOptions {
  upcasters?: Upcasters;
  /** Read models updated in the append's transaction (reads that must see the write at once). */
  inlineProjections?: Projection[];
  /** Read models updated by checkpointed subscriptions. */
  projections?: Projection[];
  /** Internal event -> public contracts; without it the service publishes nothing. */
  publish?: PublicMapping;
  /** Validate outgoing payloads against their schemas (tests turn it on). */
  validateOnPublish?: boolean;
  /** The service's database refusals (exclusion constraints) as problems, for the command pipeline. */
  commandErrors?: CommandErrorMapper;
}

export const EVENT_STORE_OPTIONS = Symbol('EVENT_STORE_OPTIONS');

/** The publisher and the asynchronous projections: started after boot, stopped before the pool closes. */
@Injectable()
export class EventStoreWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  readonly subscriptions: Subscription[] = [];
  private publisher?: KafkaPublisher;
  readonly rebuilds = new Map<string, RebuildProgress>();

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EVENT_STORE_OPTIONS) private readonly options: EventStoreModuleOptions,
    @Inject(EventStoreMetrics) private readonly metrics: EventStoreMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.publish) {
      const prefix = this.config.kafkaTopicPrefix;
      const { published } = this.metrics.series;
      this.publisher = new KafkaPublisher(this.kafka, this.options.publish, {
        validate: this.options.validateOnPublish, topicFor: (c) => prefix + c.topic, onPublished: (_, messages) => published.inc(messages),
      });
      this.subscriptions.push(new Subscription(this.store, this.publisher, { lingerMs: this.config.kafkaTuning.publishLingerMs }));
    }
    for (const p of this.options.projections ?? []) this.subscriptions.push(projectionSubscription(this.store, p));
    for (const s of this.subscriptions) s.start();
    void this.store.notifier?.listen();
  }

  projection(name: string): Projection | undefined {
    return [...(this.options.projections ?? []), ...(this.options.inlineProjections ?? [])].find((p) => p.name === name);
  }

  /**
   * Starts a rebuild in the background; progress is readable here and in /metrics. One rebuild of a read model at a
   * time across every replica of the service: a session advisory lock, held by the rebuild's own connection until it
   * ends (a replica that dies releases it with its connection); another replica asking meanwhile gets a 409.
   */
  async rebuild(projection: Projection): Promise<RebuildProgress> {
    const running = this.rebuilds.get(projection.name);
    if (running && !running.done) return running;
    const guard = await this.store.pool.connect();
    const { rows } = await guard.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`rebuild:${projection.name}`]);
    if (!rows[0].locked) {
      guard.release();
      throw new ProblemError(409, `A rebuild of ${projection.name} is running on another replica; follow it there or try again once it is done.`, undefined, 'rebuild-in-progress');
    }
    const initial: RebuildProgress = { projection: projection.name, processed: 0, total: 0, done: false };
    this.rebuilds.set(projection.name, initial);
    void rebuildProjection(this.store, projection, (p) => {
      this.rebuilds.set(projection.name, p);
      this.metrics.series.rebuild.set({ projection: projection.name }, p.total ? p.processed / p.total : 1);
    })
      .catch((err: Error) => this.rebuilds.set(projection.name, { ...initial, done: true, error: err.message } as RebuildProgress))
      .finally(() => guard.query('SELECT pg_advisory_unlock(hashtext($1))', [`rebuild:${projection.name}`]).catch(() => undefined).finally(() => guard.release()));
    return initial;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    await this.publisher?.close();
    await this.store.notifier?.close();
  }
}

@Module({})
export class EventStoreModule {
  static forService(options: EventStoreModuleOptions = {}): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      controllers: [DeadLetterController, ProjectionAdminController],
      providers: [
        { provide: EVENT_STORE_OPTIONS, useValue: options },
        {
          provide: EventNotifier,
          useFactory: (pool: Pool, config: ServiceConfig) => new EventNotifier(pool, config.databaseUrl),
          inject: [PG_POOL, SERVICE_CONFIG],
        },
        {
          provide: EventStore,
          useFactory: (pool: Pool, notifier: EventNotifier) =>
            new EventStore(pool, { upcasters: options.upcasters, notifier, inlineProjections: (options.inlineProjections ?? []).map(inlineProjection) }),
          inject: [PG_POOL, EventNotifier],
        },
        { provide: COMMAND_ERRORS, useValue: options.commandErrors ?? ((err: unknown) => err) },
        Commands,
        EventStoreMetrics,
        EventStoreWorkers,
        EventConsumers,
        InboxTransport,
        InboxPruner,
        { provide: SERVICE_TRANSPORTS, useFactory: (inbox: InboxTransport) => [inbox], inject: [InboxTransport] },
        { provide: 'EventConsumers', useExisting: EventConsumers },
        { provide: 'EventStoreWorkers', useExisting: EventStoreWorkers },
      ],
      exports: [EventStore, Commands, EventStoreMetrics, EventConsumers, EventStoreWorkers, InboxTransport, InboxPruner, SERVICE_TRANSPORTS],
    };
  }
}
