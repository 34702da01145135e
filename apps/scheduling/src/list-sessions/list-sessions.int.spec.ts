/**
 * The day's sessions (the console's Today screen): every location's sessions on a local date in time order, with
 * wall-clock times of their own zone and seat and attendance counts; one location; paging; today by default in
 * each location's zone; staff roles only, the caller's tenant only.
 */
import { admitted, createLocation, patientAdmittedV1, startScheduling, until, type Harness } from '../testing/scheduling-test-kit';

type Item = { sessionId: string; locationId: string; [k: string]: unknown };

describe('GET /v1/sessions', () => {
  let h: Harness;
  let clinician: string;
  let ny: string;
  let chicago: string;
  let group: string;
  const list = async (query: string, roles = ['front-desk'], tenant?: string) => h.t.request('GET', `/v1/sessions${query}`, { token: await h.token(roles, tenant) });

  beforeAll(async () => {
    h = await startScheduling('list-sessions');
    clinician = await h.token(['clinician']);
    [ny, chicago] = [await createLocation(h, { name: 'Riverside' }), await createLocation(h, { name: 'Lakeside', timezone: 'America/Chicago' })];
    // The week of 2026-11-30 at both, whatever today is (a new location schedules from this week on).
    for (const id of [ny, chicago]) await h.t.request('POST', `/v1/locations/${id}/series`, { token: await h.token(['admin']), body: { weeks: 1, from: '2026-11-30' } });
    const episodes = [admitted(ny, { startDate: '2026-11-30', plannedEndDate: '2026-12-28' }), admitted(ny, { startDate: '2026-11-30', plannedEndDate: '2026-12-28' })];
    for (const a of episodes) await h.publish(patientAdmittedV1, a);
    const first = await until(async () => {
      const res = await Promise.all(episodes.map((e) => h.t.request('GET', `/v1/enrollments/${e.episodeId}`, { token: clinician })));
      return res.every((r) => r.status === 200) && res[0].body;
    });
    group = first.bookings[0].sessionId;
    await h.t.request('POST', `/v1/sessions/${group}/attendance`, { token: clinician, body: { episodeId: episodes[0].episodeId, status: 'present', minutesAttended: 90 } });
  });
  afterAll(() => h?.close());

  it("lists every location's sessions on the date in time order, with their own wall-clock times and counts", async () => {
    const res = await list('?date=2026-11-30');
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((i: Item) => i.locationId === ny || i.locationId === chicago);
    // A block of 18:00-21:00 is two 90-minute groups; New York's evening starts an hour before Chicago's.
    expect(mine.map((i: Item) => [i.locationId, i.localStart])).toEqual([[ny, '18:00'], [chicago, '18:00'], [ny, '19:30'], [chicago, '19:30']]);
    expect(mine[0]).toEqual({
      sessionId: group, locationId: ny, locationName: 'Riverside', timeZone: 'America/New_York', date: '2026-11-30', localStart: '18:00', localEnd: '19:30',
      start: '2026-11-30T18:00:00-05:00', end: '2026-11-30T19:30:00-05:00', type: expect.any(String), track: 'evening', room: null,
      facilitatorId: null, facilitatorRole: expect.any(String), capacity: 12, rosterCount: 2, waitlisted: 0, attendanceRecorded: 1, status: 'scheduled',
    });
    expect(mine[1]).toMatchObject({ locationName: 'Lakeside', timeZone: 'America/Chicago', localStart: '18:00', start: '2026-11-30T18:00:00-06:00', rosterCount: 0, attendanceRecorded: 0 });
    expect(res.body.nextCursor).toBeNull();
  });

  it('narrows to one location and pages with the one paging contract', async () => {
    const one = await list(`?date=2026-11-30&locationId=${chicago}`);
    expect(one.body.items.map((i: Item) => i.locationId)).toEqual([chicago, chicago]);
    const first = await list('?date=2026-11-30&limit=1');
    expect(first.body.items).toHaveLength(1);
    const next = await list(`?date=2026-11-30&limit=1&cursor=${first.body.nextCursor}`);
    expect(next.body.items[0].sessionId).not.toBe(first.body.items[0].sessionId);
    expect((await list('?date=2026-11-31')).status).toBe(400);
    expect((await list('?locationId=riverside')).status).toBe(400);
    expect((await list('?cursor=abc')).body.type).toContain('invalid-cursor');
  });

  it("defaults to today in each location's own zone", async () => {
    const daily = await createLocation(h, { name: 'Every day', blocks: [{ track: 'morning', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], start: '09:00', end: '12:00' }] });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
    const res = await list(`?locationId=${daily}`);
    expect(res.body.items.map((i: Item) => [i.date, i.localStart])).toEqual([[today, '09:00'], [today, '10:30']]);
  });

  it('is for staff of the tenant only', async () => {
    expect((await list('?date=2026-11-30', ['analyst'])).status).toBe(403);
    expect((await list('?date=2026-11-30', ['integrator'])).status).toBe(403);
    expect((await list('?date=2026-11-30', ['clinician'], 'another-tenant')).body).toEqual({ items: [], nextCursor: null });
  });
});
