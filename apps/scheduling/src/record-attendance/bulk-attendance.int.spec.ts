/**
 * A whole roster's attendance in one request (the console's roster screen): each record is validated and decided
 * alone, a bad one is reported in its result and the others are kept, with the single route's effects for each
 * (hours in the patient's week, AttendanceRecorded published, a no-show's outreach task). A body that is not a list of
 * records is refused whole and records nothing.
 */
import { randomUUID } from 'node:crypto';
import { admitted, createLocation, patientAdmittedV1, publishedTypes, startScheduling, until, type Harness } from '../testing/scheduling-test-kit';

type Enrolled = { episodeId: string; bookings: { sessionId: string; startsAt: string }[] };

describe('bulk attendance', () => {
  let h: Harness;
  let clinician: string;
  let locationId: string;
  let session: string;
  let alex: Enrolled;
  let sam: Enrolled;
  let kim: Enrolled;
  let elsewhere: Enrolled;

  const bulk = (sessionId: string, body: unknown, token = clinician) => h.t.request('POST', `/v1/sessions/${sessionId}/attendance/bulk`, { token, body });
  const recordedEvents = async () => (await h.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE event_type = 'AttendanceRecorded'"))[0].n;
  const week = async (episodeId: string, weekStart: string) => {
    const res = await h.t.request('GET', `/v1/enrollments/${episodeId}/weeks`, { token: clinician });
    return res.body.items.find((w: { weekStart: string }) => w.weekStart === weekStart);
  };
  async function enroll(at: string, displayName: string): Promise<Enrolled> {
    const a = admitted(at, { displayName, startDate: '2026-11-30', plannedEndDate: '2026-12-28' });
    await h.publish(patientAdmittedV1, a);
    return until(async () => { const r = await h.t.request('GET', `/v1/enrollments/${a.episodeId}`, { token: clinician }); return r.status === 200 && r.body; });
  }

  beforeAll(async () => {
    h = await startScheduling('bulk-attendance');
    clinician = await h.token(['clinician']);
    locationId = await createLocation(h);
    [alex, sam, kim] = [await enroll(locationId, 'Alex R.'), await enroll(locationId, 'Sam K.'), await enroll(locationId, 'Kim T.')];
    elsewhere = await enroll(await createLocation(h, { name: 'Elsewhere' }), 'Lee P.');
    session = alex.bookings[0].sessionId;
    expect(alex.bookings[0].startsAt).toBe('2026-11-30T18:00:00-05:00');
    expect([sam.bookings[0].sessionId, kim.bookings[0].sessionId]).toEqual([session, session]);
  });
  afterAll(() => h?.close());

  it('records a whole roster in one save, reports the bad records and keeps the rest, with the hours in each week', async () => {
    const res = await bulk(session, {
      records: [
        { episodeId: alex.episodeId, status: 'present', minutesAttended: 90 },
        { episodeId: sam.episodeId, status: 'late', minutesAttended: 75 },
        { episodeId: elsewhere.episodeId, status: 'present', minutesAttended: 90 },
        { episodeId: kim.episodeId, status: 'absent-unexcused' },
        { episodeId: randomUUID(), status: 'asleep', minutesAttended: 10, mood: 'fine' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sessionId: session, recorded: 3, rejected: 2 });
    expect(res.body.results.map((r: { index: number; outcome: string }) => [r.index, r.outcome])).toEqual([
      [0, 'recorded'], [1, 'recorded'], [2, 'rejected'], [3, 'recorded'], [4, 'rejected']]);
    expect(res.body.results[0].attendance).toEqual({
      sessionId: session, episodeId: alex.episodeId, status: 'present', minutesAttended: 90, weeksClosed: [], outreachTaskId: null,
    });
    expect(res.body.results[1].week).toMatchObject({ weekStart: '2026-11-30', hoursAttended: 1.25, daysAttended: 1, closed: false });
    expect(res.body.results[2]).toMatchObject({ episodeId: elsewhere.episodeId, problem: { status: 409, type: expect.stringContaining('not-booked') } });
    expect(res.body.results[3].attendance).toMatchObject({ status: 'absent-unexcused', minutesAttended: 0, outreachTaskId: expect.any(String) });
    const bad = res.body.results[4].problem;
    expect(bad).toMatchObject({ status: 400, type: expect.stringContaining('validation') });
    expect(bad.errors.map((e: { path: string }) => e.path).sort()).toEqual(['mood', 'status']);

    expect(await week(alex.episodeId, '2026-11-30')).toMatchObject({ hoursAttended: 1.5, daysAttended: 1, daysWithMinimumHours: 0, closed: false });
    expect(await week(sam.episodeId, '2026-11-30')).toMatchObject({ hoursAttended: 1.25, daysAttended: 1, daysWithMinimumHours: 0 });
    expect(await week(kim.episodeId, '2026-11-30')).toMatchObject({ hoursAttended: 0, daysAttended: 0 });
    expect(await week(elsewhere.episodeId, '2026-11-30')).toMatchObject({ hoursAttended: 0 });

    const roster = await h.t.request('GET', `/v1/sessions/${session}/roster`, { token: clinician });
    const byEpisode = Object.fromEntries(roster.body.patients.map((p: { episodeId: string; attendance: unknown }) => [p.episodeId, p.attendance]));
    expect(byEpisode).toEqual({
      [alex.episodeId]: { status: 'present', minutesAttended: 90 },
      [sam.episodeId]: { status: 'late', minutesAttended: 75 },
      [kim.episodeId]: { status: 'absent-unexcused', minutesAttended: 0 },
    });
    const tasks = await h.t.request('GET', `/v1/outreach-tasks?episodeId=${kim.episodeId}`, { token: clinician });
    expect(tasks.body.items).toEqual([expect.objectContaining({ taskId: res.body.results[3].attendance.outreachTaskId, sessionId: session })]);
    // Each recorded one is published as the single route publishes it; each is audited for its patient.
    const published = await publishedTypes(h.prefix, (_, messages) => messages.filter((m) => m.type === 'iop.scheduling.AttendanceRecorded.v1').length >= 3);
    expect(published.filter((m) => m.type === 'iop.scheduling.AttendanceRecorded.v1').map((m) => m.data.episodeId).sort())
      .toEqual([alex.episodeId, sam.episodeId, kim.episodeId].sort());
    const audited = await h.sql<{ resource: string }>("SELECT resource FROM audit_log WHERE action = 'create' AND resource LIKE $1 ORDER BY resource", [`session/${session}/attendance/%`]);
    expect(audited).toHaveLength(3);
  });

  it('refuses a body that is not a list of records (or more than 200) as a whole, and records nothing', async () => {
    const before = await recordedEvents();
    const record = { episodeId: alex.episodeId, status: 'present', minutesAttended: 60 };
    for (const body of [{}, { records: 'all present' }, { records: [record, 7] }, { records: [record, [record]] }, { records: Array(201).fill(record) }, { records: [record], extra: 1 }]) {
      const res = await bulk(session, body);
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    }
    expect((await bulk(randomUUID(), { records: [record] })).status).toBe(404);
    expect((await bulk(session, { records: [record] }, await h.token(['analyst']))).status).toBe(403);
    expect(await recordedEvents()).toBe(before);
  });

  it("applies each record's own rules: front desk records arrivals only, and a patient twice counts once", async () => {
    // The evening's second group (a block is two 90-minute groups): the day reaches the 3 hours a program day needs.
    const next = alex.bookings[1].sessionId;
    const desk = await h.token(['front-desk']);
    const res = await bulk(next, {
      records: [
        { episodeId: alex.episodeId, status: 'present', minutesAttended: 90 },
        { episodeId: sam.episodeId, status: 'absent-excused' },
        { episodeId: alex.episodeId, status: 'late', minutesAttended: 30 },
      ],
    }, desk);
    expect(res.body).toMatchObject({ recorded: 1, rejected: 2 });
    expect(res.body.results[1].problem).toMatchObject({ status: 403 });
    expect(res.body.results[2].problem).toMatchObject({ status: 400, type: expect.stringContaining('duplicate-record'), errors: [{ path: 'episodeId', message: 'appears more than once' }] });
    expect(await week(alex.episodeId, '2026-11-30')).toMatchObject({ hoursAttended: 3, daysAttended: 1, daysWithMinimumHours: 1 });
  });

  it('records nothing on a cancelled session (409 for the whole request)', async () => {
    const last = alex.bookings[alex.bookings.length - 1].sessionId;
    await h.t.request('POST', `/v1/sessions/${last}/cancel`, { token: await h.token(['admin']), body: { reason: 'holiday' } });
    const res = await bulk(last, { records: [{ episodeId: alex.episodeId, status: 'present', minutesAttended: 90 }] });
    expect(res.body).toMatchObject({ status: 409, type: expect.stringContaining('session-cancelled') });
  });
});
