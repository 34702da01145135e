/**
 * Subscriptions through HTTP with real tokens: the admin's lifecycle (create, read, update with If-Match, pause,
 * resume, rotate, delete), the roles, and bad input answered with problem+json while nothing is stored.
 */
import { startWebhooks, type WebhooksHarness } from '../testing/webhooks-app';

const TENANT = 'wh-subs';
const URL_OK = 'https://hooks.example.com/iop';

describe('webhook subscriptions', () => {
  let h: WebhooksHarness;
  let admin: string;

  beforeAll(async () => {
    h = await startWebhooks(TENANT);
    admin = await h.token(['admin']);
  });
  afterAll(() => h?.close());

  const create = (body: unknown, token = admin, headers: Record<string, string> = {}) => h.t.request('POST', '/v1/subscriptions', { token, body, headers });

  it('creates a subscription and shows its whsec_ secret once', async () => {
    const res = await create({ url: URL_OK, eventTypes: ['iop.admissions.*'], description: 'Billing', recipient: 'payer:acme-health', purpose: 'payment' });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(res.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const got = await h.t.request('GET', `/v1/subscriptions/${res.body.subscriptionId}`, { token: admin });
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).toMatchObject({ url: URL_OK, eventTypes: ['iop.admissions.*'], status: 'active', recipient: 'payer:acme-health', purpose: 'payment', description: 'Billing' });
    expect(JSON.stringify(got.body)).not.toContain('whsec_');
  });

  it('stores the secret sealed, also in the stored Idempotency-Key answer, and replays the same secret', async () => {
    const body = { url: URL_OK, eventTypes: ['iop.scheduling.AttendanceRecorded.v1'] };
    const first = await create(body, admin, { 'idempotency-key': 'create-once' });
    const again = await create(body, admin, { 'idempotency-key': 'create-once' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const secret = first.body.secret as string;
    const leaks = await h.sql(
      `SELECT 'idempotency' AS t FROM idempotency_keys WHERE response::text LIKE $1
       UNION ALL SELECT 'events' FROM events WHERE data::text LIKE $1 UNION ALL SELECT 'subscriptions' FROM subscriptions WHERE sealed_secret LIKE $1`,
      [`%${secret.slice(6, 30)}%`],
    );
    expect(leaks).toEqual([]);
    // Shown once: no route reads it back (an integrator who lost it rotates it).
    const shown = await h.t.request('GET', `/v1/subscriptions/${first.body.subscriptionId}/secret`, { token: admin });
    expect(shown.status).toBe(404);
    expect(JSON.stringify(shown.body)).not.toContain(secret);
  });

  it('keeps a description that looks like a sealed secret as the text it is, in every answer', async () => {
    const created = await create({ url: URL_OK, eventTypes: ['iop.admissions.*'], description: 'whsec_sealed.x' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_(?!sealed)/);
    const list = await h.t.request('GET', '/v1/subscriptions', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ description: 'whsec_sealed.x' })]));
    const one = await h.t.request('GET', `/v1/subscriptions/${created.body.subscriptionId}`, { token: admin });
    expect([one.status, one.body.description]).toEqual([200, 'whsec_sealed.x']);
  });

  describe('refuses bad input with problem+json and stores nothing', () => {
    const cases: [string, unknown, number][] = [
      ['an invalid URL', { url: 'not a url', eventTypes: ['iop.admissions.*'] }, 400],
      ['plain http', { url: 'http://hooks.example.com/x', eventTypes: ['iop.admissions.*'] }, 400],
      ['a private target', { url: 'https://10.0.0.5/hook', eventTypes: ['iop.admissions.*'] }, 400],
      ['the metadata service', { url: 'https://169.254.169.254/latest/meta-data', eventTypes: ['iop.admissions.*'] }, 400],
      ['loopback IPv6', { url: 'https://[::1]:8443/hook', eventTypes: ['iop.admissions.*'] }, 400],
      ['unique-local IPv6', { url: 'https://[fd00::1]/hook', eventTypes: ['iop.admissions.*'] }, 400],
      ['IPv4-mapped loopback', { url: 'https://[::ffff:127.0.0.1]/hook', eventTypes: ['iop.admissions.*'] }, 400],
      ['a name resolving to loopback', { url: 'https://localhost:8443/hook', eventTypes: ['iop.admissions.*'] }, 400],
      ['an unknown event type', { url: URL_OK, eventTypes: ['iop.admissions.PatientTeleported.v1'] }, 400],
      ['an empty filter', { url: URL_OK, eventTypes: [] }, 400],
      ['the analytics stream', { url: URL_OK, eventTypes: ['iop.analytics.*'] }, 400],
      ['an unknown field', { url: URL_OK, eventTypes: ['iop.admissions.*'], secret: 'whsec_mine' }, 400],
    ];
    it.each(cases)('%s', async (_, body, status) => {
      const before = await h.sql('SELECT count(*)::int AS n FROM events');
      const res = await create(body);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
      expect(await h.sql('SELECT count(*)::int AS n FROM events')).toEqual(before);
    });

    it('names the failing field', async () => {
      const res = await create({ url: URL_OK, eventTypes: ['iop.admissions.*', 'iop.nope.*'] });
      expect(res.body.errors).toEqual([{ path: 'eventTypes.1', message: expect.stringContaining('iop.nope.*') }]);
      const ssrf = await create({ url: 'https://192.168.1.10/x', eventTypes: ['iop.admissions.*'] });
      expect(ssrf.body.errors).toEqual([{ path: 'url', message: expect.stringContaining('private') }]);
    });

    it('a clinician may not subscribe (403), an integrator may read but not write, front desk neither', async () => {
      const body = { url: URL_OK, eventTypes: ['iop.admissions.*'] };
      expect((await create(body, await h.token(['clinician']))).status).toBe(403);
      const integrator = await h.token(['integrator']);
      expect((await create(body, integrator)).status).toBe(403);
      expect((await h.t.request('GET', '/v1/subscriptions', { token: integrator })).status).toBe(200);
      expect((await h.t.request('GET', '/v1/subscriptions', { token: await h.token(['front-desk']) })).status).toBe(403);
      expect((await h.t.request('GET', '/v1/subscriptions')).status).toBe(401);
    });
  });

  it('hides another tenant\'s subscription (404) for reads and every change', async () => {
    const { body } = await create({ url: URL_OK, eventTypes: ['iop.outcomes.*'] });
    const other = await h.token(['admin'], 'wh-subs-other');
    const id = body.subscriptionId;
    for (const [method, path, payload] of [
      ['GET', `/v1/subscriptions/${id}`], ['PATCH', `/v1/subscriptions/${id}`, { description: 'x' }], ['POST', `/v1/subscriptions/${id}/pause`],
      ['POST', `/v1/subscriptions/${id}/rotate-secret`], ['DELETE', `/v1/subscriptions/${id}`], ['GET', `/v1/subscriptions/${id}/messages`],
      ['POST', `/v1/subscriptions/${id}/replay`, { since: '2025-01-01T00:00:00Z' }],
    ] as [string, string, unknown?][]) {
      const res = await h.t.request(method, path, { token: other, body: payload });
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await h.t.request('GET', '/v1/subscriptions', { token: other })).body.items).toEqual([]);
    expect((await h.t.request('GET', `/v1/subscriptions/${id}`, { token: admin })).body.status).toBe('active');
  });

  it('updates with If-Match, pauses, resumes, rotates and deletes', async () => {
    const { body } = await create({ url: URL_OK, eventTypes: ['iop.admissions.*'], rateLimit: 5 });
    const path = `/v1/subscriptions/${body.subscriptionId}`;
    const stale = await h.t.request('PATCH', path, { token: admin, body: { description: 'x' }, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(409);
    const patched = await h.t.request('PATCH', path, { token: admin, body: { eventTypes: ['iop.scheduling.*'], rateLimit: null }, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.body).toMatchObject({ eventTypes: ['iop.scheduling.*'], rateLimit: null });
    expect((await h.t.request('POST', `${path}/pause`, { token: admin })).body.status).toBe('paused');
    expect((await h.t.request('POST', `${path}/resume`, { token: admin })).body.status).toBe('active');
    const rotated = await h.t.request('POST', `${path}/rotate-secret`, { token: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(body.secret);
    expect(Date.parse(rotated.body.previousSecretValidUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await h.t.request('DELETE', path, { token: admin })).status).toBe(204);
    expect((await h.t.request('GET', path, { token: admin })).status).toBe(404);
    expect((await h.t.request('DELETE', path, { token: admin })).status).toBe(404);
  });

  it('lists with limit and cursor', async () => {
    const first = await h.t.request('GET', '/v1/subscriptions?limit=2', { token: admin });
    expect(first.body.items).toHaveLength(2);
    const next = await h.t.request('GET', `/v1/subscriptions?limit=2&cursor=${first.body.nextCursor}`, { token: admin });
    expect(next.body.items[0].subscriptionId).not.toBe(first.body.items[0].subscriptionId);
    expect((await h.t.request('GET', '/v1/subscriptions?limit=0', { token: admin })).status).toBe(400);
  });

  it('refuses an old position cursor, a tampered one and a delivery-log cursor as 400 problems', async () => {
    const first = await h.t.request('GET', '/v1/subscriptions?limit=1', { token: admin });
    const payload = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...payload, k: ['1; DROP TABLE subscriptions'] })).toString('base64url');
    const messages = Buffer.from(JSON.stringify({ ...payload, l: 'webhooks.messages' })).toString('base64url');
    for (const cursor of ['12', tampered, messages]) {
      const res = await h.t.request('GET', `/v1/subscriptions?cursor=${encodeURIComponent(cursor)}`, { token: admin });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: 'https://iop.example/problems/invalid-cursor', errors: [{ path: 'cursor' }] });
    }
  });
});
