/**
 * From the event store to Kafka and into another service's inbox, against real PostgreSQL and Kafka: CloudEvents on
 * the wire, a publisher crash between send and checkpoint, poison messages parked with their key, replay, leader
 * take-over, and a projection rebuilt while live.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { Pool } from 'pg';
import { patientReferredV1, type PublicEvent } from '@iop/domain-events';
import { runMigrations } from '@iop/platform';
import { createTestDatabase, createTestTopics, testKafka, uniqueId, type TestDatabase } from '@iop/testing';
import { type Projection, projectionSubscription, rebuildProjection } from '../projections/projection';
import { EventStore } from '../store/event-store';
import { EVENT_STORE_MIGRATIONS } from '../store/event-store.migrations';
import type { NewEvent, StoredEvent } from '../store/types';
import { Subscription } from '../subscriptions/subscription';
import { InboxConsumer } from './inbox-consumer';
import { commandContextFromEvent } from '../nest/command-context';
import { deterministicId } from '../command/streams';
import type { UnitOfWork } from '../command/unit-of-work';
import { KafkaPublisher, type PublicMapping } from './publisher';

const tenantId = 'tenant-k';
const referred = (patientId: string): NewEvent => ({
  id: randomUUID(),
  type: 'PatientReferred',
  data: { referralId: randomUUID(), patientId, source: 'detox', referredAt: '2026-11-02T10:00:00Z' },
  metadata: { tenantId, actor: { subject: 'intake-1' }, correlationId: randomUUID() },
});
const mapping: PublicMapping = (e) => (e.type === 'PatientReferred' ? [{ contract: patientReferredV1, data: e.data as never }] : []);
/** New events as the publisher reads them from the log (the i-th as version 1 of stream patient-i). */
const asStored = (events: readonly NewEvent[]): StoredEvent[] => events.map((e, i) => ({
  ...e, schemaVersion: 1, streamId: `patient-${i}`, streamType: 'patient', streamVersion: 1, globalPosition: String(i), transactionId: '1', recordedAt: new Date(),
}));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readTopic(topic: string, expected: number): Promise<KafkaMessage[]> {
  const consumer = testKafka().consumer({ groupId: uniqueId('reader'), maxWaitTimeInMs: 200 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
  try {
    await until(() => seen.length >= expected);
    await new Promise((r) => setTimeout(r, 300));
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

describe('event store to Kafka to inbox', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EventStore;
  const kafka = testKafka('flow');

  /** The events on a topic in one batch, as the outbox publisher sends them. */
  async function publishTo(topic: string, events: readonly NewEvent[]): Promise<void> {
    const publisher = new KafkaPublisher(kafka, mapping, { topicFor: () => topic });
    await publisher.handle(asStored(events));
    await publisher.close();
  }

  beforeAll(async () => {
    db = await createTestDatabase('flow');
    await runMigrations(db.url, EVENT_STORE_MIGRATIONS);
    pool = new Pool({ connectionString: db.url, max: 10 });
    pool.on('error', () => undefined);
    store = new EventStore(pool);
    await pool.query('CREATE TABLE effects (event_id uuid, patient_id text, applied_at timestamptz DEFAULT clock_timestamp())');
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('publishes CloudEvents keyed by aggregate; a crash between send and checkpoint duplicates on Kafka, never in the inbox', async () => {
    const { topic } = await createTestTopics('publish');
    const patients = Array.from({ length: 20 }, () => randomUUID());
    for (const p of patients) await store.append(`patient-${p}`, 'patient', [referred(p)], { expectedVersion: 'no-stream' });

    const publisher = new KafkaPublisher(kafka, mapping, { validate: true, topicFor: () => topic });
    let crashOnce = true;
    const crashing = new Subscription(store, {
      name: 'kafka-publisher', mode: 'at-least-once',
      handle: async (events) => {
        await publisher.handle(events);
        if (crashOnce) {
          crashOnce = false;
          throw new Error('process died after Kafka acknowledged, before the checkpoint');
        }
      },
    }, { pollMs: 50 });
    crashing.start();
    const consumer = new InboxConsumer(kafka, store, {
      name: 'effects', topics: [topic],
      handlers: { [patientReferredV1.type]: async (e: PublicEvent, { client: c }: UnitOfWork) => void (await c.query('INSERT INTO effects (event_id, patient_id) VALUES ($1, $2)', [e.id, (e.data as { patientId: string }).patientId])) },
    }, { groupId: uniqueId('effects') });
    await consumer.start();
    try {
      const onKafka = await readTopic(topic, 40);
      expect(onKafka).toHaveLength(40);
      const first = onKafka[0];
      const headers = Object.fromEntries(Object.entries(first.headers!).map(([k, v]) => [k, String(v)]));
      expect(headers).toMatchObject({ ce_specversion: '1.0', ce_type: 'iop.admissions.PatientReferred.v1', ce_source: `/tenants/${tenantId}/admissions`, ce_tenantid: tenantId, 'content-type': 'application/json' });
      expect(first.key!.toString()).toBe(JSON.parse(first.value!.toString()).patientId);
      await until(async () => (await pool.query('SELECT count(*)::int AS n FROM effects')).rows[0].n >= 20);
      await new Promise((r) => setTimeout(r, 500));
      const { rows } = await pool.query('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM effects');
      expect(rows[0]).toEqual({ n: 20, d: 20 });
    } finally {
      await crashing.stop();
      await publisher.close();
      await consumer.stop();
    }
  });

  it('parks a poison event and the later events of its key, lets other keys flow, and replays them in order; skips types it does not handle', async () => {
    const { topic, dlq } = await createTestTopics('poison', 1);
    await pool.query('CREATE TABLE IF NOT EXISTS applied (seq serial, event_id uuid, patient_id text)');
    let healed = false;
    const [poisonKey, otherKey] = [randomUUID(), randomUUID()];
    const consumer = new InboxConsumer(kafka, store, {
      name: 'poison-test', topics: [topic],
      handlers: {
        [patientReferredV1.type]: async (e: PublicEvent, { client: c }: UnitOfWork) => {
          const data = e.data as { patientId: string; source: string };
          if (data.source === 'court' && !healed) throw new Error('downstream refused');
          await c.query('INSERT INTO applied (event_id, patient_id) VALUES ($1, $2)', [e.id, data.patientId]);
        },
      },
    }, { groupId: uniqueId('poison'), maxAttempts: 3, backoffMs: 10 });
    await consumer.start();
    const publisher = new KafkaPublisher(kafka, mapping, { topicFor: () => topic });
    const bad = referred(poisonKey);
    (bad.data as { source: string }).source = 'court';
    const sequence = asStored([bad, referred(poisonKey), referred(otherKey)]);
    try {
      await publisher.handle(sequence);
      const producer = kafka.producer();
      await producer.connect();
      // A record of a type this consumer has no handler for is skipped unread, however bad its body: not parked here.
      await producer.send({ topic, messages: [
        { key: 'not-mine', value: '{not json', headers: { ce_type: 'iop.admissions.PatientAdmitted.v1' } },
        { key: 'junk', value: '{not json', headers: { ce_type: patientReferredV1.type } },
      ] });
      await producer.disconnect();

      await until(async () => (await consumer.deadLetters.list({ status: 'parked' })).length === 3);
      const parked = await consumer.deadLetters.list({ status: 'parked' });
      expect(parked.map((p) => [p.key, p.reason, p.attempts])).toEqual([[poisonKey, 'failed', 3], [poisonKey, 'behind', 0], ['junk', 'invalid', 0]]);
      expect(parked[1].parkedBehind).toBe(parked[0].id);
      const { rows: flowed } = await pool.query('SELECT patient_id FROM applied');
      expect(flowed).toEqual([{ patient_id: otherKey }]);
      const onDlq = await readTopic(dlq, 3);
      expect(onDlq.map((m) => String(m.headers!.dlq_error)).join('|')).toMatch(/failed: downstream refused.*behind.*invalid/);

      healed = true;
      const replay = await consumer.deadLetters.replay(parked[0].id);
      expect(replay).toEqual({ replayed: [parked[0].id, parked[1].id] });
      const { rows } = await pool.query('SELECT event_id, patient_id FROM applied ORDER BY seq');
      expect(rows.slice(1).map((r) => r.event_id)).toEqual([sequence[0].id, sequence[1].id]);
      expect((await consumer.deadLetters.list({ status: 'parked' })).map((p) => p.reason)).toEqual(['invalid']);
    } finally {
      await publisher.close();
      await consumer.stop();
    }
  });

  it('applies a fetched batch in one transaction; a failure in it goes one by one, and a swallowed SQL error loses nothing silently', async () => {
    const { topic } = await createTestTopics('batch', 1);
    await pool.query('CREATE TABLE batched (event_id uuid PRIMARY KEY, patient_id text, tx xid8 DEFAULT pg_current_xact_id())');
    const events = Array.from({ length: 30 }, () => referred(randomUUID()));
    // This handler catches the error of a failed statement: PostgreSQL then turns the COMMIT into a ROLLBACK.
    (events[17].data as { source: string }).source = 'court';
    await publishTo(topic, events);
    const consumer = new InboxConsumer(kafka, store, {
      name: 'batch-test', topics: [topic],
      handlers: {
        [patientReferredV1.type]: async (e: PublicEvent, { client: c }: UnitOfWork) => {
          const data = e.data as { patientId: string; source: string };
          if (data.source === 'court') await c.query('SELECT 1 / 0').catch(() => undefined);
          await c.query('INSERT INTO batched (event_id, patient_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [e.id, data.patientId]).catch(() => undefined);
        },
      },
    }, { groupId: uniqueId('batch'), maxAttempts: 2, backoffMs: 10 });
    await consumer.start();
    try {
      await until(async () => (await consumer.deadLetters.list({ status: 'parked' })).length === 1
        && (await pool.query('SELECT count(*)::int AS n FROM batched')).rows[0].n >= 29);
      await new Promise((r) => setTimeout(r, 300));
      const [parked] = await consumer.deadLetters.list({ status: 'parked' });
      expect(parked).toMatchObject({ reason: 'failed', attempts: 2, eventId: events[17].id });
      expect(parked.error).toMatch(/rolled back/);
      const { rows } = await pool.query('SELECT event_id FROM batched');
      expect(rows.map((r) => r.event_id).sort()).toEqual(events.filter((_, i) => i !== 17).map((e) => e.id).sort());
      const inbox = await pool.query("SELECT count(*)::int AS n FROM inbox WHERE consumer = 'batch-test'");
      expect(inbox.rows[0].n).toBe(29);
    } finally {
      await consumer.stop();
    }
  });

  it('applies the events of one fetch in one transaction, each exactly once', async () => {
    const { topic } = await createTestTopics('batch-tx', 1);
    await pool.query('CREATE TABLE batched_tx (event_id uuid, tx xid8 DEFAULT pg_current_xact_id())');
    const events = Array.from({ length: 50 }, () => referred(randomUUID()));
    events.push(events[3]); // a re-sent event in the same batch
    await publishTo(topic, events);
    const consumer = new InboxConsumer(kafka, store, {
      name: 'batch-tx', topics: [topic],
      handlers: { [patientReferredV1.type]: async (e: PublicEvent, { client: c }: UnitOfWork) => void (await c.query('INSERT INTO batched_tx (event_id) VALUES ($1)', [e.id])) },
    }, { groupId: uniqueId('batch-tx'), maxBatch: 20 });
    await consumer.start();
    try {
      await until(async () => (await pool.query('SELECT count(*)::int AS n FROM batched_tx')).rows[0].n >= 50);
      await new Promise((r) => setTimeout(r, 300));
      const { rows } = await pool.query('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d, count(DISTINCT tx)::int AS txs FROM batched_tx');
      expect(rows[0]).toMatchObject({ n: 50, d: 50 });
      // 50 events in chunks of at most 20: at least 3 transactions, far fewer than one per event.
      expect(rows[0].txs).toBeGreaterThanOrEqual(3);
      expect(rows[0].txs).toBeLessThan(25);
    } finally {
      await consumer.stop();
    }
  });

  it('hands a run of a type to its set-based batch handler in order, and to the per-event handlers when the batch fails', async () => {
    const { topic } = await createTestTopics('apply-batch', 1);
    await pool.query('CREATE TABLE set_based (event_id uuid, via text, seq serial)');
    const events = Array.from({ length: 30 }, () => referred(randomUUID()));
    await publishTo(topic, events);
    const calls: number[] = [];
    let failBatches = 1;
    const consumer = new InboxConsumer(kafka, store, {
      name: 'apply-batch', topics: [topic],
      handlers: { [patientReferredV1.type]: async (e: PublicEvent, { client: c }: UnitOfWork) => void (await c.query("INSERT INTO set_based (event_id, via) VALUES ($1, 'one')", [e.id])) },
      batchHandlers: { [patientReferredV1.type]: async (batch: PublicEvent[], { client: c }: UnitOfWork) => {
        calls.push(batch.length);
        await c.query("INSERT INTO set_based (event_id, via) SELECT unnest($1::uuid[]), 'batch'", [batch.map((e) => e.id)]);
        if (failBatches-- > 0) throw new Error('the first batch fails after writing');
      } },
    }, { groupId: uniqueId('apply-batch'), maxBatch: 10 });
    await consumer.start();
    try {
      await until(async () => (await pool.query('SELECT count(*)::int AS n FROM set_based')).rows[0].n >= 30);
      await new Promise((r) => setTimeout(r, 300));
      const { rows } = await pool.query('SELECT event_id, via FROM set_based ORDER BY seq');
      // Every event once, in the order they were sent; the failed batch's writes were rolled back and its events
      // went one by one through the handlers; the other batches went through the batch handler.
      expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.id));
      const first = calls[0];
      expect(first).toBeGreaterThan(1);
      expect(rows.filter((r) => r.via === 'one')).toHaveLength(first);
      expect(rows.slice(0, first).every((r) => r.via === 'one')).toBe(true);
      expect(calls.slice(1).reduce((a, b) => a + b, 0)).toBe(30 - first);
    } finally {
      await consumer.stop();
    }
  });

  it('a batch one of whose events another member applied meanwhile fails at COMMIT and goes event by event: nothing twice', async () => {
    const { topic } = await createTestTopics('inbox-race', 1);
    await pool.query('CREATE TABLE raced (event_id uuid, via text)');
    const events = Array.from({ length: 5 }, () => referred(randomUUID()));
    await publishTo(topic, events);
    let raced = false;
    const consumer = new InboxConsumer(kafka, store, {
      name: 'inbox-race', topics: [topic],
      handlers: { [patientReferredV1.type]: async (e: PublicEvent, { client: c }: UnitOfWork) => void (await c.query("INSERT INTO raced (event_id, via) VALUES ($1, 'one')", [e.id])) },
      batchHandlers: { [patientReferredV1.type]: async (batch: PublicEvent[], { client: c }: UnitOfWork) => {
        await c.query("INSERT INTO raced (event_id, via) SELECT unnest($1::uuid[]), 'batch'", [batch.map((e) => e.id)]);
        if (!raced && batch.length >= 3) {
          raced = true;
          // Another member (after a rebalance) applies the third event and commits while this batch runs.
          await pool.query("INSERT INTO raced (event_id, via) VALUES ($1, 'other member')", [batch[2].id]);
          await pool.query('INSERT INTO inbox (consumer, event_id) VALUES ($1, $2)', ['inbox-race', batch[2].id]);
        }
      } },
    }, { groupId: uniqueId('inbox-race'), maxBatch: 10 });
    await consumer.start();
    try {
      await until(async () => (await pool.query('SELECT count(*)::int AS n FROM raced')).rows[0].n >= 5);
      await new Promise((r) => setTimeout(r, 300));
      const { rows } = await pool.query('SELECT event_id, via FROM raced ORDER BY event_id');
      expect(raced).toBe(true);
      // The batch's writes were rolled back with its failed COMMIT; each event applied once, the raced one by the other member.
      expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(rows.find((r) => r.event_id === events[2].id)!.via).toBe('other member');
      expect(rows.filter((r) => r.via === 'one')).toHaveLength(4);
    } finally {
      await consumer.stop();
    }
  });

  it('decides the declarations handlers return for a batch together (one read, one append), with ids from the consumed events', async () => {
    const { topic } = await createTestTopics('declared', 1);
    const patient = randomUUID();
    // Ten referrals of one patient and one of another, consumed as commands on a per-patient counter.
    const events = [...Array.from({ length: 10 }, () => referred(patient)), referred(randomUUID())];
    await publishTo(topic, events);
    type Counted = { type: 'Counted'; data: { n: number } };
    const counter = {
      initialState: () => 0, evolve: (s: number, e: Counted) => s + e.data.n,
      decide: (_: { type: 'Count' }, s: number): Counted[] => [{ type: 'Counted', data: { n: s + 1 } }],
    };
    const reads: number[] = [];
    const counting = Object.create(store) as EventStore;
    counting.readStreams = (ids, options) => {
      reads.push(ids.length);
      return store.readStreams(ids, options);
    };
    const consumer = new InboxConsumer(kafka, counting, {
      name: 'declared', topics: [topic],
      handlers: { [patientReferredV1.type]: async (e: PublicEvent) => [{
        stream: { id: `counter-${(e.data as { patientId: string }).patientId}`, type: 'counter' }, decider: counter, command: { type: 'Count' }, ctx: commandContextFromEvent(e, 'test'),
      }] },
    }, { groupId: uniqueId('declared'), maxBatch: 100 });
    await consumer.start();
    try {
      await until(async () => (await pool.query("SELECT count(*)::int AS n FROM inbox WHERE consumer = 'declared'")).rows[0].n >= 11);
      const stored = await store.readStream(`counter-${patient}`);
      // Each decided on the state the one before it left, in order; ids from the consumed events' ids.
      expect(stored.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
      expect(new Set(stored.map((e) => e.metadata.causationId)).size).toBe(10);
      for (const e of stored) expect(e.id).toBe(deterministicId(e.metadata.causationId as string, 0));
      // Far fewer stream reads than events: a batch's declarations are read together.
      expect(reads.length).toBeLessThan(11);
    } finally {
      await consumer.stop();
    }
  });

  it('runs an exclusive subscription in one process at a time; a standby takes over when the leader dies', async () => {
    const handledBy: string[] = [];
    const make = (who: string) => new Subscription(store, { name: `exclusive-${db.name}`, mode: 'at-least-once', handle: async (ev) => void handledBy.push(...ev.map(() => who)) }, { pollMs: 50, lockRetryMs: 100 });
    const first = make('first');
    const second = make('second');
    first.start();
    await until(() => first.isLeader);
    second.start();
    await store.append(`s-${randomUUID()}`, 'x', [referred(randomUUID())], { expectedVersion: 'no-stream' });
    await until(() => handledBy.length > 0);
    expect(second.isLeader).toBe(false);
    await first.stop();
    await store.append(`s-${randomUUID()}`, 'x', [referred(randomUUID())], { expectedVersion: 'no-stream' });
    await until(() => handledBy.includes('second'));
    await second.stop();
    expect(handledBy.filter((w) => w === 'first').length).toBeGreaterThan(0);
  });

  it('rebuilds a projection from position 0 into the same rows, and the live subscription continues after the swap', async () => {
    await pool.query('CREATE TABLE referral_counts (patient_id text PRIMARY KEY, referrals int NOT NULL)');
    await pool.query('ALTER TABLE referral_counts ENABLE ROW LEVEL SECURITY');
    await pool.query("CREATE POLICY everyone ON referral_counts TO public USING (true)");
    // A guard of the kind read models use (clinical-notes' append-only note versions): it must survive the swap.
    await pool.query(`CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'rows are kept'; END $$`);
    await pool.query('CREATE TRIGGER referral_counts_kept BEFORE DELETE ON referral_counts FOR EACH ROW EXECUTE FUNCTION refuse_delete()');
    await pool.query('REVOKE TRUNCATE ON referral_counts FROM PUBLIC, CURRENT_USER');
    const projection: Projection = {
      name: 'referral_counts', tables: ['referral_counts'], handles: ['PatientReferred'],
      apply: async (client, events, schema) => {
        for (const e of events) {
          await client.query(`INSERT INTO "${schema}".referral_counts VALUES ($1, 1) ON CONFLICT (patient_id) DO UPDATE SET referrals = referral_counts.referrals + 1`, [(e.data as { patientId: string }).patientId]);
        }
      },
    };
    const live = projectionSubscription(store, projection, { pollMs: 50 });
    live.start();
    const patient = randomUUID();
    for (let i = 0; i < 5; i++) await store.append(`p-${randomUUID()}`, 'patient', [referred(patient)], { expectedVersion: 'no-stream' });
    const snapshot = async () => (await pool.query('SELECT patient_id, referrals FROM referral_counts ORDER BY patient_id')).rows;
    await until(async () => (await snapshot()).some((r) => r.patient_id === patient && r.referrals === 5));
    const before = await snapshot();
    const progress: number[] = [];
    const result = await rebuildProjection(store, projection, (p) => progress.push(p.processed), 7);
    expect(result.done).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(await snapshot()).toEqual(before);
    const { rows: policies } = await pool.query("SELECT policyname FROM pg_policies WHERE tablename = 'referral_counts' AND schemaname = 'public'");
    expect(policies).toEqual([{ policyname: 'everyone' }]);
    await expect(pool.query('DELETE FROM referral_counts')).rejects.toThrow(/rows are kept/);
    await expect(pool.query('TRUNCATE referral_counts')).rejects.toThrow(/permission denied/);
    await store.append(`p-${randomUUID()}`, 'patient', [referred(patient)], { expectedVersion: 'no-stream' });
    await until(async () => (await snapshot()).some((r) => r.patient_id === patient && r.referrals === 6));
    await live.stop();
  });
});
