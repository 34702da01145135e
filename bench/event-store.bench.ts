/**
 * The event store benchmark (issue "Event store…"): appends against Emmett and a bare INSERT, global-log reads,
 * projection rebuild and Kafka publishing, all in one run on the same PostgreSQL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { adminUrl, KAFKA_BROKERS, PG_HOST, PG_PORT, TEST_ROLE } from '../infra/local';
import { patientReferredV1 } from '../libs/domain-events/src';
import { EVENT_STORE_MIGRATIONS, EventNotifier, EventStore, KafkaPublisher, type NewEvent, type Projection, rebuildProjection, START, Subscription } from '../libs/event-store/src';
import { runMigrations } from '../libs/platform/src';
import type { BenchResult } from './run';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const meta = { tenantId: 'bench', actor: { subject: 'bench' }, correlationId: 'bench' };
const payload = () => ({ referralId: randomUUID(), patientId: randomUUID(), source: 'detox', referredAt: '2026-11-02T10:00:00.000Z' });
const newEvent = (): NewEvent => ({ id: randomUUID(), type: 'PatientReferred', data: payload(), metadata: meta });
const log = (msg: string) => process.stdout.write(`  ${msg}\n`);

async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Pool({ connectionString: adminUrl(), max: 1 });
  await admin.query(`CREATE DATABASE ${name} OWNER ${TEST_ROLE}`);
  await admin.end();
  return `postgres://${TEST_ROLE}:${TEST_ROLE}@${PG_HOST}:${PG_PORT}/${name}`;
}

/**
 * Drops a benchmark's database once its clients have gone. Emmett's pool closes its connections a little after
 * `close()` resolves, and a connection terminated under an idle client of a pool with no error listener crashed the
 * whole run at its very end (the results unwritten); FORCE is the last resort only.
 */
async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Pool({ connectionString: adminUrl(), max: 1 });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Runs `op` from `workers` concurrent loops for `seconds` (after a 1 s warm-up); returns completed units per second. */
async function throughput(workers: number, seconds: number, op: () => Promise<number>): Promise<number> {
  let counting = false;
  let units = 0;
  const stopAt = Date.now() + 1000 + seconds * 1000;
  const warm = setTimeout(() => (counting = true), 1000);
  const started = Date.now() + 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < stopAt) {
        const n = await op();
        if (counting) units += n;
      }
    }),
  );
  clearTimeout(warm);
  return Math.round(units / ((Date.now() - started) / 1000));
}

async function appendBenches(metrics: Record<string, number>): Promise<void> {
  const oursUrl = await createDatabase('bench_es');
  const emmettUrl = await createDatabase('bench_emmett');
  await runMigrations(oursUrl, EVENT_STORE_MIGRATIONS);
  const pool = new Pool({ connectionString: oursUrl, max: 10 });
  const store = new EventStore(pool);
  const emmett = getPostgreSQLEventStore(emmettUrl);
  await emmett.schema.migrate();
  try {
    metrics.append_c8_per_s = await throughput(8, SECONDS, async () => {
      await store.append(`s-${randomUUID()}`, 'bench', [newEvent()], { expectedVersion: 'no-stream' });
      return 1;
    });
    log(`ours: ${metrics.append_c8_per_s} single appends/s`);
    metrics.append_c8_per_s_emmett = await throughput(8, SECONDS, async () => {
      await emmett.appendToStream(`s-${randomUUID()}`, [{ type: 'PatientReferred', data: payload(), metadata: meta }]);
      return 1;
    });
    log(`emmett: ${metrics.append_c8_per_s_emmett} single appends/s`);
    metrics.pg_ceiling_c8_per_s = await ceiling(pool);
    log(`bare INSERT: ${metrics.pg_ceiling_c8_per_s}/s`);
    metrics.append_batch100_events_per_s = await throughput(4, SECONDS, async () => {
      await store.append(`b-${randomUUID()}`, 'bench', Array.from({ length: 100 }, newEvent), { expectedVersion: 'no-stream' });
      return 100;
    });
    metrics.append_batch100_events_per_s_emmett = await throughput(4, SECONDS, async () => {
      await emmett.appendToStream(`b-${randomUUID()}`, Array.from({ length: 100 }, () => ({ type: 'PatientReferred', data: payload(), metadata: meta })));
      return 100;
    });
    log(`batch of 100: ours ${metrics.append_batch100_events_per_s} events/s, emmett ${metrics.append_batch100_events_per_s_emmett}`);
  } finally {
    await pool.end();
    await emmett.close();
    await dropDatabase(oursUrl);
    await dropDatabase(emmettUrl);
  }
}

/** The same row shape and indexes as `events`, one autocommitted INSERT per row, 8 concurrent: the floor cost. */
async function ceiling(pool: Pool): Promise<number> {
  await pool.query('CREATE TABLE ceiling (LIKE events INCLUDING ALL)');
  const sql = `INSERT INTO ceiling (stream_id, stream_type, stream_version, event_id, event_type, data, metadata, tenant_id)
               VALUES ($1, 'bench', 1, $2, 'PatientReferred', $3, $4, 'bench')`;
  return throughput(8, SECONDS, async () => {
    await pool.query({ name: 'ceiling', text: sql, values: [`s-${randomUUID()}`, randomUUID(), JSON.stringify(payload()), JSON.stringify(meta)] });
    return 1;
  });
}

/** Fills the log with EVENTS events from concurrent batch writers while a follower tails it, counting what it sees. */
async function fillWhileFollowing(store: EventStore): Promise<{ duplicates: number; missing: number }> {
  const seen = new Uint8Array(EVENTS + 10_000);
  let duplicates = 0;
  let written = 0;
  let writing = true;
  const follower = (async () => {
    let cp = START;
    for (;;) {
      const page = await store.readAll(cp, 1000);
      for (const e of page.events) {
        const pos = Number(e.globalPosition);
        if (seen[pos]) duplicates++;
        seen[pos] = 1;
      }
      cp = page.checkpoint;
      if (page.events.length === 0) {
        if (!writing) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  })();
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      while (written < EVENTS) {
        const size = Math.min(w === 0 ? 1 : 500, EVENTS - written);
        if (size <= 0) break;
        written += size;
        await store.append(`f-${randomUUID()}`, 'bench', Array.from({ length: size }, newEvent), { expectedVersion: 'no-stream' });
      }
    }),
  );
  writing = false;
  await follower;
  const { rows } = await store.pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
  let observed = 0;
  for (let i = 0; i < seen.length; i++) observed += seen[i];
  return { duplicates, missing: Number(rows[0].n) - observed };
}

async function readBenches(metrics: Record<string, number>, kafka: Kafka): Promise<void> {
  const url = await createDatabase('bench_read');
  const emmettUrl = await createDatabase('bench_read_emmett');
  await runMigrations(url, EVENT_STORE_MIGRATIONS);
  const pool = new Pool({ connectionString: url, max: 10 });
  const store = new EventStore(pool, { notifier: new EventNotifier(pool) });
  await pool.query('CREATE TABLE bench_counts (source text PRIMARY KEY, n bigint NOT NULL)');
  try {
    log(`filling ${EVENTS.toLocaleString()} events with concurrent batch writers while a follower reads…`);
    const followed = await fillWhileFollowing(store);
    metrics.read_global_duplicates = followed.duplicates;
    metrics.read_global_missing = followed.missing;
    let started = Date.now();
    let cp = START;
    let n = 0;
    for (;;) {
      const page = await store.readAll(cp, 5000);
      if (!page.events.length) break;
      n += page.events.length;
      cp = page.checkpoint;
    }
    metrics.read_global_events_per_s = Math.round(n / ((Date.now() - started) / 1000));
    log(`global read: ${metrics.read_global_events_per_s} events/s over ${n.toLocaleString()}`);
    metrics.read_global_events_per_s_emmett = await emmettRead(emmettUrl);
    started = Date.now();
    const rebuilt = await rebuildProjection(store, countingProjection, () => undefined, 10_000);
    metrics.rebuild_events_per_s = Math.round(rebuilt.processed / ((Date.now() - started) / 1000));
    log(`rebuild: ${metrics.rebuild_events_per_s} events/s`);
    await publishBenches(store, kafka, metrics);
  } finally {
    await pool.end();
    await dropDatabase(url);
    await dropDatabase(emmettUrl);
  }
}

async function emmettRead(url: string): Promise<number> {
  const emmett = getPostgreSQLEventStore(url);
  await emmett.schema.migrate();
  log('filling emmett for its global read…');
  let written = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (written < EVENTS) {
      written += 500;
      await emmett.appendToStream(`f-${randomUUID()}`, Array.from({ length: 500 }, () => ({ type: 'PatientReferred', data: payload(), metadata: meta })));
    }
  }));
  const pool = dumbo({ connectionString: url });
  const started = Date.now();
  let after = 0n;
  let n = 0;
  for (;;) {
    const batch = await readMessagesBatch(pool.execute, { after, batchSize: 5000 });
    n += batch.messages.length;
    if (!batch.messages.length || !batch.areMessagesLeft) break;
    after = batch.currentGlobalPosition;
  }
  const rate = Math.round(n / ((Date.now() - started) / 1000));
  log(`emmett global read: ${rate} events/s over ${n.toLocaleString()}`);
  await pool.close();
  await emmett.close();
  return rate;
}

/** Counts events per stream type: batched into one upsert per page, as a real rebuild-friendly projection would. */
const countingProjection: Projection = {
  name: 'bench_counts',
  tables: ['bench_counts'],
  handles: ['PatientReferred'],
  apply: async (client, events, schema) => {
    const bySource = new Map<string, number>();
    for (const e of events) {
      const source = (e.data as { source: string }).source;
      bySource.set(source, (bySource.get(source) ?? 0) + 1);
    }
    for (const [source, n] of bySource) {
      await client.query(`INSERT INTO "${schema}".bench_counts VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET n = bench_counts.n + excluded.n`, [source, n]);
    }
  },
};

async function publishBenches(store: EventStore, kafka: Kafka, metrics: Record<string, number>): Promise<void> {
  const topic = `bench.publish.${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6 }] });
  await admin.disconnect();
  const mapping = () => [{ contract: patientReferredV1, data: payload() as never }];
  const total = Math.min(EVENTS, 300_000);
  let published = 0;
  const publisher = new KafkaPublisher(kafka, mapping, { topicFor: () => topic, onPublished: (events) => void (published += events.length) });
  const sub = new Subscription(store, { name: publisher.name, mode: publisher.mode, handle: (e) => publisher.handle(e.slice(0, total - published)) }, { batchSize: 5000, pollMs: 20 });
  const started = Date.now();
  sub.start();
  while (published < total) await new Promise((r) => setTimeout(r, 20));
  metrics.publish_events_per_s = Math.round(published / ((Date.now() - started) / 1000));
  log(`publish: ${metrics.publish_events_per_s} events/s`);
  await sub.stop();
  metrics.publish_lag_p99_ms = await publishLag(store, kafka, topic);
  await publisher.close();
}

/** Appends at 1,000 events/s with the publisher caught up; lag = commit (append resolved) to Kafka ack. */
async function publishLag(store: EventStore, kafka: Kafka, topic: string): Promise<number> {
  const committedAt = new Map<string, number>();
  const lags: number[] = [];
  const publisher = new KafkaPublisher(kafka, () => [{ contract: patientReferredV1, data: payload() as never }], {
    topicFor: () => topic,
    onPublished: (events) => {
      const now = performance.now();
      for (const e of events) {
        const t = committedAt.get(e.id);
        if (t !== undefined) lags.push(now - t);
      }
    },
  });
  const sub = new Subscription(store, { name: 'lag-publisher', mode: 'at-least-once', handle: (e) => publisher.handle(e) }, { pollMs: 50 });
  await store.pool.query(`INSERT INTO subscription_checkpoints (name, transaction_id, global_position)
    SELECT 'lag-publisher', transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`);
  sub.start();
  const ticks = SECONDS * 100;
  for (let i = 0; i < ticks; i++) {
    const tickStart = performance.now();
    await Promise.all(Array.from({ length: 10 }, async () => {
      const e = newEvent();
      await store.append(`l-${randomUUID()}`, 'bench', [e], { expectedVersion: 'no-stream' });
      committedAt.set(e.id, performance.now());
    }));
    const wait = 10 - (performance.now() - tickStart);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await new Promise((r) => setTimeout(r, 500));
  await sub.stop();
  await publisher.close();
  lags.sort((a, b) => a - b);
  const p99 = lags[Math.floor(lags.length * 0.99)] ?? Number.NaN;
  log(`publish lag at 1,000/s: p50 ${lags[Math.floor(lags.length / 2)]?.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${lags.length}`);
  return Math.round(p99 * 10) / 10;
}

export async function runEventStoreBench(): Promise<BenchResult> {
  const metrics: Record<string, number> = {};
  const kafka = new Kafka({ clientId: 'bench', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
  await appendBenches(metrics);
  await readBenches(metrics, kafka);
  return {
    metrics,
    targets: [
      { metric: 'append_c8_per_s', op: '>=', bound: Math.round(2 * metrics.append_c8_per_s_emmett), note: '2x Emmett' },
      { metric: 'pg_ceiling_c8_per_s', op: '<=', bound: Math.round(metrics.append_c8_per_s / 0.7), note: 'ours >= 70% of it' },
      { metric: 'append_batch100_events_per_s', op: '>=', bound: Math.round(1.25 * metrics.append_batch100_events_per_s_emmett), note: '1.25x Emmett' },
      { metric: 'publish_events_per_s', op: '>=', bound: 20_000 },
      { metric: 'publish_lag_p99_ms', op: '<=', bound: 50 },
      { metric: 'rebuild_events_per_s', op: '>=', bound: 50_000 },
      { metric: 'read_global_events_per_s', op: '>=', bound: 100_000 },
      { metric: 'read_global_duplicates', op: '==', bound: 0 },
      { metric: 'read_global_missing', op: '==', bound: 0 },
    ],
  };
}
