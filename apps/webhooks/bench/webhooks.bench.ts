/**
 * The webhooks benchmark (`npm run bench -- webhooks`): the real service in-process on a fresh database and topic
 * namespace, a local receiver on loopback, events as real CloudEvents on Kafka.
 * - delivery_latency_p99_ms: after a 2 s warm-up, events published at 100/s for 10 s, from the moment each is
 *   handed to the Kafka producer to its arrival at the receiver.
 * - deliveries_per_s: then a backlog of patient events (each under a Part 2 consent, so every delivery is also a
 *   disclosure) fanned out to 10 subscriptions, counted at the receiver from its first to its last delivery.
 * It writes nothing itself; the runner prints and stores the numbers.
 */
import { randomUUID } from 'node:crypto';
import { attendanceRecordedV1, consentGrantedV1, sessionScheduledV1 } from '@iop/domain-events';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, tokenFor } from '@iop/testing';
import { webhooksService } from '../src/service';
import { EventFeed, waitFor } from '../src/testing/events';
import { Receiver } from '../src/testing/receiver';
import { consumersReady } from '../src/testing/webhooks-app';

const TENANT = 'bench-clinic';
const SUBSCRIPTIONS = Number(process.env.BENCH_WEBHOOKS_SUBSCRIPTIONS ?? 10);
const BACKLOG_EVENTS = Number(process.env.BENCH_WEBHOOKS_EVENTS ?? 2_000);
const PATIENTS = 200;
const LATENCY_RATE_PER_S = 100;
const LATENCY_SECONDS = Number(process.env.BENCH_WEBHOOKS_LATENCY_SECONDS ?? 10);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round1 = (n: number) => Math.round(n * 10) / 10;

async function subscribe(t: TestApp, token: string, url: string, eventTypes: string[]): Promise<void> {
  const res = await t.request('POST', '/v1/subscriptions', { token, body: { url, eventTypes, recipient: 'payer:bench', purpose: 'payment' } });
  if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Every patient consents to disclose attendance to the bench recipient. */
async function grantConsents(feed: EventFeed, patients: string[]): Promise<void> {
  const grantedAt = new Date().toISOString();
  await feed.publishMany(consentGrantedV1, TENANT, patients.map((patientId) => ({
    consentId: randomUUID(), patientId, recipient: 'payer:bench', purpose: 'payment', information: ['attendance'], grantedAt,
  })));
}

async function throughput(feed: EventFeed, receiver: Receiver, patients: string[]): Promise<{ perSecond: number; total: number }> {
  const events = Array.from({ length: BACKLOG_EVENTS }, (_, i) => ({
    ...attendanceRecordedV1.example, sessionId: randomUUID(), episodeId: randomUUID(), patientId: patients[i % patients.length],
  }));
  const expected = BACKLOG_EVENTS * SUBSCRIPTIONS;
  const before = receiver.at('/throughput').length;
  for (let i = 0; i < events.length; i += 500) await feed.publishMany(attendanceRecordedV1, TENANT, events.slice(i, i + 500));
  await waitFor(() => receiver.at('/throughput').length - before >= expected, `${expected} deliveries`, 300_000);
  const times = receiver.at('/throughput').slice(before).map((r) => r.at);
  const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
  return { perSecond: Math.round(expected / seconds), total: expected };
}

async function latency(feed: EventFeed, receiver: Receiver, seconds: number): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const total = LATENCY_RATE_PER_S * seconds;
  const before = receiver.at('/latency').length;
  const sends: Promise<unknown>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / LATENCY_RATE_PER_S;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sessionId = randomUUID();
    sentAt.set(sessionId, performance.now());
    sends.push(feed.publish(sessionScheduledV1, TENANT, { ...sessionScheduledV1.example, sessionId }));
  }
  await Promise.all(sends);
  await waitFor(() => receiver.at('/latency').length - before >= total, `${total} timed deliveries`, 60_000);
  return receiver.at('/latency').slice(before).map((r) => r.at - sentAt.get((JSON.parse(r.body) as { data: { sessionId: string } }).data.sessionId)!).sort((a, b) => a - b);
}

export async function runWebhooksBench(): Promise<Record<string, number>> {
  const db = await createTestDatabase('webhooks_bench');
  const prefix = await createTopicNamespace();
  const receiver = await Receiver.start();
  const t = await startTestApp(webhooksService({
    ...process.env, WEBHOOKS_DATABASE_URL: db.url, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent',
    WEBHOOKS_ALLOWED_CIDRS: '127.0.0.0/8', WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_DATABASE_POOL_SIZE: '12',
  }));
  const feed = await EventFeed.connect(prefix);
  try {
    const token = await tokenFor(TENANT, ['admin']);
    for (let i = 0; i < SUBSCRIPTIONS; i++) await subscribe(t, token, receiver.url('/throughput'), [attendanceRecordedV1.type]);
    await subscribe(t, token, receiver.url('/latency'), [sessionScheduledV1.type]);
    await consumersReady(prefix, 60_000);
    const patients = Array.from({ length: PATIENTS }, () => randomUUID());
    await grantConsents(feed, patients);
    await latency(feed, receiver, 2); // warm-up: connections, JIT, plans
    const latencies = await latency(feed, receiver, LATENCY_SECONDS);
    const rate = await throughput(feed, receiver, patients);
    return {
      deliveries_per_s: rate.perSecond,
      deliveries_measured: rate.total,
      delivery_latency_p50_ms: round1(percentile(latencies, 50)),
      delivery_latency_p99_ms: round1(percentile(latencies, 99)),
    };
  } finally {
    await feed.close();
    await t.close();
    await receiver.close();
    await db.drop();
  }
}
