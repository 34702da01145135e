/**
 * Enrollment from admissions' events on Kafka (real CloudEvents into this file's topic namespace): PatientAdmitted
 * books the track, full groups waitlist, PatientDischarged cancels later bookings and promotes the waitlist,
 * EpisodeCancelled releases every seat and waitlist place and promotes the waitlist, AlumniEnrolled books no-charge
 * sessions.
 */
import { randomUUID } from 'node:crypto';
import { encodeCursor } from '@iop/platform';
import {
  admitted, alumniEnrolledV1, createLocation, episodeCancelledV1, patientAdmittedV1, patientDischargedV1, publishedTypes, startScheduling, until,
  type Harness,
} from '../testing/scheduling-test-kit';

describe('enrollment from admissions events', () => {
  let h: Harness;
  let locationId: string;
  let clinician: string;
  const enrollment = async (episodeId: string, token = clinician) => (await h.t.request('GET', `/v1/enrollments/${episodeId}`, { token })).body;
  const enrolled = (episodeId: string, token = clinician) =>
    until(async () => (await h.t.request('GET', `/v1/enrollments/${episodeId}`, { token })).status === 200 && enrollment(episodeId, token));

  beforeAll(async () => {
    h = await startScheduling('enrollment');
    clinician = await h.token(['clinician']);
    locationId = await createLocation(h);
  });
  afterAll(() => h?.close());

  it('books an admitted episode into its evening sessions for its 8 weeks (404 until the event is consumed)', async () => {
    const admission = admitted(locationId);
    expect((await h.t.request('GET', `/v1/enrollments/${admission.episodeId}`, { token: clinician })).status).toBe(404);
    await h.publish(patientAdmittedV1, admission);
    const body = await enrolled(admission.episodeId);
    expect(body).toMatchObject({ episodeId: admission.episodeId, locationId, track: 'evening', weeklyHoursPlanned: 12, meetsProgramRule: true, waitlisted: [] });
    expect(body.bookings).toHaveLength(64);
    expect(body.bookings[0]).toEqual({ sessionId: expect.any(String), type: 'group-therapy', startsAt: '2026-10-26T18:00:00-04:00', endsAt: '2026-10-26T19:30:00-04:00' });
    expect(body.bookings[16].startsAt).toBe('2026-11-09T18:00:00-05:00');
    const published = await publishedTypes(h.prefix, (types) => types.includes('iop.scheduling.EpisodeEnrolled.v1'));
    expect(published.find((m) => m.type === 'iop.scheduling.EpisodeEnrolled.v1')!.data).toMatchObject({
      episodeId: admission.episodeId, weeklyHoursPlanned: 12, bookedSessions: 64, waitlistedSessions: 0,
    });
  });

  it('still reads an enrollment stored as EpisodeEnrolled v1 (lists of bookings): its discharge cancels the later ones', async () => {
    const admission = admitted(locationId, { startDate: '2027-03-01', plannedEndDate: '2027-03-15' });
    await h.publish(patientAdmittedV1, admission);
    const body = await enrolled(admission.episodeId);
    expect(body.bookings).toHaveLength(16);
    const stream = `enrollment-${admission.episodeId}`;
    const [stored] = await h.sql<{ v: number; ids: string[] }>(
      "SELECT schema_version AS v, ARRAY(SELECT jsonb_array_elements_text(data->'bookings'->'sessionIds')) AS ids FROM events WHERE stream_id = $1 AND event_type = 'EpisodeEnrolled'", [stream]);
    expect(stored).toEqual({ v: 2, ids: body.bookings.map((b: { sessionId: string }) => b.sessionId) });
    // The row as the code before place lists wrote it.
    const v1 = body.bookings.map(({ sessionId, type, startsAt, endsAt }: Record<string, string>) => ({ sessionId, type, startsAt, endsAt }));
    await h.sql(
      `UPDATE events SET schema_version = 1, data = data || jsonb_build_object('bookings', $2::jsonb, 'waitlisted', '[]'::jsonb)
       WHERE stream_id = $1 AND event_type = 'EpisodeEnrolled'`, [stream, JSON.stringify(v1)]);

    await h.publish(patientDischargedV1, {
      ...patientDischargedV1.example, episodeId: admission.episodeId, patientId: admission.patientId, locationId, startDate: '2027-03-01',
      dischargedAt: '2027-03-03T20:00:00-05:00', joinAlumni: false,
    });
    const discharged = await until(async () => { const e = await enrollment(admission.episodeId); return e.status === 'discharged' && e; });
    // Monday to Wednesday stay: each of those groups began before the discharge at 20:00 on Wednesday.
    expect(discharged.bookings.map((b: { startsAt: string }) => b.startsAt)).toEqual([
      '2027-03-01T18:00:00-05:00', '2027-03-01T19:30:00-05:00', '2027-03-02T18:00:00-05:00', '2027-03-02T19:30:00-05:00',
      '2027-03-03T18:00:00-05:00', '2027-03-03T19:30:00-05:00',
    ]);
  });

  it('books individual sessions on top, refusing a full one and a time the patient is in group', async () => {
    const [a, b] = [admitted(locationId), admitted(locationId)];
    await Promise.all([h.publish(patientAdmittedV1, a), h.publish(patientAdmittedV1, b)]);
    await Promise.all([enrolled(a.episodeId), enrolled(b.episodeId)]);
    const admin = await h.token(['admin']);
    const session = (startsAt: string, endsAt: string) => h.t.request('POST', '/v1/sessions', { token: admin, body: {
      locationId, type: 'psychiatric-consultation', startsAt, endsAt, facilitator: { role: 'psychiatrist', staffId: `dr-${randomUUID()}` }, virtualLink: 'https://meet.example/p' } });
    const consult = (await session('2026-11-04T10:00:00-05:00', '2026-11-04T10:45:00-05:00')).body.sessionId;
    const book = (episodeId: string, sessionId: string) => h.t.request('POST', `/v1/enrollments/${episodeId}/bookings`, { token: clinician, body: { sessionId } });
    expect((await book(a.episodeId, consult)).status).toBe(201);
    expect((await book(a.episodeId, consult)).status).toBe(409);
    expect((await book(b.episodeId, consult)).body).toMatchObject({ status: 409, type: expect.stringContaining('session-full') });
    const clash = (await session('2026-11-04T18:30:00-05:00', '2026-11-04T19:00:00-05:00')).body.sessionId;
    expect((await book(b.episodeId, clash)).body.type).toContain('booking-overlap');
    expect((await enrollment(a.episodeId)).bookings.map((x: { type: string }) => x.type)).toContain('psychiatric-consultation');
  });

  describe('in a tenant whose groups hold one patient', () => {
    const tenant = `tenant-small-${randomUUID().slice(0, 8)}`;
    let small: string;
    let token: string;
    beforeAll(async () => {
      const admin = await h.token(['admin'], tenant);
      token = await h.token(['clinician'], tenant);
      await h.t.request('PUT', '/v1/program-settings', { token: admin, body: { groupSizeLimit: 1, minHoursPerDay: 3, minDaysPerWeek: 4 } });
      small = (await h.t.request('POST', '/v1/locations', { token: admin, body: { name: 'Tiny', timezone: 'America/Chicago', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }] } })).body.locationId;
    });

    it('waitlists the second patient instead of overbooking; a discharge cancels later bookings and promotes the waitlist', async () => {
      const [first, second] = [admitted(small, { startDate: '2026-11-30', plannedEndDate: '2026-12-14' }), admitted(small, { startDate: '2026-11-30', plannedEndDate: '2026-12-14' })];
      await h.publish(patientAdmittedV1, first, tenant);
      await enrolled(first.episodeId, token);
      await h.publish(patientAdmittedV1, second, tenant);
      const waiting = await enrolled(second.episodeId, token);
      expect(waiting).toMatchObject({ bookings: [], weeklyHoursPlanned: 0, meetsProgramRule: false });
      expect(waiting.waitlisted).toHaveLength(16);
      expect(await h.sql('SELECT 1 FROM sessions WHERE location_id = $1 AND booked > capacity', [small])).toEqual([]);
      // The waitlist as the session, its roster and the patient's schedule show it (kept as one row per waitlisting).
      const firstSession = waiting.waitlisted[0].sessionId;
      expect((await h.t.request('GET', `/v1/sessions/${firstSession}`, { token })).body).toMatchObject({ booked: 1, waitlisted: 1 });
      const roster = (await h.t.request('GET', `/v1/sessions/${firstSession}/roster`, { token })).body;
      expect(roster.patients.map((p: { episodeId: string; booking: string }) => [p.episodeId, p.booking])).toEqual([[first.episodeId, 'booked'], [second.episodeId, 'waitlisted']]);
      const schedule = (await h.t.request('GET', `/v1/episodes/${second.episodeId}/schedule`, { token })).body;
      expect(schedule.items.map((i: { booking: string }) => i.booking)).toEqual(Array(16).fill('waitlisted'));
      expect(await h.sql('SELECT cardinality(session_ids) AS n FROM waitlists WHERE episode_id = $1', [second.episodeId])).toEqual([{ n: 16 }]);

      await h.publish(patientDischargedV1, { ...patientDischargedV1.example, episodeId: first.episodeId, patientId: first.patientId, locationId: small, startDate: '2026-11-30', dischargedAt: '2026-12-03T12:00:00-06:00', joinAlumni: true }, tenant);
      const promoted = await until(async () => { const e = await enrollment(second.episodeId, token); return e.bookings.length > 0 && e; });
      expect(promoted.bookings.map((b: { startsAt: string }) => b.startsAt.slice(0, 10))).toEqual(['2026-12-03', '2026-12-03', '2026-12-07', '2026-12-07', '2026-12-08', '2026-12-08', '2026-12-09', '2026-12-09', '2026-12-10', '2026-12-10']);
      // What was promoted left the waitlist; what is earlier than the discharge still waits.
      expect(promoted.waitlisted).toHaveLength(6);
      expect(await h.sql('SELECT cardinality(session_ids) AS n FROM waitlists WHERE episode_id = $1', [second.episodeId])).toEqual([{ n: 6 }]);
      expect((await h.t.request('GET', `/v1/sessions/${promoted.bookings[0].sessionId}/roster`, { token })).body.patients)
        .toEqual([expect.objectContaining({ episodeId: second.episodeId, booking: 'booked' })]);
      const discharged = await enrollment(first.episodeId, token);
      expect(discharged.status).toBe('discharged');
      expect(discharged.bookings.map((b: { startsAt: string }) => b.startsAt.slice(0, 10))).toEqual(['2026-11-30', '2026-11-30', '2026-12-01', '2026-12-01', '2026-12-02', '2026-12-02']);

      await h.publish(alumniEnrolledV1, { ...alumniEnrolledV1.example, episodeId: first.episodeId, patientId: first.patientId, locationId: small, enrolledAt: '2026-12-03T12:01:00-06:00' }, tenant);
      const alumni = await until(async () => { const e = await enrollment(first.episodeId, token); return e.status === 'alumni' && e; });
      const free = alumni.bookings.filter((b: { noCharge?: boolean }) => b.noCharge);
      // Booked the week they join and the next only (the weekly job books on): 11-30's group was before they joined.
      expect(free.map((b: { startsAt: string }) => b.startsAt)).toEqual(['2026-12-07T18:00:00-06:00']);
    });

    it('a batch of admissions enrolls in one transaction, each deciding on the seats the ones before it left', async () => {
      const dates = { startDate: '2027-02-01', plannedEndDate: '2027-02-15' };
      const batch = [admitted(small, dates), admitted(small, dates), admitted(small, dates)];
      await h.publishBatch(patientAdmittedV1, batch, tenant);
      const [first, second, third] = await Promise.all(batch.map((a) => enrolled(a.episodeId, token)));
      expect(first.bookings).toHaveLength(16);
      expect(first.waitlisted).toEqual([]);
      for (const waiting of [second, third]) expect(waiting).toMatchObject({ bookings: [], weeklyHoursPlanned: 0 });
      expect(second.waitlisted).toHaveLength(16);
      expect(await h.sql("SELECT count(*)::int AS n FROM sessions WHERE location_id = $1 AND local_date >= '2027-02-01' AND local_date < '2027-02-15' AND booked <> 1", [small])).toEqual([{ n: 0 }]);
      const streams = batch.map((a) => `enrollment-${a.episodeId}`);
      expect(await h.sql('SELECT count(DISTINCT transaction_id)::int AS n FROM events WHERE stream_id = ANY($1)', [streams])).toEqual([{ n: 1 }]);
    });

    it('a cancelled episode gives back its seats and waitlist places: the next patient still waiting is promoted', async () => {
      const plan = { startDate: '2027-01-04', plannedEndDate: '2027-01-18' };
      const [first, second, third] = [admitted(small, plan), admitted(small, plan), admitted(small, plan)];
      for (const a of [first, second, third]) {
        await h.publish(patientAdmittedV1, a, tenant);
        await enrolled(a.episodeId, token);
      }
      expect((await enrollment(first.episodeId, token)).bookings).toHaveLength(16);
      expect((await enrollment(third.episodeId, token)).waitlisted).toHaveLength(16);
      const cancel = (a: typeof first) => h.publish(episodeCancelledV1, { episodeId: a.episodeId, patientId: a.patientId, cancelledAt: '2027-01-02T09:00:00-06:00' }, tenant);

      // The second patient waited longest: once cancelled, its waitlist places must not take the freed seats.
      await cancel(second);
      const gone = await until(async () => { const e = await enrollment(second.episodeId, token); return e.status === 'cancelled' && e; });
      expect(gone).toMatchObject({ bookings: [], waitlisted: [] });
      // Its waitlist places stay on its record as cancelled places, and nobody waits on them any more.
      const record = (await h.t.request('GET', `/v1/episodes/${second.episodeId}/schedule`, { token })).body;
      expect(record.items).toHaveLength(16);
      expect(record.items.every((i: { booking: string; cancelReason: string }) => i.booking === 'cancelled' && i.cancelReason === 'episode-cancelled')).toBe(true);
      expect(await h.sql('SELECT 1 FROM waitlists WHERE episode_id = $1', [second.episodeId])).toEqual([]);
      await cancel(first);
      const promoted = await until(async () => { const e = await enrollment(third.episodeId, token); return e.bookings.length === 16 && e; });
      expect(promoted.waitlisted).toEqual([]);
      const cancelled = await enrollment(first.episodeId, token);
      expect(cancelled).toMatchObject({ status: 'cancelled', bookings: [], waitlisted: [] });
      const released = await h.sql("SELECT count(*)::int AS n FROM bookings WHERE episode_id = $1 AND status = 'cancelled' AND cancel_reason = 'episode-cancelled'", [first.episodeId]);
      expect(released).toEqual([{ n: 16 }]);
      const seatCounts = "SELECT s.booked FROM sessions s JOIN bookings b ON b.session_id = s.session_id WHERE b.episode_id = $1 AND b.status = 'booked' AND s.booked <> 1";
      expect(await h.sql(seatCounts, [third.episodeId])).toEqual([]);
    });
  });

  it('books both of two admissions consumed at once from two partitions into weeks nobody generated yet', async () => {
    // The first enrollment of a week generates its sessions; the other waits for the series lock meanwhile and must
    // then read the seats the first one generated, not its own read from before (which found none). Four pairs, each
    // in weeks of their own far beyond the location's first four, sent together so both partitions fetch at once.
    const loc = await createLocation(h);
    const stays = [['2028-01-03', '2028-02-28'], ['2028-03-06', '2028-05-01'], ['2028-05-08', '2028-07-03'], ['2028-07-10', '2028-09-04']];
    const pairs = stays.map(([startDate, plannedEndDate]) => [0, 1].map(() => admitted(loc, { startDate, plannedEndDate })));
    await h.publishTo(patientAdmittedV1, pairs.flatMap((pair) => pair.map((data, partition) => ({ data, partition }))));
    for (const pair of pairs) {
      const [first, second] = await Promise.all(pair.map((a) => enrolled(a.episodeId)));
      expect(first.bookings).toHaveLength(64);
      expect(second.bookings.map((b: { sessionId: string }) => b.sessionId)).toEqual(first.bookings.map((b: { sessionId: string }) => b.sessionId));
      const [seat] = await h.sql<{ booked: number }>('SELECT booked FROM sessions WHERE session_id = $1', [first.bookings[0].sessionId]);
      expect(seat.booked).toBe(2);
    }
  });

  it('ignores the cancellation of an episode it never enrolled', async () => {
    const episodeId = randomUUID();
    const eventId = await h.publish(episodeCancelledV1, { episodeId, patientId: randomUUID(), cancelledAt: '2026-10-20T09:00:00-04:00' });
    await until(async () => (await h.sql("SELECT 1 FROM inbox WHERE consumer = 'admissions-episodes' AND event_id = $1", [eventId])).length > 0);
    expect(await h.sql('SELECT 1 FROM dead_letters WHERE event_id = $1', [eventId])).toEqual([]);
    expect(await h.sql('SELECT 1 FROM events WHERE stream_id = $1', [`enrollment-${episodeId}`])).toEqual([]);
    expect((await h.t.request('GET', `/v1/enrollments/${episodeId}`, { token: clinician })).status).toBe(404);
  });

  it('parks an admission to a location scheduling does not know, and enrolls nothing', async () => {
    const lost = admitted(randomUUID());
    await h.publish(patientAdmittedV1, lost);
    const admin = await h.token(['admin']);
    const parked = await until(async () => {
      const items = (await h.t.request('GET', '/v1/admin/dead-letters', { token: admin })).body.items as { eventId: string; id: number }[];
      return items.find((i) => i.eventId) && items;
    }, 40_000);
    expect(parked[0]).toMatchObject({ consumerName: 'admissions-episodes', reason: 'failed' });
    const deadLetters = (query: string) => h.t.request('GET', `/v1/admin/dead-letters?${query}`, { token: admin });
    expect((await deadLetters(`limit=1&cursor=${encodeCursor('event-store.dead-letters', ['0'])}`)).body.items).toEqual([parked[0]]);
    expect((await deadLetters(`cursor=${encodeCursor('event-store.dead-letters', [String(parked[parked.length - 1].id)])}`)).body).toEqual({ items: [], nextCursor: null });
    for (const cursor of ['abc', encodeCursor('scheduling.locations', [randomUUID()])]) {
      const res = await deadLetters(`cursor=${cursor}`);
      expect(res).toMatchObject({ status: 400, body: { type: 'https://iop.example/problems/invalid-cursor' } });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await deadLetters('limit=501')).status).toBe(400);
    expect((await h.t.request('GET', `/v1/enrollments/${lost.episodeId}`, { token: clinician })).status).toBe(404);
    // The list's query is validated (a cursor this list never issued once reached SQL as NaN), and an id no bigint
    // holds names no dead letter.
    for (const query of ['cursor=abc', 'limit=0', 'limit=501', 'status=lost']) {
      expect([query, (await h.t.request('GET', `/v1/admin/dead-letters?${query}`, { token: admin })).status]).toEqual([query, 400]);
    }
    expect((await h.t.request('POST', '/v1/admin/dead-letters/admissions-episodes/99999999999999999999/replay', { token: admin })).status).toBe(404);
  });
});
