/**
 * Server-side request forgery: the address check runs again on every delivery, after DNS resolution, and refuses
 * before connecting. Loopback receivers are reachable only while WEBHOOKS_ALLOWED_CIDRS allows them (as `npm start`
 * does); restarted without the allowlist, the same subscriptions are refused and the receiver sees nothing.
 */
import { randomUUID } from 'node:crypto';
import { locationConfiguredV1 } from '@iop/domain-events';
import { EventFeed, nonEmpty, waitFor } from '../testing/events';
import { Receiver } from '../testing/receiver';
import { opensslAvailable, TlsReceiver } from '../testing/tls-receiver';
import { FAST_ENV, startWebhooks, type WebhooksHarness } from '../testing/webhooks-app';

const TENANT = 'wh-ssrf';
const DEV_ENV = { ...FAST_ENV, WEBHOOKS_ALLOWED_CIDRS: '127.0.0.0/8,::1/128', WEBHOOKS_ALLOW_HTTP: 'true' };
const PROD_LIKE_ENV = { ...FAST_ENV, WEBHOOKS_ALLOW_HTTP: 'true' };

describe('SSRF protection at delivery time', () => {
  let h: WebhooksHarness;
  let feed: EventFeed;
  let receiver: Receiver;
  let admin: string;
  const subscriptions: Record<string, string> = {};

  beforeAll(async () => {
    h = await startWebhooks(TENANT, DEV_ENV);
    [feed, receiver, admin] = await Promise.all([EventFeed.connect(h.prefix), Receiver.start(), h.token(['admin'])]);
    for (const [name, url] of [['ip', receiver.url('/ip')], ['name', receiver.url('/name', 'localhost')]]) {
      const res = await h.t.request('POST', '/v1/subscriptions', { token: admin, body: { url, eventTypes: ['iop.scheduling.LocationConfigured.v1'] } });
      expect(res.status).toBe(201);
      subscriptions[name] = res.body.subscriptionId;
    }
  });
  afterAll(async () => {
    await feed?.close();
    await receiver?.close();
    await h?.close();
  });

  const location = () => ({ ...locationConfiguredV1.example, locationId: randomUUID() });
  const attemptsOf = (eventId: string) =>
    h.sql<{ subscription_id: string; outcome: string; error: string | null }>(
      `SELECT a.subscription_id, a.outcome, a.error FROM delivery_attempts a JOIN deliveries d USING (message_id) WHERE d.event_id = $1 ORDER BY a.id`, [eventId]);

  it('delivers to allowlisted loopback targets, by address and by name', async () => {
    await feed.publish(locationConfiguredV1, TENANT, location());
    await waitFor(() => receiver.at('/ip').length === 1 && receiver.at('/name').length === 1, 'both deliveries');
  });

  (opensslAvailable() ? it : it.skip)('connects to the checked address but verifies TLS against the name (SNI): an untrusted certificate fails', async () => {
    const tls = await TlsReceiver.start();
    try {
      const body = { url: `https://localhost:${tls.port}/tls`, eventTypes: ['iop.scheduling.LocationConfigured.v1'] };
      const { subscriptionId } = (await h.t.request('POST', '/v1/subscriptions', { token: admin, body })).body;
      const eventId = await feed.publish(locationConfiguredV1, TENANT, location());
      const [attempt] = await waitFor(async () => nonEmpty((await attemptsOf(eventId)).filter((a) => a.subscription_id === subscriptionId)), 'the TLS attempt');
      expect(attempt).toMatchObject({ outcome: 'network', error: expect.stringMatching(/SELF_SIGNED|CERT/) });
      expect(tls.serverNames).toContain('localhost');
      expect(tls.requests).toBe(0);
      await h.t.request('DELETE', `/v1/subscriptions/${subscriptionId}`, { token: admin });
    } finally {
      await tls.close();
    }
  });

  it('refuses the same targets once the allowlist is gone, before connecting', async () => {
    await h.restart(PROD_LIKE_ENV);
    const before = receiver.received.length;
    const eventId = await feed.publish(locationConfiguredV1, TENANT, location());
    const attempts = await waitFor(async () => {
      const rows = await attemptsOf(eventId);
      return rows.length >= 2 && rows;
    }, 'the refused attempts');
    const byName = attempts.find((a) => a.subscription_id === subscriptions.name)!;
    const byIp = attempts.find((a) => a.subscription_id === subscriptions.ip)!;
    expect(byIp).toMatchObject({ outcome: 'refused', error: expect.stringContaining('is a private, loopback') });
    expect(byName).toMatchObject({ outcome: 'refused', error: expect.stringContaining('resolves to a private, loopback') });
    await new Promise((r) => setTimeout(r, 700));
    expect(receiver.received.length).toBe(before);
  });

  it('refuses to subscribe loopback without the allowlist, even over http', async () => {
    for (const url of [receiver.url('/new'), receiver.url('/new', 'localhost'), `http://[::1]:${receiver.port}/new`]) {
      const res = await h.t.request('POST', '/v1/subscriptions', { token: admin, body: { url, eventTypes: ['iop.scheduling.*'] } });
      expect([url, res.status]).toEqual([url, 400]);
    }
  });
});
