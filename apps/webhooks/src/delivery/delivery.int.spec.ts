/**
 * Events fed as real CloudEvents on Kafka reach a local receiver signed per Standard Webhooks (verified with the
 * reference `standardwebhooks` library), thin, and retried on the schedule: a receiver that fails twice, one that
 * answers 410 (endpoint disabled), one slower than the timeout (exhausted), one that asks for Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { endpointDisabledV1, locationConfiguredV1, sessionScheduledV1, TOPICS } from '@iop/domain-events';
import { collectTopic, EventFeed, nonEmpty, waitFor } from '../testing/events';
import { Receiver } from '../testing/receiver';
import { FAST_ENV, startWebhooks, type WebhooksHarness } from '../testing/webhooks-app';

const TENANT = 'wh-delivery';

type Message = { messageId: string; status: string; [field: string]: unknown };

describe('delivery to a local receiver', () => {
  let h: WebhooksHarness;
  let feed: EventFeed;
  let receiver: Receiver;
  let admin: string;

  beforeAll(async () => {
    h = await startWebhooks(TENANT, { ...FAST_ENV, WEBHOOKS_ALLOWED_CIDRS: '127.0.0.0/8', WEBHOOKS_ALLOW_HTTP: 'true' });
    [feed, receiver, admin] = await Promise.all([EventFeed.connect(h.prefix), Receiver.start(), h.token(['admin'])]);
  });
  afterAll(async () => {
    expect(receiver.received.filter((r) => r.verified !== true)).toEqual([]);
    await feed?.close();
    await receiver?.close();
    await h?.close();
  });

  /** Subscribes a receiver path that verifies every delivery with the subscription's secret. */
  async function subscribe(path: string, eventTypes = ['iop.scheduling.*']): Promise<{ id: string; secret: string }> {
    const res = await h.t.request('POST', '/v1/subscriptions', { token: admin, body: { url: receiver.url(path), eventTypes } });
    expect(res.status).toBe(201);
    receiver.verifyWith(path, res.body.secret);
    return { id: res.body.subscriptionId, secret: res.body.secret };
  }
  const session = () => ({ ...sessionScheduledV1.example, sessionId: randomUUID() });
  const messages = async (id: string, query = ''): Promise<Message[]> => (await h.t.request('GET', `/v1/subscriptions/${id}/messages${query}`, { token: admin })).body.items;

  it('signs every delivery so the reference verifier accepts it, with a thin { type, timestamp, data } body', async () => {
    const { id, secret } = await subscribe('/ok', ['iop.scheduling.*']);
    const eventId = await feed.publish(locationConfiguredV1, TENANT, { ...locationConfiguredV1.example, locationId: randomUUID() });
    const [got] = await waitFor(() => receiver.at('/ok').length > 0 && receiver.at('/ok'), 'the delivery');
    const payload = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(payload.type).toBe(locationConfiguredV1.type);
    expect(Date.parse(payload.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(Object.keys(payload.data).sort()).toEqual(['configuredAt', 'locationId', 'timezone']);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(got.body, got.headers as Record<string, string>)).toThrow();
    const [message] = await waitFor(async () => nonEmpty((await messages(id)).filter((m) => m.status === 'delivered')), 'delivered status');
    expect(message).toMatchObject({ eventId, eventType: locationConfiguredV1.type, attempts: 1 });
    expect(got.headers['webhook-id']).toBe(message.messageId);
    const attempts = await h.t.request('GET', `/v1/messages/${message.messageId}/attempts`, { token: admin });
    expect(attempts.body.items).toEqual([expect.objectContaining({ attempt: 1, outcome: 'succeeded', httpStatus: 204, latencyMs: expect.any(Number) })]);
  });

  it('retries a receiver that fails twice, then succeeds with the same webhook-id', async () => {
    receiver.on('/flaky', (n) => (n <= 2 ? { status: 500, body: `boom ${'x'.repeat(3000)}` } : { status: 200 }));
    const { id, secret } = await subscribe('/flaky');
    await feed.publish(sessionScheduledV1, TENANT, session());
    await waitFor(() => receiver.at('/flaky').length === 3, 'three attempts');
    const ids = receiver.at('/flaky').map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    for (const r of receiver.at('/flaky')) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const [message] = await waitFor(async () => nonEmpty(await messages(id, '?status=delivered')), 'delivered');
    const { body } = await h.t.request('GET', `/v1/messages/${message.messageId}/attempts`, { token: admin });
    expect(body.items.map((a: { outcome: string; httpStatus: number }) => [a.outcome, a.httpStatus])).toEqual([['failed', 500], ['failed', 500], ['succeeded', 200]]);
    expect(Buffer.byteLength(body.items[0].response)).toBeLessThanOrEqual(1024);
    expect(body.items[0].response).toMatch(/^boom x+$/);
  });

  it('disables an endpoint that answers 410 Gone and tells the owner with EndpointDisabled', async () => {
    const published = await collectTopic(h.prefix, TOPICS.webhooks);
    receiver.on('/gone', () => ({ status: 410 }));
    const { id } = await subscribe('/gone');
    await feed.publishMany(sessionScheduledV1, TENANT, [session(), session()]);
    const disabled = await waitFor(() => published.events.find((e) => e.type === endpointDisabledV1.type && (e.data as { subscriptionId: string }).subscriptionId === id), 'EndpointDisabled');
    expect(disabled.data).toMatchObject({ subscriptionId: id, reason: 'gone' });
    expect(disabled.tenantId).toBe(TENANT);
    await published.stop();
    const view = await h.t.request('GET', `/v1/subscriptions/${id}`, { token: admin });
    expect(view.body).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.at('/gone').length).toBeLessThanOrEqual(2);
  });

  it('times out a slow receiver and lists the message as exhausted after the last attempt', async () => {
    receiver.on('/slow', () => ({ status: 200, delayMs: 1_500 }));
    const { id } = await subscribe('/slow');
    await feed.publish(sessionScheduledV1, TENANT, session());
    const [message] = await waitFor(async () => nonEmpty(await messages(id, '?status=exhausted')), 'exhausted', 30_000);
    expect(message).toMatchObject({ attempts: 3, status: 'exhausted', nextAttemptAt: null });
    const { body } = await h.t.request('GET', `/v1/messages/${message.messageId}/attempts`, { token: admin });
    expect(body.items.map((a: { outcome: string }) => a.outcome)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(body.items[0].latencyMs).toBeGreaterThanOrEqual(450);
    expect(body.items[0].latencyMs).toBeLessThan(1_400);
  });

  it('waits as long as Retry-After asks on 429', async () => {
    receiver.on('/busy', (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 }));
    await subscribe('/busy');
    await feed.publish(sessionScheduledV1, TENANT, session());
    await waitFor(() => receiver.at('/busy').length === 2, 'the retry');
    const [first, second] = receiver.at('/busy');
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const { id, secret: old } = await subscribe('/rotated');
    const rotated = await h.t.request('POST', `/v1/subscriptions/${id}/rotate-secret`, { token: admin });
    receiver.verifyWith('/rotated', old, rotated.body.secret);
    await feed.publish(sessionScheduledV1, TENANT, session());
    const [got] = await waitFor(() => receiver.at('/rotated').length > 0 && receiver.at('/rotated'), 'the delivery');
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [old, rotated.body.secret]) expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
  });
});
