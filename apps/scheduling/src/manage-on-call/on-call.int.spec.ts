/**
 * The on-call roster over HTTP against real PostgreSQL and Kafka: local times across the spring-forward night,
 * who is on call at an instant, overlaps refused unless explicit, roles, and the published OnCallRosterChanged
 * (who and when, never how to reach them).
 */
import { randomUUID } from 'node:crypto';
import { createLocation, publishedTypes, startScheduling, type Harness } from '../testing/scheduling-test-kit';

describe('on-call roster', () => {
  let h: Harness;
  let locationId: string;
  let supervisor: string;
  const put = async (token: string, body: object, id = locationId) => h.t.request('PUT', `/v1/locations/${id}/on-call`, { token, body });
  const at = async (when: string, roles = ['nurse']) => h.t.request('GET', `/v1/locations/${locationId}/on-call?at=${encodeURIComponent(when)}`, { token: await h.token(roles) });

  beforeAll(async () => {
    h = await startScheduling('on-call');
    locationId = await createLocation(h, { timezone: 'America/New_York' });
    supervisor = await h.token(['supervisor']);
  });
  afterAll(() => h?.close());

  it('stores local shifts as instants across the DST night and answers who is on call when', async () => {
    const res = await put(supervisor, {
      shifts: [
        { staffId: 'auth0|dr-lee', from: '2026-03-07T21:00', to: '2026-03-08T09:00', contact: 'on-call phone 555-0100' },
        { staffId: 'auth0|kim', from: '2026-03-08T09:00', to: '2026-03-08T21:00', contact: 'pager 42' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-03-07T21:00:00-05:00', to: '2026-03-08T21:00:00-04:00', overlapAllowed: false,
      shifts: [
        { staffId: 'auth0|dr-lee', from: '2026-03-07T21:00:00-05:00', to: '2026-03-08T09:00:00-04:00', contact: 'on-call phone 555-0100' },
        { staffId: 'auth0|kim', from: '2026-03-08T09:00:00-04:00', to: '2026-03-08T21:00:00-04:00' },
      ],
    });
    expect((await at('2026-03-08T08:59')).body.onCall.map((s: { staffId: string }) => s.staffId)).toEqual(['auth0|dr-lee']);
    expect((await at('2026-03-08T13:00:00Z')).body).toMatchObject({ at: '2026-03-08T09:00:00-04:00', onCall: [{ staffId: 'auth0|kim', contact: 'pager 42' }] });
    expect((await at('2026-03-08T21:00')).body.onCall).toEqual([]);
  });

  it('refuses overlapping shifts with a 409 unless allowOverlap, and changes nothing', async () => {
    const overlapping = { shifts: [{ staffId: 'auth0|sam', from: '2026-03-08T08:00', to: '2026-03-08T10:00', contact: 'x' }], from: '2026-03-08T08:00', to: '2026-03-08T08:30' };
    const refused = await put(supervisor, overlapping);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/on-call-overlap$/);
    expect((await at('2026-03-08T08:15')).body.onCall).toHaveLength(1);
    expect((await put(supervisor, { ...overlapping, allowOverlap: true })).body.overlapAllowed).toBe(true);
    expect((await at('2026-03-08T08:15')).body.onCall.map((s: { staffId: string }) => s.staffId).sort()).toEqual(['auth0|dr-lee', 'auth0|sam']);
  });

  it('publishes OnCallRosterChanged with staff ids and times, without the contact', async () => {
    const published = await publishedTypes(h.prefix, (types) => types.includes('iop.scheduling.OnCallRosterChanged.v1'));
    const changed = published.find((m) => m.type === 'iop.scheduling.OnCallRosterChanged.v1')!;
    expect(changed.data).toMatchObject({ locationId, from: '2026-03-08T02:00:00.000Z', shifts: [{ staffId: 'auth0|dr-lee', from: '2026-03-08T02:00:00.000Z', to: '2026-03-08T13:00:00.000Z' }, expect.anything()] });
    expect(JSON.stringify(published)).not.toContain('555-0100');
  });

  it('is kept by admin and supervisor, read by the care team, answered 404 for an unknown location and 400 for bad times', async () => {
    const body = { shifts: [{ staffId: 'auth0|kim', from: '2026-04-01T09:00', to: '2026-04-01T21:00', contact: 'pager' }] };
    expect((await put(await h.token(['clinician']), body)).status).toBe(403);
    const byAdmin = await put(await h.token(['admin']), body);
    expect(byAdmin.status).toBe(200);
    expect((await at('2026-04-01T10:00', ['front-desk'])).status).toBe(200);
    expect((await at('2026-04-01T10:00', ['analyst'])).status).toBe(403);
    expect((await put(supervisor, body, randomUUID())).status).toBe(404);
    expect((await put(supervisor, { shifts: [{ ...body.shifts[0], to: 'soon' }] })).status).toBe(400);
    expect((await put(supervisor, { shifts: [{ ...body.shifts[0], to: '2026-04-01T08:00' }] })).status).toBe(400);
  });
});
