/**
 * Curricula and alumni over HTTP against real PostgreSQL and Kafka: a typed curriculum saved, checked against the
 * hours rule and generated into the series; an enrollment's bookings carrying each session's type; alumni booked week
 * by week until they leave or stop coming.
 */
import { randomUUID } from 'node:crypto';
import { addDays, instantToLocal, localToInstant, mondayOf } from '@iop/calendar';
import {
  admitted, alumniEnrolledV1, createLocation, patientAdmittedV1, startScheduling, until, type Harness,
} from '../testing/scheduling-test-kit';

const NY = 'America/New_York';
const day = (d: string) => [
  { day: d, start: '18:00', end: '19:30', type: 'group-therapy' },
  { day: d, start: '19:30', end: '21:00', type: 'smart-recovery' },
];
const FOUR_DAYS = ['MON', 'TUE', 'WED', 'THU'].flatMap(day);
const types = (sessions: { type: string; status: string }[]) => sessions.filter((s) => s.status === 'scheduled').map((s) => s.type);
const NOTHING_REPLACED = { weeks: [], sessionsUnchanged: 0, sessionsHeld: 0, sessionsCancelled: 0, sessionsCreated: 0, placesReleased: 0, seatsBooked: 0, episodesRebooked: 0 };

describe('curriculum', () => {
  let h: Harness;
  let admin: string;
  let director: string;
  let locationId: string;
  beforeAll(async () => {
    h = await startScheduling('curriculum');
    [admin, director] = await Promise.all([h.token(['admin']), h.token(['medical-director'])]);
    locationId = await createLocation(h);
  });
  afterAll(() => h?.close());

  const put = (body: Record<string, unknown>, token = director) => h.t.request('PUT', `/v1/locations/${locationId}/curriculum`, { token, body });
  const week = async (start: string) => (await h.t.request('GET', `/v1/locations/${locationId}/week?start=${start}`, { token: admin })).body.sessions;

  it('divides the blocks into typed sessions from the effective date on; weeks generated before are re-planned from that date', async () => {
    // Generated before the curriculum: group therapy slots.
    await h.t.request('POST', `/v1/locations/${locationId}/series`, { token: admin, body: { weeks: 1, from: '2027-02-22' } });
    const saved = await put({ track: 'evening', effectiveFrom: '2027-03-01', sessions: FOUR_DAYS });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ locationId, track: 'evening', effectiveFrom: '2027-03-01', sessions: FOUR_DAYS, weeksKept: [], replaced: NOTHING_REPLACED });
    const v2 = ['MON', 'TUE', 'WED', 'THU'].flatMap(day).map((s) => (s.day === 'THU' && s.start === '19:30' ? { ...s, type: 'trauma-focused-psychoeducation' } : s));
    expect((await put({ track: 'evening', effectiveFrom: '2027-03-08', sessions: v2 }, admin)).status).toBe(200);
    // Saved over a week already generated (nobody booked): from Wednesday on, the second group becomes SMART Recovery.
    expect((await put({ track: 'evening', effectiveFrom: '2027-02-24', sessions: FOUR_DAYS })).body).toMatchObject({
      weeksKept: [], replaced: { ...NOTHING_REPLACED, weeks: ['2027-02-22'], sessionsUnchanged: 2, sessionsCancelled: 2, sessionsCreated: 2 },
    });
    const location = (await h.t.request('GET', `/v1/locations/${locationId}`, { token: await h.token(['front-desk']) })).body;
    expect(location.curricula.map((c: { effectiveFrom: string }) => c.effectiveFrom)).toEqual(['2027-02-24', '2027-03-01', '2027-03-08']);
    // The medical director reads the locations whose curricula they keep (the console's administration lists them), not their sessions.
    const listed = await h.t.request('GET', '/v1/locations', { token: director });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((l: { locationId: string }) => l.locationId === locationId).curricula).toEqual(location.curricula);
    expect((await h.t.request('GET', `/v1/locations/${locationId}`, { token: director })).status).toBe(200);
    expect((await h.t.request('GET', `/v1/locations/${locationId}/week?start=2027-03-01`, { token: director })).status).toBe(403);

    const series = await h.t.request('POST', `/v1/locations/${locationId}/series`, { token: admin, body: { weeks: 3, from: '2027-02-22' } });
    expect(series.body.sessionsScheduled).toBe(16);
    expect(types(await week('2027-02-22'))).toEqual([...Array(5).fill('group-therapy'), 'smart-recovery', 'group-therapy', 'smart-recovery']);
    expect(types(await week('2027-03-01'))).toEqual(Array(4).fill(['group-therapy', 'smart-recovery']).flat());
    const later = await week('2027-03-08');
    expect(types(later).slice(6)).toEqual(['group-therapy', 'trauma-focused-psychoeducation']);
    expect(later[0]).toMatchObject({ startsAt: '2027-03-08T18:00:00-05:00', endsAt: '2027-03-08T19:30:00-05:00' });
    // Across the 2027-03-14 change to daylight time: still 18:00 local.
    await h.t.request('POST', `/v1/locations/${locationId}/series`, { token: admin, body: { weeks: 1, from: '2027-03-15' } });
    expect((await week('2027-03-15'))[1]).toMatchObject({ type: 'smart-recovery', startsAt: '2027-03-15T19:30:00-04:00' });
  });

  it('books an enrollment on the curriculum\'s sessions, each booking with its type', async () => {
    const a = admitted(locationId, { startDate: '2027-03-01', plannedEndDate: '2027-03-15' });
    await h.publish(patientAdmittedV1, a);
    const token = await h.token(['clinician']);
    const e = await until(async () => {
      const res = await h.t.request('GET', `/v1/enrollments/${a.episodeId}`, { token });
      return res.status === 200 && res.body;
    });
    expect(e.bookings).toHaveLength(16);
    expect(e.bookings.slice(0, 2).map((b: { type: string; startsAt: string }) => [b.type, b.startsAt])).toEqual([
      ['group-therapy', '2027-03-01T18:00:00-05:00'], ['smart-recovery', '2027-03-01T19:30:00-05:00'],
    ]);
    expect(e.bookings[15].type).toBe('trauma-focused-psychoeducation');
    expect(e).toMatchObject({ weeklyHoursPlanned: 12, meetsProgramRule: true });
  });

  it('re-plans weeks already generated from the effective date: enrolled episodes move to the new sessions, earlier days and the daylight-saving change kept', async () => {
    const other = await createLocation(h, { name: 'Bayside' });
    const at = (start: string) => h.t.request('GET', `/v1/locations/${other}/week?start=${start}`, { token: admin }).then((r) => r.body.sessions);
    // Two weeks of group slots, across the change to daylight time on Sunday 2027-03-14, and a patient booked on all 16.
    await h.t.request('POST', `/v1/locations/${other}/series`, { token: admin, body: { weeks: 2, from: '2027-03-08' } });
    const a = admitted(other, { startDate: '2027-03-08', plannedEndDate: '2027-03-22' });
    await h.publish(patientAdmittedV1, a);
    const clinician = await h.token(['clinician']);
    const bookings = async () => (await until(async () => {
      const res = await h.t.request('GET', `/v1/enrollments/${a.episodeId}`, { token: clinician });
      return res.status === 200 && res.body;
    })).bookings as { sessionId: string; type: string; startsAt: string }[];
    expect(await bookings()).toHaveLength(16);
    const before = await at('2027-03-08');

    const saved = await h.t.request('PUT', `/v1/locations/${other}/curriculum`, { token: director, body: { track: 'evening', effectiveFrom: '2027-03-10', sessions: FOUR_DAYS } });
    expect(saved.status).toBe(200);
    // Wednesday, Thursday and the next week: the 18:00 groups stay, the 19:30 ones become SMART Recovery.
    expect(saved.body).toMatchObject({
      weeksKept: [],
      replaced: { weeks: ['2027-03-08', '2027-03-15'], sessionsUnchanged: 6, sessionsHeld: 0, sessionsCancelled: 6, sessionsCreated: 6, placesReleased: 6, seatsBooked: 6, episodesRebooked: 1 },
    });
    const after = await bookings();
    expect(after).toHaveLength(16);
    expect(after.filter((b) => b.type === 'smart-recovery').map((b) => b.startsAt)).toEqual([
      '2027-03-10T19:30:00-05:00', '2027-03-11T19:30:00-05:00',
      ...['15', '16', '17', '18'].map((d) => `2027-03-${d}T19:30:00-04:00`),
    ]);
    // Monday and Tuesday, before the effective date, are as they were; the replaced sessions are cancelled, not deleted.
    const week1 = await at('2027-03-08');
    expect(week1.slice(0, 4)).toEqual(before.slice(0, 4));
    const cancelled = week1.filter((s: { status: string }) => s.status === 'cancelled');
    expect(cancelled.map((s: { startsAt: string; cancelReason: string; booked: number }) => [s.startsAt, s.cancelReason, s.booked])).toEqual([
      ['2027-03-10T19:30:00-05:00', 'rescheduled', 0], ['2027-03-11T19:30:00-05:00', 'rescheduled', 0],
    ]);
    expect(types(await at('2027-03-15'))).toEqual(Array(4).fill(['group-therapy', 'smart-recovery']).flat());
    const created = week1.find((s: { startsAt: string; status: string }) => s.startsAt === '2027-03-10T19:30:00-05:00' && s.status === 'scheduled');
    expect(created).toMatchObject({ type: 'smart-recovery', series: 'program', booked: 1 });

    // The same version saved again replaces nothing: the weeks already follow it.
    const again = await h.t.request('PUT', `/v1/locations/${other}/curriculum`, { token: director, body: { track: 'evening', effectiveFrom: '2027-03-10', sessions: FOUR_DAYS } });
    expect(again.body.replaced).toEqual({ ...NOTHING_REPLACED, weeks: ['2027-03-08', '2027-03-15'], sessionsUnchanged: 12 });
    expect(await bookings()).toEqual(after);
  });

  it('creates a location with its curriculum: its first weeks already follow it', async () => {
    const today = instantToLocal(new Date(), NY).date;
    const res = await h.t.request('POST', '/v1/locations', {
      token: admin, body: { name: 'Harbor', timezone: NY, blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }], curricula: [{ track: 'evening', effectiveFrom: today, sessions: FOUR_DAYS }] },
    });
    expect(res.status).toBe(201);
    const next = await h.t.request('GET', `/v1/locations/${res.body.locationId}/week?start=${addDays(today, 7)}`, { token: admin });
    expect(types(next.body.sessions)).toEqual(Array(4).fill(['group-therapy', 'smart-recovery']).flat());
  });

  it('refuses a curriculum that could not meet the hours rule, naming the days and hours', async () => {
    const res = await put({ track: 'evening', effectiveFrom: '2027-04-05', sessions: [...day('MON'), ...day('TUE'), ...day('WED'), day('THU')[0]] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toContain('THU 1.5 h');
    expect(res.body.errors).toContainEqual({ path: 'sessions.THU', message: 'THU has 1.5 h, under 3 h' });
  });

  it('follows the tenant\'s settings, refuses the past, sessions outside the blocks and other roles', async () => {
    await h.t.request('PUT', '/v1/program-settings', { token: admin, body: { groupSizeLimit: 12, minHoursPerDay: 1.5, minDaysPerWeek: 4 } });
    const lean = ['MON', 'TUE', 'WED', 'THU'].map((d) => day(d)[1]);
    expect((await put({ track: 'evening', effectiveFrom: '2027-04-05', sessions: lean })).status).toBe(200);
    await h.t.request('PUT', '/v1/program-settings', { token: admin, body: { groupSizeLimit: 12, minHoursPerDay: 3, minDaysPerWeek: 4 } });
    const past = (await put({ track: 'evening', effectiveFrom: '2020-01-06', sessions: FOUR_DAYS })).body;
    expect(past).toMatchObject({ status: 400, type: expect.stringContaining('curriculum-in-the-past') });
    expect((await put({ track: 'evening', effectiveFrom: '2027-04-05', sessions: [...FOUR_DAYS, { day: 'FRI', start: '18:00', end: '19:00', type: 'group-therapy' }] })).status).toBe(400);
    expect((await put({ track: 'evening', effectiveFrom: '2027-04-05', sessions: [{ day: 'MON', start: '18:00', end: '19:00', type: 'yoga' }] })).status).toBe(400);
    expect((await put({ track: 'evening', effectiveFrom: '2027-04-05', sessions: FOUR_DAYS }, await h.token(['clinician']))).status).toBe(403);
    expect((await h.t.request('PUT', `/v1/locations/${randomUUID()}/curriculum`, { token: director, body: { track: 'evening', effectiveFrom: '2027-04-05', sessions: FOUR_DAYS } })).status).toBe(404);
  });
});

describe('alumni for as long as they come', () => {
  let h: Harness;
  let admin: string;
  let clinician: string;
  let locationId: string;
  beforeAll(async () => {
    h = await startScheduling('alumni');
    [admin, clinician] = await Promise.all([h.token(['admin']), h.token(['clinician'])]);
    locationId = await createLocation(h);
  });
  afterAll(() => h?.close());

  const enrollment = async (episodeId: string) => (await h.t.request('GET', `/v1/enrollments/${episodeId}`, { token: clinician })).body;
  const thisMonday = mondayOf(instantToLocal(new Date(), NY).date);
  /** An alumnus who joined at noon on a Monday some weeks ago: booked on that week's and the next week's groups. */
  async function alumnus(weeksAgo: number): Promise<string> {
    const episodeId = randomUUID();
    const enrolledAt = localToInstant(addDays(thisMonday, -7 * weeksAgo), '12:00', NY).toISOString();
    await h.publish(alumniEnrolledV1, { ...alumniEnrolledV1.example, episodeId, patientId: randomUUID(), locationId, track: 'evening', enrolledAt });
    await until(async () => (await enrollment(episodeId)).status === 'alumni');
    return episodeId;
  }
  const free = (e: { bookings: { noCharge?: boolean; startsAt: string }[] }) => e.bookings.filter((b) => b.noCharge).map((b) => b.startsAt.slice(0, 10));
  const extend = async () => (await h.t.request('POST', '/v1/admin/alumni/extend', { token: admin })).body;

  it('books two weeks ahead, then week by week while they come; stops them after the configured missed sessions', async () => {
    const episodeId = await alumnus(4);
    expect(free(await enrollment(episodeId))).toEqual([addDays(thisMonday, -28), addDays(thisMonday, -21)]);
    // Two missed in a row, under the default limit of 4: the coming weeks are booked (this Monday's group if still ahead).
    const first = await extend();
    expect(first).toMatchObject({ alumni: 1, extended: 1, stopped: 0 });
    const extended = free(await enrollment(episodeId));
    expect(extended).toContain(addDays(thisMonday, 7));
    expect(extended.every((d) => d <= addDays(thisMonday, 7))).toBe(true);
    expect(await extend()).toMatchObject({ extended: 0, stopped: 0 });

    await h.t.request('PUT', '/v1/program-settings', { token: admin, body: { groupSizeLimit: 12, minHoursPerDay: 3, minDaysPerWeek: 4, alumniMissedSessionsLimit: 2 } });
    expect(await extend()).toMatchObject({ alumni: 1, stopped: 1 });
    const stopped = await enrollment(episodeId);
    expect(stopped.status).toBe('discharged');
    expect(free(stopped).every((d) => d < thisMonday)).toBe(true);
    expect(await extend()).toMatchObject({ alumni: 0 });
  });

  it('ends when the alumnus leaves: later seats go back; leaving again changes nothing; a stranger is 404', async () => {
    await h.t.request('PUT', '/v1/program-settings', { token: admin, body: { groupSizeLimit: 12, minHoursPerDay: 3, minDaysPerWeek: 4 } });
    const episodeId = await alumnus(0);
    const booked = await enrollment(episodeId);
    expect(free(booked).at(-1)).toBe(addDays(thisMonday, 7));
    // The seats released are those of sessions starting after the leave (a group later today among them), whatever
    // the hour the test runs at.
    const startsOf = (e: typeof booked): number[] => e.bookings.filter((b: { noCharge?: boolean }) => b.noCharge).map((b: { startsAt: string }) => Date.parse(b.startsAt));
    const leaving = Date.now();
    const left = await h.t.request('POST', `/v1/enrollments/${episodeId}/alumni/leave`, { token: clinician });
    expect(left.status).toBe(200);
    expect(left.body).toEqual({ episodeId, status: 'left', sessionsReleased: startsOf(booked).filter((t) => t > leaving).length });
    expect(startsOf(await enrollment(episodeId)).every((t) => t <= Date.now())).toBe(true);
    expect((await h.t.request('POST', `/v1/enrollments/${episodeId}/alumni/leave`, { token: clinician })).body).toMatchObject({ sessionsReleased: 0 });
    expect((await h.t.request('POST', `/v1/enrollments/${randomUUID()}/alumni/leave`, { token: clinician })).status).toBe(404);
    expect((await h.t.request('POST', `/v1/enrollments/${episodeId}/alumni/leave`, { token: await h.token(['analyst']) })).status).toBe(403);
  });
});
