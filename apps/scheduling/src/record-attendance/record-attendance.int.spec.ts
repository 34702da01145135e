/**
 * Attendance over HTTP for episodes enrolled through Kafka: bad input writes nothing, front desk records arrivals
 * only, a no-show opens an outreach task, and weeks close (a later week's record, or the admin endpoint) with their
 * hours computed in the location's calendar across the 2026 DST changes, in New York and in Chicago.
 */
import { randomUUID } from 'node:crypto';
import { CloseWeeksJob } from '../close-weeks/close-weeks.job';
import { admitted, createLocation, patientAdmittedV1, publishedTypes, startScheduling, until, type Harness } from '../testing/scheduling-test-kit';

type Booking = { sessionId: string; startsAt: string };

describe('attendance and weekly hours', () => {
  let h: Harness;
  let clinician: string;
  let admin: string;
  const attend = (sessionId: string, body: Record<string, unknown>, token = clinician) => h.t.request('POST', `/v1/sessions/${sessionId}/attendance`, { token, body });
  const weeks = async (episodeId: string) => (await h.t.request('GET', `/v1/enrollments/${episodeId}/weeks`, { token: clinician })).body.items;
  async function enroll(locationId: string, over: Parameters<typeof admitted>[1] = {}): Promise<{ episodeId: string; bookings: Booking[] }> {
    const a = admitted(locationId, { plannedEndDate: '2026-11-09', ...over });
    await h.publish(patientAdmittedV1, a);
    return until(async () => { const r = await h.t.request('GET', `/v1/enrollments/${a.episodeId}`, { token: clinician }); return r.status === 200 && r.body; });
  }

  beforeAll(async () => {
    h = await startScheduling('attendance');
    [clinician, admin] = await Promise.all([h.token(['clinician']), h.token(['admin'])]);
  });
  afterAll(() => h?.close());

  it('refuses bad attendance with a clear problem and writes nothing', async () => {
    const ny = await createLocation(h);
    const [e, other] = [await enroll(ny), await enroll(await createLocation(h, { name: 'Elsewhere' }))];
    const s = e.bookings[0].sessionId;
    const cases: [string, Record<string, unknown>, number, string][] = [
      [other.bookings[0].sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: 30 }, 409, 'not-booked'],
      [s, { episodeId: e.episodeId, status: 'present', minutesAttended: 91 }, 400, 'minutes-over-length'],
      [s, { episodeId: e.episodeId, status: 'absent-excused', minutesAttended: 10 }, 400, 'bad-request'],
      [s, { episodeId: e.episodeId, status: 'present' }, 400, 'validation'],
      [s, { episodeId: e.episodeId, status: 'asleep', minutesAttended: 0 }, 400, 'validation'],
      [s, { episodeId: randomUUID(), status: 'present', minutesAttended: 30 }, 404, 'not-found'],
    ];
    for (const [sessionId, body, status, type] of cases) {
      const res = await attend(sessionId, body);
      expect([res.status, res.headers['content-type'], res.body.type]).toEqual([status, expect.stringContaining('problem+json'), expect.stringContaining(type)]);
    }
    await h.t.request('POST', `/v1/sessions/${e.bookings[1].sessionId}/cancel`, { token: admin, body: { reason: 'holiday' } });
    const cancelled = await attend(e.bookings[1].sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: 30 });
    expect(cancelled.body).toMatchObject({ status: 409, type: expect.stringContaining('session-cancelled') });
    expect(await h.sql("SELECT 1 FROM events WHERE event_type = 'AttendanceRecorded'")).toEqual([]);
  });

  it('lets front desk record an arrival but not an absence; analysts cannot record', async () => {
    const e = await enroll(await createLocation(h));
    const desk = await h.token(['front-desk']);
    expect((await attend(e.bookings[0].sessionId, { episodeId: e.episodeId, status: 'late', minutesAttended: 75 }, desk)).status).toBe(201);
    expect((await attend(e.bookings[1].sessionId, { episodeId: e.episodeId, status: 'absent-unexcused' }, desk)).status).toBe(403);
    expect((await attend(e.bookings[1].sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: 90 }, await h.token(['analyst']))).status).toBe(403);
  });

  it('opens an outreach task for a no-show', async () => {
    const e = await enroll(await createLocation(h));
    const res = await attend(e.bookings[2].sessionId, { episodeId: e.episodeId, status: 'absent-unexcused' });
    expect(res.body).toMatchObject({ status: 'absent-unexcused', minutesAttended: 0, outreachTaskId: expect.any(String) });
    const tasks = await h.t.request('GET', `/v1/outreach-tasks?episodeId=${e.episodeId}`, { token: await h.token(['nurse']) });
    expect(tasks.body.items).toEqual([expect.objectContaining({ taskId: res.body.outreachTaskId, sessionId: e.bookings[2].sessionId, reason: 'no-show', status: 'open', displayName: 'Alex R.' })]);
    const second = await attend(e.bookings[4].sessionId, { episodeId: e.episodeId, status: 'absent-unexcused' });
    const nurse = await h.token(['nurse']);
    const first = await h.t.request('GET', `/v1/outreach-tasks?episodeId=${e.episodeId}&limit=1`, { token: nurse });
    expect(first.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([res.body.outreachTaskId]);
    const next = await h.t.request('GET', `/v1/outreach-tasks?episodeId=${e.episodeId}&limit=1&cursor=${first.body.nextCursor}`, { token: nurse });
    expect(next.body).toEqual({ items: [expect.objectContaining({ taskId: second.body.outreachTaskId })], nextCursor: null });
    expect((await h.t.request('GET', '/v1/outreach-tasks?limit=101', { token: nurse })).status).toBe(400);
    const bogus = await h.t.request('GET', `/v1/outreach-tasks?cursor=${res.body.outreachTaskId}`, { token: nurse });
    expect(bogus).toMatchObject({ status: 400, body: { type: 'https://iop.example/problems/invalid-cursor' } });
  });

  it('closes an outreach task once, with a coded outcome, by care staff of the tenant only', async () => {
    const e = await enroll(await createLocation(h));
    const taskId = (await attend(e.bookings[3].sessionId, { episodeId: e.episodeId, status: 'absent-unexcused' })).body.outreachTaskId;
    const close = (body: unknown, token?: string) => h.t.request('POST', `/v1/outreach-tasks/${taskId}/close`, { token, body });
    expect((await close({ outcome: 'had a chat' }, clinician)).status).toBe(400);
    expect((await close({ outcome: 'reached' }, await h.token(['front-desk']))).status).toBe(403);
    expect((await close({ outcome: 'reached' }, await h.token(['clinician'], 'another-tenant'))).status).toBe(404);
    expect((await h.t.request('POST', `/v1/outreach-tasks/${randomUUID()}/close`, { token: clinician, body: { outcome: 'reached' } })).status).toBe(404);
    const res = await close({ outcome: 'reached' }, clinician);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ taskId, episodeId: e.episodeId, status: 'closed', outcome: 'reached', closedAt: expect.any(String) });
    const again = await close({ outcome: 'unreachable' }, clinician);
    expect(again.status).toBe(409);
    const list = (status: string) => h.t.request('GET', `/v1/outreach-tasks?episodeId=${e.episodeId}&status=${status}`, { token: clinician });
    expect((await list('open')).body.items).toEqual([]);
    expect((await list('closed')).body.items).toEqual([expect.objectContaining({ taskId, status: 'closed', outcome: 'reached' })]);
    // A corrected record of the same absence does not open the follow-up again.
    expect((await attend(e.bookings[3].sessionId, { episodeId: e.episodeId, status: 'absent-unexcused' })).body.outreachTaskId).toBeNull();
  });

  it('refuses to summarize weeks that have not ended: a future date is a 400 and closes nothing', async () => {
    const future = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
    const res = await h.t.request('POST', '/v1/admin/close-weeks', { token: admin, body: { before: future } });
    expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'before' })]);
  });

  it('closes a New York week of 12 hours across the DST change when a later week is recorded, then the rest by the admin endpoint', async () => {
    const e = await enroll(await createLocation(h));
    for (const b of e.bookings.slice(0, 8)) expect((await attend(b.sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: 90 })).status).toBe(201);
    const later = await attend(e.bookings[8].sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: 90 });
    expect(later.body.weeksClosed).toEqual(['2026-10-26']);
    expect(e.bookings[8].startsAt).toBe('2026-11-02T18:00:00-05:00');
    const [first, second] = await weeks(e.episodeId);
    expect(first).toMatchObject({ weekStart: '2026-10-26', hoursAttended: 12, daysAttended: 4, daysWithMinimumHours: 4, compliant: true, closed: true });
    expect(second).toMatchObject({ weekStart: '2026-11-02', hoursAttended: 1.5, closed: false });
    const closed = await h.t.request('POST', '/v1/admin/close-weeks', { token: admin, body: { before: '2026-11-09' } });
    expect(closed.status).toBe(200);
    expect(closed.body.weeksSummarized).toBeGreaterThanOrEqual(1);
    expect((await weeks(e.episodeId))[1]).toMatchObject({ closed: true, compliant: false });
    expect((await h.t.request('POST', '/v1/admin/close-weeks', { token: admin, body: { before: '2026-11-09' } })).body.weeksSummarized).toBe(0);
    // The admin endpoint closes other tests' weeks too: wait for this episode's second breach, not for any breach.
    const breachesOf = (messages: { type: string; data: Record<string, unknown> }[]) =>
      messages.filter((m) => m.type === 'iop.scheduling.AttendanceRuleBreached.v1' && m.data.episodeId === e.episodeId);
    const published = await publishedTypes(h.prefix, (_, messages) => breachesOf(messages).length >= 2);
    const mine = published.filter((m) => m.data.episodeId === e.episodeId);
    expect(mine.filter((m) => m.type === 'iop.scheduling.WeeklyAttendanceSummarized.v1').map((m) => [m.data.weekStart, m.data.hoursAttended, m.data.compliant])).toEqual([
      ['2026-10-26', 12, true], ['2026-11-02', 1.5, false]]);
    expect(mine.filter((m) => m.type === 'iop.scheduling.AttendanceRuleBreached.v1').map((m) => m.data.rule)).toEqual(['program-hours', 'asam-minimum']);
    expect(mine.filter((m) => m.type === 'iop.scheduling.AttendanceRecorded.v1')).toHaveLength(9);
  });

  it('counts a Chicago evening on its local day although it crosses UTC midnight', async () => {
    const e = await enroll(await createLocation(h, { timezone: 'America/Chicago' }));
    expect(e.bookings[1].startsAt).toBe('2026-10-26T19:30:00-05:00');
    for (const b of e.bookings.slice(0, 8)) await attend(b.sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: 90 });
    await h.t.request('POST', '/v1/admin/close-weeks', { token: admin, body: { before: '2026-11-02' } });
    expect((await weeks(e.episodeId))[0]).toMatchObject({ weekStart: '2026-10-26', hoursAttended: 12, daysAttended: 4, daysWithMinimumHours: 4, compliant: true, closed: true });
  });

  it('has the periodic job close the weeks that ended, with nobody recording anything', async () => {
    const e = await enroll(await createLocation(h, { timezone: 'America/Chicago' }), { startDate: '2026-11-02', plannedEndDate: '2026-11-16' });
    await h.t.app.get(CloseWeeksJob).tick();
    expect((await weeks(e.episodeId)).map((w: { weekStart: string; closed: boolean; compliant: boolean }) => [w.weekStart, w.closed, w.compliant])).toEqual([
      ['2026-11-02', true, false], ['2026-11-09', true, false]]);
    const breaches = await h.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE event_type = 'AttendanceRuleBreached' AND stream_id = $1", [`enrollment-${e.episodeId}`]);
    expect(breaches[0].n).toBe(4);
  });

  it('counts the real hours of a night block on the DST days of 2026-11-01 (4 h) and 2026-03-08 (2 h)', async () => {
    const night = await createLocation(h, { name: 'Night', blocks: [{ track: 'morning', days: ['SUN'], start: '00:00', end: '03:00' }] });
    for (const [startDate, plannedEndDate, lastMinutes, hours] of [['2026-10-26', '2026-11-02', 150, 4], ['2026-03-02', '2026-03-09', 30, 2]] as const) {
      const e = await enroll(night, { track: 'morning', startDate, plannedEndDate });
      expect(e.bookings).toHaveLength(2);
      expect((await attend(e.bookings[1].sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: lastMinutes + 1 })).status).toBe(400);
      await attend(e.bookings[0].sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: 90 });
      await attend(e.bookings[1].sessionId, { episodeId: e.episodeId, status: 'present', minutesAttended: lastMinutes });
      expect((await weeks(e.episodeId))[0]).toMatchObject({ weekStart: startDate, hoursAttended: hours, daysAttended: 1 });
    }
  });
});
