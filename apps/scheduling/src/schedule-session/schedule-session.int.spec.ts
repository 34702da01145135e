/** One-off sessions over HTTP: facilitator and room overlaps (409), group size, bad times, cancellation. */
import { createLocation, startScheduling, type Harness } from '../testing/scheduling-test-kit';

describe('sessions', () => {
  let h: Harness;
  let admin: string;
  let locationId: string;
  const individual = (over: Record<string, unknown> = {}) => ({
    locationId, type: 'individual-therapy', startsAt: '2026-12-01T15:00:00-05:00', endsAt: '2026-12-01T16:00:00-05:00',
    facilitator: { role: 'clinician', staffId: 'staff-ana' }, room: 'Room 2', ...over,
  });
  const schedule = (body: Record<string, unknown>) => h.t.request('POST', '/v1/sessions', { token: admin, body });
  const sessionEvents = async () => (await h.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_type = 'session'"))[0].n;

  beforeAll(async () => {
    h = await startScheduling('sessions');
    admin = await h.token(['admin']);
    locationId = await createLocation(h, { name: 'Lakeside' });
  });
  afterAll(() => h?.close());

  it('schedules a one-to-one session with one seat, in the location\'s zone', async () => {
    const res = await schedule(individual({ startsAt: '2026-12-01T20:00:00Z', endsAt: '2026-12-01T21:00:00Z' }));
    expect(res.status).toBe(201);
    const got = await h.t.request('GET', `/v1/sessions/${res.body.sessionId}`, { token: await h.token(['front-desk']) });
    expect(got.body).toMatchObject({
      type: 'individual-therapy', startsAt: '2026-12-01T15:00:00-05:00', endsAt: '2026-12-01T16:00:00-05:00', capacity: 1, booked: 0,
      facilitator: { role: 'clinician', staffId: 'staff-ana' }, room: 'Room 2', status: 'scheduled', series: null,
    });
  });

  it('refuses a second session of the same facilitator or in the same room at an overlapping time', async () => {
    const before = await sessionEvents();
    const sameStaff = await schedule(individual({ startsAt: '2026-12-01T15:30:00-05:00', endsAt: '2026-12-01T16:30:00-05:00', room: 'Room 9' }));
    expect(sameStaff.status).toBe(409);
    expect(sameStaff.body).toMatchObject({ type: expect.stringContaining('facilitator-double-booked'), detail: 'The facilitator already has a session at that time.' });
    const sameRoom = await schedule(individual({ facilitator: { role: 'counselor', staffId: 'staff-bo' } }));
    expect(sameRoom.status).toBe(409);
    expect(sameRoom.body.type).toContain('room-double-booked');
    expect(await sessionEvents()).toBe(before);
    const adjacent = await schedule(individual({ startsAt: '2026-12-01T16:00:00-05:00', endsAt: '2026-12-01T17:00:00-05:00' }));
    expect(adjacent.status).toBe(201);
  });

  it('refuses an end before the start, a group over the tenant limit, and a consult without a psychiatrist', async () => {
    const backwards = await schedule(individual({ startsAt: '2026-12-02T15:00:00-05:00', endsAt: '2026-12-02T14:00:00-05:00' }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.type).toContain('end-before-start');
    const big = await schedule(individual({ type: 'smart-recovery', capacity: 13, facilitator: { role: 'peer-facilitator' }, startsAt: '2026-12-03T10:00:00-05:00', endsAt: '2026-12-03T11:00:00-05:00' }));
    expect(big.status).toBe(400);
    expect(big.body.detail).toBe('Groups are limited to 12 patients here.');
    expect((await schedule(individual({ type: 'psychiatric-consultation', startsAt: '2026-12-04T10:00:00-05:00', endsAt: '2026-12-04T11:00:00-05:00' }))).status).toBe(400);
    expect((await schedule(individual({ startsAt: '2026-12-04' }))).status).toBe(400);
  });

  it('follows the tenant\'s group size limit once an admin changes it', async () => {
    const put = await h.t.request('PUT', '/v1/program-settings', { token: admin, body: { groupSizeLimit: 8, minHoursPerDay: 3, minDaysPerWeek: 4 } });
    expect(put.status).toBe(200);
    const group = await schedule(individual({ type: 'smart-recovery', facilitator: { role: 'peer-facilitator' }, virtualLink: 'https://meet.example/sr', room: undefined, startsAt: '2026-12-05T10:00:00-05:00', endsAt: '2026-12-05T11:00:00-05:00' }));
    expect((await h.t.request('GET', `/v1/sessions/${group.body.sessionId}`, { token: admin })).body).toMatchObject({ capacity: 8, virtualLink: 'https://meet.example/sr' });
    expect((await h.t.request('PUT', '/v1/program-settings', { token: await h.token(['clinician']), body: { groupSizeLimit: 20, minHoursPerDay: 3, minDaysPerWeek: 4 } })).status).toBe(403);
    await h.t.request('PUT', '/v1/program-settings', { token: admin, body: { groupSizeLimit: 12, minHoursPerDay: 3, minDaysPerWeek: 4 } });
  });

  it('cancels a session once, freeing its facilitator and room', async () => {
    const created = await schedule(individual({ startsAt: '2026-12-08T15:00:00-05:00', endsAt: '2026-12-08T16:00:00-05:00' }));
    const cancel = await h.t.request('POST', `/v1/sessions/${created.body.sessionId}/cancel`, { token: admin, body: { reason: 'facilitator-unavailable' } });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toEqual({ sessionId: created.body.sessionId, status: 'cancelled', releasedBookings: 0 });
    expect((await h.t.request('POST', `/v1/sessions/${created.body.sessionId}/cancel`, { token: admin, body: { reason: 'other' } })).status).toBe(409);
    expect((await h.t.request('POST', `/v1/sessions/${created.body.sessionId}/cancel`, { token: admin, body: { reason: 'because' } })).status).toBe(400);
    expect((await schedule(individual({ startsAt: '2026-12-08T15:00:00-05:00', endsAt: '2026-12-08T16:00:00-05:00' }))).status).toBe(201);
  });

  it('hides another tenant\'s sessions and lets only admins schedule', async () => {
    const created = await schedule(individual({ startsAt: '2026-12-09T15:00:00-05:00', endsAt: '2026-12-09T16:00:00-05:00' }));
    const stranger = await h.token(['admin'], 'tenant-stranger');
    expect((await h.t.request('GET', `/v1/sessions/${created.body.sessionId}`, { token: stranger })).status).toBe(404);
    expect((await h.t.request('POST', `/v1/sessions/${created.body.sessionId}/cancel`, { token: stranger, body: { reason: 'other' } })).status).toBe(404);
    expect((await h.t.request('POST', '/v1/sessions', { token: stranger, body: individual() })).status).toBe(404);
    expect((await h.t.request('POST', '/v1/sessions', { token: await h.token(['front-desk']), body: individual() })).status).toBe(403);
  });
});
