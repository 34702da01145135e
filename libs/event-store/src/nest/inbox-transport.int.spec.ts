/**
 * Consumer controllers through the inbox transport, against real PostgreSQL: `@EventPattern` methods become the
 * handlers of their `@ConsumerController`'s consumer (topics from the types' contracts), declarations they return are
 * decided in the inbox transaction's unit of work, `{ batch: true }` methods take runs of their types, the context
 * carries the unit of work, and a handler's own error reaches the consumer (which retries and parks with it).
 */
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';
import {
  episodeCancelledV1, patientAdmittedV1, patientDischargedV1, patientReferredV1, type PublicEvent, TOPICS,
} from '@iop/domain-events';
import { inTransaction, runMigrations } from '@iop/platform';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { deterministicId } from '../command/streams';
import { type Declaration, UnitOfWork } from '../command/unit-of-work';
import type { ConsumerDefinition } from '../kafka/inbox-consumer';
import { EventStore } from '../store/event-store';
import { EVENT_STORE_MIGRATIONS } from '../store/event-store.migrations';
import { commandContextFromEvent } from './command-context';
import type { EventConsumers } from './event-consumers';
import { ConsumerController, type InboxContext, InboxTransport } from './inbox-transport';

type Counted = { type: 'Counted'; data: { n: number } };
const counter = {
  initialState: () => 0, evolve: (s: number, e: Counted) => s + e.data.n,
  decide: (_: { type: 'Count' }, s: number): Counted[] => [{ type: 'Counted', data: { n: s + 1 } }],
};
const runs: string[][] = [];

@ConsumerController('counting')
class CountingConsumer {
  @EventPattern(patientReferredV1.type)
  referred(@Payload() event: PublicEvent<{ patientId: string }>): Declaration[] {
    const ctx = commandContextFromEvent(event, 'test');
    return [{ stream: { id: `counter-${event.data.patientId}`, type: 'counter' }, decider: counter, command: { type: 'Count' }, ctx } as Declaration];
  }

  @EventPattern([patientAdmittedV1.type, patientDischargedV1.type], { batch: true })
  async episodes(@Payload() events: PublicEvent[], @Ctx() ctx: InboxContext): Promise<void> {
    runs.push(events.map((e) => e.type));
    expect(ctx.consumer).toBe('counting');
    await ctx.client.query('INSERT INTO seen (event_id) SELECT unnest($1::uuid[])', [events.map((e) => e.id)]);
  }

  @EventPattern(episodeCancelledV1.type)
  cancelled(): void {
    throw new Error('refused: the episode is not known here');
  }
}

@Module({ controllers: [CountingConsumer] })
class CountingModule {}

const publicEvent = <T>(type: string, data: T): PublicEvent<T> => ({
  id: randomUUID(), type, source: 'test', subject: 'test', time: '2026-01-05T09:00:00.000Z', tenantId: 'tenant-t', correlationId: randomUUID(), data,
});

describe('InboxTransport (consumer controllers)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EventStore;
  let app: INestMicroservice;
  const defs: ConsumerDefinition[] = [];
  let started = 0;

  beforeAll(async () => {
    db = await createTestDatabase('transport');
    await runMigrations(db.url, EVENT_STORE_MIGRATIONS);
    pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined);
    store = new EventStore(pool);
    await pool.query('CREATE TABLE seen (event_id uuid)');
    const consumers = { register: (d: ConsumerDefinition) => void defs.push(d), start: () => void started++, stop: async () => undefined } as unknown as EventConsumers;
    app = await NestFactory.createMicroservice(CountingModule, { strategy: new InboxTransport(consumers), logger: false });
    await app.listen();
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await db?.drop();
  });

  /** One event's handler in a unit of work of its own transaction, as the inbox consumer runs it. */
  const apply = (def: ConsumerDefinition, event: PublicEvent) => inTransaction(pool, async (client) => {
    const uow = new UnitOfWork(store, client);
    const declared = await def.handlers[event.type](event, uow);
    if (declared) uow.declare(declared);
    await uow.complete();
  });

  it('registers one consumer per controller, with its types, their contracts\' topics and its batch methods, and starts them', () => {
    expect(started).toBe(1);
    expect(defs.map((d) => [d.name, d.topics])).toEqual([['counting', [TOPICS.admissions]]]);
    expect(Object.keys(defs[0].handlers).sort()).toEqual([episodeCancelledV1.type, patientAdmittedV1.type, patientDischargedV1.type, patientReferredV1.type].sort());
    const batch = defs[0].batchHandlers!;
    expect(Object.keys(batch).sort()).toEqual([patientAdmittedV1.type, patientDischargedV1.type].sort());
    // One method, one batch handler: a run mixing its types goes to it together.
    expect(batch[patientAdmittedV1.type]).toBe(batch[patientDischargedV1.type]);
  });

  it('decides the declarations a handler returns in the inbox transaction, with ids from the consumed event', async () => {
    const patientId = randomUUID();
    const [first, second] = [publicEvent(patientReferredV1.type, { patientId }), publicEvent(patientReferredV1.type, { patientId })];
    await apply(defs[0], first);
    await apply(defs[0], second);
    const stored = await store.readStream(`counter-${patientId}`);
    expect(stored.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
    expect(stored.map((e) => e.id)).toEqual([deterministicId(first.id, 0), deterministicId(second.id, 0)]);
    expect(stored[0].metadata).toMatchObject({ tenantId: 'tenant-t', causationId: first.id, actor: { subject: 'service:test' } });
  });

  it('gives a batch method runs of its types, and a single event as a run of one, with the unit of work in its context', async () => {
    runs.length = 0;
    const events = [publicEvent(patientAdmittedV1.type, {}), publicEvent(patientDischargedV1.type, {})];
    await inTransaction(pool, async (client) => {
      const uow = new UnitOfWork(store, client);
      await defs[0].batchHandlers![patientAdmittedV1.type](events, uow);
      await uow.complete();
    });
    await apply(defs[0], publicEvent(patientDischargedV1.type, {}));
    expect(runs).toEqual([[patientAdmittedV1.type, patientDischargedV1.type], [patientDischargedV1.type]]);
    expect((await pool.query('SELECT count(*)::int AS n FROM seen')).rows[0].n).toBe(3);
  });

  it('lets a handler\'s own error reach the consumer (which retries, then parks it with that message)', async () => {
    await expect(apply(defs[0], publicEvent(episodeCancelledV1.type, {}))).rejects.toThrow('refused: the episode is not known here');
  });
});
