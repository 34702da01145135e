/**
 * Patient-level views (roster, patient schedule) and staff views (facilitator's day, location week): who may read
 * them, that each patient read is audited, and that another tenant finds nothing.
 */
import { admitted, createLocation, patientAdmittedV1, startScheduling, until, type Harness } from '../testing/scheduling-test-kit';

describe('schedule views', () => {
  let h: Harness;
  let locationId: string;
  let group: string;
  const episodes: { episodeId: string; patientId: string; displayName: string }[] = [];
  const get = async (url: string, roles: string[], tenant?: string) => h.t.request('GET', url, { token: await h.token(roles, tenant) });

  beforeAll(async () => {
    h = await startScheduling('views');
    locationId = await createLocation(h);
    for (const displayName of ['Alex R.', 'Sam K.']) {
      const a = admitted(locationId, { displayName, startDate: '2026-11-30', plannedEndDate: '2026-12-28' });
      await h.publish(patientAdmittedV1, a);
      episodes.push({ episodeId: a.episodeId, patientId: a.patientId, displayName });
    }
    const clinician = await h.token(['clinician']);
    const first = await until(async () => {
      const res = await Promise.all(episodes.map((e) => h.t.request('GET', `/v1/enrollments/${e.episodeId}`, { token: clinician })));
      return res.every((r) => r.status === 200) && res[0].body;
    });
    group = first.bookings[0].sessionId;
    await h.t.request('POST', `/v1/sessions/${group}/attendance`, { token: await h.token(['front-desk']), body: { episodeId: episodes[0].episodeId, status: 'present', minutesAttended: 90 } });
  });
  afterAll(() => h?.close());

  it('shows front desk the roster with display names and attendance, and audits each patient read', async () => {
    const roster = await get(`/v1/sessions/${group}/roster`, ['front-desk']);
    expect(roster.status).toBe(200);
    expect(roster.body).toMatchObject({ sessionId: group, startsAt: '2026-11-30T18:00:00-05:00', booked: 2, capacity: 12 });
    expect(roster.body.patients).toEqual([
      { episodeId: episodes[0].episodeId, patientId: episodes[0].patientId, displayName: 'Alex R.', booking: 'booked', attendance: { status: 'present', minutesAttended: 90 } },
      { episodeId: episodes[1].episodeId, patientId: episodes[1].patientId, displayName: 'Sam K.', booking: 'booked', attendance: null },
    ]);
    const audit = await h.sql<{ patient_id: string; action: string; actor_roles: string[] }>(
      'SELECT patient_id, action, actor_roles FROM audit_log WHERE resource = $1 ORDER BY patient_id', [`session/${group}/roster`]);
    expect(audit.map((a) => a.patient_id).sort()).toEqual(episodes.map((e) => e.patientId).sort());
    expect(audit[0]).toMatchObject({ action: 'read', actor_roles: ['front-desk'] });
  });

  it('shows a patient\'s schedule with attendance, audited', async () => {
    const res = await get(`/v1/episodes/${episodes[0].episodeId}/schedule?from=2026-11-30&to=2026-12-01`, ['nurse']);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(4);
    expect(res.body.items[0]).toMatchObject({ sessionId: group, type: 'group-therapy', booking: 'booked', sessionStatus: 'scheduled', attendance: { status: 'present', minutesAttended: 90 } });
    expect(await h.sql('SELECT 1 FROM audit_log WHERE resource = $1 AND patient_id = $2', [`episode/${episodes[0].episodeId}/schedule`, episodes[0].patientId])).toHaveLength(1);
  });

  it('keeps analysts and integrators out of patient-level views, and front desk out of configuration', async () => {
    const e = episodes[0].episodeId;
    for (const role of ['analyst', 'integrator']) {
      for (const url of [`/v1/sessions/${group}/roster`, `/v1/episodes/${e}/schedule`, `/v1/enrollments/${e}`, `/v1/enrollments/${e}/weeks`, '/v1/outreach-tasks']) {
        expect([url, (await get(url, [role])).status]).toEqual([url, 403]);
      }
    }
    const desk = await h.token(['front-desk']);
    expect((await h.t.request('POST', `/v1/locations/${locationId}/series`, { token: desk, body: { weeks: 1 } })).status).toBe(403);
    expect((await h.t.request('POST', `/v1/sessions/${group}/cancel`, { token: desk, body: { reason: 'other' } })).status).toBe(403);
    expect((await h.t.request('POST', '/v1/admin/close-weeks', { token: desk, body: { before: '2026-12-01' } })).status).toBe(403);
  });

  it('answers 404 to another tenant for every patient view', async () => {
    const e = episodes[0].episodeId;
    for (const url of [`/v1/sessions/${group}/roster`, `/v1/episodes/${e}/schedule`, `/v1/enrollments/${e}`, `/v1/enrollments/${e}/weeks`]) {
      expect([url, (await get(url, ['clinician'], 'tenant-other')).status]).toEqual([url, 404]);
    }
    const attend = await h.t.request('POST', `/v1/sessions/${group}/attendance`, { token: await h.token(['clinician'], 'tenant-other'), body: { episodeId: e, status: 'present', minutesAttended: 90 } });
    expect(attend.status).toBe(404);
  });

  it('shows a facilitator\'s day and a location\'s week', async () => {
    const admin = await h.token(['admin']);
    const created = await h.t.request('POST', '/v1/sessions', { token: admin, body: {
      locationId, type: 'family-therapy', startsAt: '2026-12-02T16:00:00-05:00', endsAt: '2026-12-02T17:00:00-05:00', facilitator: { role: 'clinician', staffId: 'dr-lee' }, room: 'Family room' } });
    const day = await get('/v1/facilitators/dr-lee/day?date=2026-12-02', ['clinician']);
    expect(day.body).toEqual({ staffId: 'dr-lee', date: '2026-12-02', sessions: [expect.objectContaining({ sessionId: created.body.sessionId, startsAt: '2026-12-02T16:00:00-05:00', room: 'Family room' })] });
    expect((await get('/v1/facilitators/dr-lee/day?date=2026-12-03', ['clinician'])).body.sessions).toEqual([]);
    expect((await get('/v1/facilitators/dr-lee/day?date=tomorrow', ['clinician'])).status).toBe(400);
    const week = await get(`/v1/locations/${locationId}/week?start=2026-12-02`, ['front-desk']);
    expect(week.body.weekStart).toBe('2026-11-30');
    expect(week.body.sessions).toHaveLength(9);
    expect(week.body.sessions[0]).toMatchObject({ sessionId: group, booked: 2, waitlisted: 0 });
  });
});
