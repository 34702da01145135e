import { Catch, Controller, type ExceptionFilter, Inject, Injectable, UseFilters } from '@nestjs/common';
import { BaseRpcContext, type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { PATTERN_EXTRAS_METADATA, PATTERN_HANDLER_METADATA } from '@nestjs/microservices/constants';
import { lastValueFrom, type Observable, throwError } from 'rxjs';
import type { PoolClient } from 'pg';
import { contractFor, type PublicEvent } from '@iop/domain-events';
import type { UnitOfWork } from '../command/unit-of-work';
import type { BatchHandler, ConsumerDefinition, EventHandler } from '../kafka/inbox-consumer';
import { EventConsumers } from './event-consumers';

/** What `@EventPattern` extras carry for this transport. */
interface InboxExtras {
  /** The inbox and dead-letter name; the Kafka group is `<service>.<consumer>` (set by `ConsumerController`). */
  consumer?: string;
  /** The method takes a run of consecutive events of its types (`@Payload() events: PublicEvent[]`), set-based. */
  batch?: boolean;
}

/**
 * A consumer handler's error goes to the inbox consumer as it was thrown (which retries, then parks the event with
 * its message), not as Nest's generic RPC error.
 */
@Catch()
class HandlerErrors implements ExceptionFilter {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}

/**
 * A consumer controller: `@Controller()` whose `@EventPattern('<CloudEvents type>')` methods are the handlers of one
 * inbox consumer (`name`: its inbox, dead letters and Kafka group; keep it stable, the inbox is keyed by it). Its
 * topics are those of the patterns' contracts.
 */
export function ConsumerController(name: string): ClassDecorator {
  return (target) => {
    Controller()(target);
    UseFilters(new HandlerErrors())(target);
    const proto = (target as unknown as { prototype: Record<string, unknown> }).prototype;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const method = proto[key];
      if (typeof method !== 'function' || Reflect.getMetadata(PATTERN_HANDLER_METADATA, method) === undefined) continue;
      const extras: InboxExtras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) ?? {};
      Reflect.defineMetadata(PATTERN_EXTRAS_METADATA, { ...extras, consumer: name }, method);
    }
  };
}

/**
 * The context of a consumed event (`@Ctx() ctx: InboxContext`): the unit of work of the inbox's transaction, in which
 * the handler's writes commit together with the inbox row (exactly once), and its client.
 */
export class InboxContext extends BaseRpcContext<[UnitOfWork, string]> {
  /** The inbox transaction's unit of work: decide through it, or read and write with `uow.client`. */
  get uow(): UnitOfWork {
    return this.args[0];
  }

  get client(): PoolClient {
    return this.args[0].client;
  }

  /** The consumer (inbox) this event is applied for. */
  get consumer(): string {
    return this.args[1];
  }
}

/**
 * The Kafka inbox as a Nest transport (`CustomTransportStrategy`): every `@EventPattern` of the consumer controllers
 * becomes a handler of its inbox consumer, which keeps the inbox (each event applied exactly once, in the handler's
 * transaction), batching, per-key parking, dead letters and their replay. A handler returns the declarations of its
 * decider commands (decided and appended together for a fetched batch) or works through `InboxContext`. Connected
 * with the HTTP app by the platform's bootstrap (`SERVICE_TRANSPORTS`); the consumers stop before the pool closes
 * (`EventConsumers`).
 */
@Injectable()
export class InboxTransport extends Server implements CustomTransportStrategy {
  constructor(@Inject(EventConsumers) private readonly consumers: EventConsumers) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    try {
      for (const def of this.definitions()) this.consumers.register(def);
      this.consumers.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    await this.consumers.stop();
  }

  on(): void {
    // No transport events to subscribe to: the consumers log their own.
  }

  unwrap<T>(): T {
    return this.consumers as T;
  }

  /** The consumer definitions the `@EventPattern` handlers make, by consumer name. */
  private definitions(): ConsumerDefinition[] {
    const defs = new Map<string, ConsumerDefinition & { topicSet: Set<string> }>();
    for (const [type, handler] of this.messageHandlers) {
      const extras = (handler.extras ?? {}) as InboxExtras;
      if (!handler.isEventHandler) throw new Error(`${type}: consumers take events (@EventPattern), not messages`);
      if (handler.next) throw new Error(`@EventPattern('${type}') has two handlers in this service: one consumer handles a type once`);
      if (!extras.consumer) throw new Error(`@EventPattern('${type}') is not in a @ConsumerController`);
      const contract = contractFor(type);
      if (!contract) throw new Error(`@EventPattern('${type}'): no such public event type`);
      let def = defs.get(extras.consumer);
      if (!def) defs.set(extras.consumer, (def = { name: extras.consumer, topics: [], topicSet: new Set(), handlers: {}, batchHandlers: {} }));
      def.topicSet.add(contract.topic);
      const consumer = extras.consumer;
      const call = (payload: PublicEvent | PublicEvent[], uow: UnitOfWork) => this.invoke(handler, payload, new InboxContext([uow, consumer]));
      def.handlers[type] = ((event, uow) => call(extras.batch ? [event] : event, uow)) satisfies EventHandler;
      // One batch handler per method (its patterns share one extras object), so that a run of any of its types goes
      // to it together.
      if (extras.batch) def.batchHandlers![type] = batchOf(extras, (events, uow) => call(events, uow));
    }
    return [...defs.values()].map(({ topicSet, ...def }) => ({ ...def, topics: [...topicSet] }));
  }

  /** Runs a Nest handler (its guards, interceptors and filters): the declarations it returned, if any. */
  private async invoke(handler: MessageHandler, payload: unknown, ctx: InboxContext) {
    const result: unknown = await lastValueFrom(this.transformToObservable(await handler(payload, ctx)), { defaultValue: undefined });
    return Array.isArray(result) ? result : undefined;
  }
}

const batchHandlers = new WeakMap<object, BatchHandler>();
const batchOf = (method: object, make: BatchHandler): BatchHandler => {
  let made = batchHandlers.get(method);
  if (!made) batchHandlers.set(method, (made = make));
  return made;
};
