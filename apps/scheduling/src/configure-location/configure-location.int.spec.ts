/** Locations over HTTP against real PostgreSQL and Kafka: blocks, generated series across DST, roles and bad input. */
import { randomUUID } from 'node:crypto';
import { encodeCursor } from '@iop/platform';
import { createLocation, EVENING_BLOCK, publishedTypes, startScheduling, type Harness } from '../testing/scheduling-test-kit';

describe('locations', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startScheduling('locations');
    admin = await h.token(['admin']);
  });
  afterAll(() => h?.close());

  it('creates the README location, schedules its next 4 weeks and publishes LocationConfigured', async () => {
    const res = await h.t.request('POST', '/v1/locations', { token: admin, body: { name: 'Riverside', timezone: 'America/New_York', blocks: [EVENING_BLOCK] } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ locationId: expect.any(String), sessionsScheduled: 32 });
    const got = await h.t.request('GET', `/v1/locations/${res.body.locationId}`, { token: await h.token(['front-desk']) });
    expect(got.body).toMatchObject({ name: 'Riverside', timezone: 'America/New_York', blocks: [EVENING_BLOCK] });
    const published = await publishedTypes(h.prefix, (types) => types.includes('iop.scheduling.LocationConfigured.v1'));
    const configured = published.find((m) => m.type === 'iop.scheduling.LocationConfigured.v1')!;
    expect(configured.data).toMatchObject({ locationId: res.body.locationId, timezone: 'America/New_York', blocks: [EVENING_BLOCK] });
    expect(published.filter((m) => m.type === 'iop.scheduling.SessionScheduled.v1').length).toBeGreaterThan(0);
  });

  it('keeps the evening at 18:00 local across the 2026-11-01 change, in New York and in Chicago', async () => {
    for (const [timezone, before, after] of [
      ['America/New_York', '2026-10-26T18:00:00-04:00', '2026-11-02T18:00:00-05:00'],
      ['America/Chicago', '2026-10-26T18:00:00-05:00', '2026-11-02T18:00:00-06:00'],
    ]) {
      const id = await createLocation(h, { timezone });
      const series = await h.t.request('POST', `/v1/locations/${id}/series`, { token: admin, body: { weeks: 2, from: '2026-10-28' } });
      expect(series.body).toEqual({ locationId: id, weeks: ['2026-10-26', '2026-11-02'], sessionsScheduled: 16 });
      const week1 = await h.t.request('GET', `/v1/locations/${id}/week?start=2026-10-29`, { token: admin });
      const week2 = await h.t.request('GET', `/v1/locations/${id}/week?start=2026-11-02`, { token: admin });
      expect(week1.body.weekStart).toBe('2026-10-26');
      expect(week1.body.sessions[0]).toMatchObject({ startsAt: before, type: 'group-therapy', track: 'evening', capacity: 12, booked: 0, status: 'scheduled' });
      expect(week2.body.sessions[0].startsAt).toBe(after);
      expect(week2.body.sessions.map((s: { startsAt: string }) => s.startsAt.slice(11, 16))).toEqual(Array(4).fill(['18:00', '19:30']).flat());
    }
  });

  it('refuses a malformed cursor, a bare id and another list\'s cursor as 400 problems', async () => {
    await createLocation(h);
    const foreign = encodeCursor('admissions.episodes', ['2026-03-02', randomUUID()]);
    for (const cursor of ['not-a-cursor', randomUUID(), foreign]) {
      const res = await h.t.request('GET', `/v1/locations?cursor=${cursor}`, { token: admin });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: 'https://iop.example/problems/invalid-cursor', errors: [{ path: 'cursor' }] });
    }
    const tooMany = await h.t.request('GET', '/v1/locations?limit=201', { token: admin });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ detail: 'The query has invalid parameters.', errors: [{ path: 'limit' }] });
  });

  it('generates a week only once', async () => {
    const id = await createLocation(h);
    const again = await h.t.request('POST', `/v1/locations/${id}/series`, { token: admin, body: { weeks: 5 } });
    expect(again.body.sessionsScheduled).toBe(8);
  });

  it('replaces blocks and lists the tenant\'s locations, another tenant sees none of them', async () => {
    const id = await createLocation(h, { name: 'Hillside' });
    const morning = { track: 'morning', days: ['SAT'], start: '09:00', end: '12:00' };
    const put = await h.t.request('PUT', `/v1/locations/${id}/blocks`, { token: admin, body: { blocks: [EVENING_BLOCK, morning] } });
    expect(put.status).toBe(200);
    expect((await h.t.request('GET', `/v1/locations/${id}`, { token: admin })).body.blocks).toEqual([EVENING_BLOCK, morning]);
    const list = await h.t.request('GET', '/v1/locations?limit=2', { token: admin });
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const next = await h.t.request('GET', `/v1/locations?limit=2&cursor=${list.body.nextCursor}`, { token: admin });
    expect(next.status).toBe(200);
    const ids = (res: typeof list) => res.body.items.map((l: { locationId: string }) => l.locationId);
    expect(ids(next).filter((n: string) => ids(list).includes(n))).toEqual([]);
    const stranger = await h.token(['admin'], 'tenant-stranger');
    expect((await h.t.request('GET', `/v1/locations/${id}`, { token: stranger })).status).toBe(404);
    expect((await h.t.request('PUT', `/v1/locations/${id}/blocks`, { token: stranger, body: { blocks: [EVENING_BLOCK] } })).status).toBe(404);
    expect((await h.t.request('GET', '/v1/locations', { token: stranger })).body.items).toEqual([]);
  });

  it('refuses an unknown time zone and a block that ends before it starts, writing nothing', async () => {
    const count = async () => (await h.sql<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0].n;
    const before = await count();
    const zone = await h.t.request('POST', '/v1/locations', { token: admin, body: { name: 'X', timezone: 'Mars/Olympus_Mons', blocks: [EVENING_BLOCK] } });
    expect(zone.status).toBe(400);
    expect(zone.headers['content-type']).toContain('application/problem+json');
    expect(zone.body).toMatchObject({ type: expect.stringContaining('unknown-time-zone'), errors: [{ path: 'timezone' }] });
    const backwards = await h.t.request('POST', '/v1/locations', { token: admin, body: { name: 'X', timezone: 'America/New_York', blocks: [{ ...EVENING_BLOCK, end: '17:00' }] } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'blocks.0.end', message: 'must be after start (same day)' }]);
    const malformed = await h.t.request('POST', '/v1/locations', { token: admin, body: { name: 'X', timezone: 'America/New_York', blocks: [{ ...EVENING_BLOCK, start: '6pm' }] } });
    expect(malformed.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('lets only admins configure', async () => {
    for (const role of ['front-desk', 'clinician', 'analyst']) {
      const res = await h.t.request('POST', '/v1/locations', { token: await h.token([role]), body: { name: 'X', timezone: 'America/New_York', blocks: [EVENING_BLOCK] } });
      expect(res.status).toBe(403);
    }
    expect((await h.t.request('GET', '/v1/locations')).status).toBe(401);
  });
});
