/**
 * The delivery log and what an admin does with it: resend, replay since a time (also what a paused endpoint missed),
 * pause and resume; who may read it; the per-endpoint rate limit; deliveries surviving a restart; and an endpoint
 * that keeps failing being disabled with EndpointDisabled.
 */
import { randomUUID } from 'node:crypto';
import { endpointDisabledV1, sessionScheduledV1, TOPICS } from '@iop/domain-events';
import { collectTopic, EventFeed, nonEmpty, waitFor } from '../testing/events';
import { Receiver } from '../testing/receiver';
import { FAST_ENV, startWebhooks, type WebhooksHarness } from '../testing/webhooks-app';

const TENANT = 'wh-log';
const ENV = { ...FAST_ENV, WEBHOOKS_ALLOWED_CIDRS: '127.0.0.0/8', WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_DISABLE_AFTER: '1500ms', WEBHOOKS_RETRY_SCHEDULE: '0,300ms,300ms,300ms,300ms,300ms,300ms' };
type Message = { messageId: string; status: string; [field: string]: unknown };

describe('the delivery log', () => {
  let h: WebhooksHarness;
  let feed: EventFeed;
  let receiver: Receiver;
  let admin: string;

  beforeAll(async () => {
    h = await startWebhooks(TENANT, ENV);
    [feed, receiver, admin] = await Promise.all([EventFeed.connect(h.prefix), Receiver.start(), h.token(['admin'])]);
  });
  afterAll(async () => {
    await feed?.close();
    await receiver?.close();
    await h?.close();
  });

  async function subscribe(path: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await h.t.request('POST', '/v1/subscriptions', { token: admin, body: { url: receiver.url(path), eventTypes: ['iop.scheduling.SessionScheduled.v1'], ...extra } });
    return res.body.subscriptionId;
  }
  const session = () => ({ ...sessionScheduledV1.example, sessionId: randomUUID() });
  const messages = async (id: string, query = '', token = admin): Promise<Message[]> =>
    (await h.t.request('GET', `/v1/subscriptions/${id}/messages${query}`, { token })).body.items;

  it('resends a delivered message with the same webhook-id; integrators read the log, only admins resend', async () => {
    const id = await subscribe('/resend');
    await feed.publish(sessionScheduledV1, TENANT, session());
    const [message] = await waitFor(async () => nonEmpty(await messages(id, '?status=delivered')), 'the delivery');
    const integrator = await h.token(['integrator']);
    expect((await h.t.request('POST', `/v1/messages/${message.messageId}/resend`, { token: integrator })).status).toBe(403);
    expect((await h.t.request('POST', `/v1/messages/${message.messageId}/resend`, { token: admin })).status).toBe(202);
    await waitFor(() => receiver.at('/resend').length === 2, 'the second delivery');
    expect(new Set(receiver.at('/resend').map((r) => r.headers['webhook-id']))).toEqual(new Set([message.messageId]));
    const read = await h.t.request('GET', `/v1/messages/${message.messageId}`, { token: integrator });
    expect(read.body).toMatchObject({ messageId: message.messageId, payload: { type: sessionScheduledV1.type, data: expect.any(Object) } });
    const attempts = await waitFor(async () => {
      const res = await h.t.request('GET', `/v1/messages/${message.messageId}/attempts`, { token: integrator });
      return res.body.items.length === 2 && (res.body.items as { outcome: string }[]);
    }, 'two attempts');
    expect(attempts.map((a) => a.outcome)).toEqual(['succeeded', 'succeeded']);
    const firstAttempt = await h.t.request('GET', `/v1/messages/${message.messageId}/attempts?limit=1`, { token: integrator });
    expect(firstAttempt.body.items).toEqual([attempts[0]]);
    const secondAttempt = await h.t.request('GET', `/v1/messages/${message.messageId}/attempts?limit=1&cursor=${firstAttempt.body.nextCursor}`, { token: integrator });
    expect(secondAttempt.body).toEqual({ items: [attempts[1]], nextCursor: null });
    const onMessages = await h.t.request('GET', `/v1/subscriptions/${id}/messages?cursor=${firstAttempt.body.nextCursor}`, { token: integrator });
    expect(onMessages).toMatchObject({ status: 400, body: { type: 'https://iop.example/problems/invalid-cursor' } });
    expect(onMessages.headers['content-type']).toContain('application/problem+json');
    expect((await h.t.request('GET', `/v1/messages/${message.messageId}`, { token: await h.token(['clinician']) })).status).toBe(403);
    expect((await h.t.request('GET', `/v1/messages/${message.messageId}`, { token: await h.token(['admin'], 'wh-log-other') })).status).toBe(404);
    expect((await h.t.request('GET', `/v1/subscriptions/${id}/messages?status=lost`, { token: admin })).status).toBe(400);
  });

  it('parks messages while paused, sends them on resume, and replays what the pause missed', async () => {
    receiver.on('/paused', (n) => (n === 1 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 204 }));
    const id = await subscribe('/paused');
    const since = new Date().toISOString();
    await feed.publish(sessionScheduledV1, TENANT, session());
    await waitFor(() => receiver.at('/paused').length === 1, 'the first attempt');
    await h.t.request('POST', `/v1/subscriptions/${id}/pause`, { token: admin });
    await feed.publish(sessionScheduledV1, TENANT, session());
    const [parked] = await waitFor(async () => nonEmpty((await messages(id)).filter((m) => m.statusReason === 'endpoint paused')), 'the parked message', 5_000);
    expect(parked).toMatchObject({ status: 'pending', nextAttemptAt: null });
    expect(await messages(id)).toHaveLength(1);
    await h.t.request('POST', `/v1/subscriptions/${id}/resume`, { token: admin });
    await waitFor(() => receiver.at('/paused').length === 2, 'the parked message sent after resume');
    await waitFor(async () => nonEmpty(await messages(id, '?status=delivered')), 'its delivered status');
    const replay = await h.t.request('POST', `/v1/subscriptions/${id}/replay`, { token: admin, body: { since } });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ requeued: 1, created: 1 });
    await waitFor(() => receiver.at('/paused').length === 4, 'the replayed messages');
    const all = await messages(id);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const newest = await h.t.request('GET', `/v1/subscriptions/${id}/messages?limit=1`, { token: admin });
    const older = await h.t.request('GET', `/v1/subscriptions/${id}/messages?limit=200&cursor=${newest.body.nextCursor}`, { token: admin });
    const ids = (items: Message[]) => items.map((m) => m.messageId);
    expect(ids([...newest.body.items, ...older.body.items])).toEqual(ids(all));
    expect((await h.t.request('POST', `/v1/subscriptions/${id}/replay`, { token: admin, body: { since: 'yesterday' } })).status).toBe(400);
  });

  it('keeps to the endpoint\'s rate limit', async () => {
    await subscribe('/limited', { rateLimit: 5 });
    await feed.publishMany(sessionScheduledV1, TENANT, Array.from({ length: 10 }, session));
    await waitFor(() => receiver.at('/limited').length === 10, 'ten deliveries', 10_000);
    const times = receiver.at('/limited').map((r) => r.at);
    expect(times[9] - times[0]).toBeGreaterThanOrEqual(900);
  });

  it('carries on after a restart: pending deliveries live in the database', async () => {
    let up = false;
    receiver.on('/restart', () => (up ? { status: 204 } : { status: 503 }));
    const id = await subscribe('/restart');
    await feed.publish(sessionScheduledV1, TENANT, session());
    await waitFor(() => receiver.at('/restart').length >= 1, 'a failed attempt');
    await h.stop();
    up = true;
    await h.restart();
    const [message] = await waitFor(async () => nonEmpty(await messages(id, '?status=delivered')), 'delivery by the restarted service', 10_000);
    expect(Number(message.attempts)).toBeGreaterThanOrEqual(2);
  });

  it('disables an endpoint that keeps failing and publishes EndpointDisabled', async () => {
    const published = await collectTopic(h.prefix, TOPICS.webhooks);
    receiver.on('/down', () => ({ status: 500 }));
    const id = await subscribe('/down');
    await feed.publish(sessionScheduledV1, TENANT, session());
    const disabled = await waitFor(() => published.events.find((e) => e.type === endpointDisabledV1.type && (e.data as { subscriptionId: string }).subscriptionId === id), 'EndpointDisabled', 15_000);
    await published.stop();
    expect(disabled.data).toMatchObject({ reason: 'failing' });
    const view = await h.t.request('GET', `/v1/subscriptions/${id}`, { token: admin });
    expect(view.body).toMatchObject({ status: 'disabled', disabledReason: 'failing', failingSince: expect.any(String) });
  });
});
