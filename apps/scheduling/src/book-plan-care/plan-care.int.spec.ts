/**
 * Plan-driven care through Kafka: clinical notes' TreatmentPlanCareSet (a real CloudEvent on its topic) books weekly
 * individual therapy and a monthly psychiatric consultation around the patient's evening groups and the clinician's
 * other sessions, across the end of daylight-saving time; attended therapy counts toward the week's hours; a revision
 * replaces the later sessions; discharge cancels what is left.
 */
import { randomUUID } from 'node:crypto';
import { treatmentPlanCareSetV1, type TreatmentPlanCareSet } from '@iop/domain-events';
import { admitted, createLocation, patientAdmittedV1, patientDischargedV1, startScheduling, until, type Harness } from '../testing/scheduling-test-kit';

type Item = { sessionId: string; type: string; startsAt: string; endsAt: string; sessionStatus: string; booking: string; plan: { version: number } | null };
const PLAN_TYPES = ['individual-therapy', 'psychiatric-consultation'];

describe('individual care from the treatment plan', () => {
  let h: Harness;
  let clinician: string;
  let locationId: string;
  const episode = () => admitted(locationId);
  const schedule = async (episodeId: string): Promise<Item[]> =>
    (await h.t.request('GET', `/v1/episodes/${episodeId}/schedule`, { token: clinician })).body.items ?? [];
  const planned = async (episodeId: string, type: string, status = 'scheduled') =>
    (await schedule(episodeId)).filter((i) => i.type === type && i.sessionStatus === status).map((i) => i.startsAt);
  const careSet = (a: ReturnType<typeof admitted>, version: number, effectiveFrom: string, interventions: TreatmentPlanCareSet['interventions']): TreatmentPlanCareSet => ({
    planId: PLAN_ID, episodeId: a.episodeId, patientId: a.patientId, version, effectiveFrom, interventions, signedAt: effectiveFrom,
  });
  const PLAN_ID = randomUUID();
  const goalId = randomUUID();
  const therapy = (cadence: 'weekly' | 'every-2-weeks') => ({ goalId, service: 'individual-therapy' as const, cadence, durationMinutes: 50, staffId: 'clinician-ana', staffRole: 'clinician' as const });
  const consult = { goalId, service: 'psychiatric-consultation' as const, cadence: 'monthly' as const, durationMinutes: 30, staffId: 'dr-lee', staffRole: 'psychiatrist' as const };

  beforeAll(async () => {
    h = await startScheduling('plan-care');
    clinician = await h.token(['clinician']);
    locationId = await createLocation(h);
  });
  afterAll(() => h?.close());

  it('books, replaces on revision, counts attended hours and stops at discharge', async () => {
    const a = episode();
    await h.publish(patientAdmittedV1, a);
    await until(async () => (await h.t.request('GET', `/v1/enrollments/${a.episodeId}`, { token: clinician })).status === 200);
    // Ana sees another patient on Monday 2 November at 17:00, the hour her sessions before the group would take.
    const other = await h.t.request('POST', '/v1/sessions', { token: await h.token(['admin']), body: {
      locationId, type: 'individual-therapy', startsAt: '2026-11-02T17:00:00-05:00', endsAt: '2026-11-02T18:00:00-05:00', facilitator: { role: 'clinician', staffId: 'clinician-ana' }, room: 'Office 1',
    } });
    expect(other.status).toBe(201);

    await h.publish(treatmentPlanCareSetV1, careSet(a, 1, '2026-10-23T15:00:00-04:00', [therapy('weekly'), consult]));
    await until(async () => (await planned(a.episodeId, 'individual-therapy')).length === 8 && (await planned(a.episodeId, 'psychiatric-consultation')).length === 2);
    // Daylight-saving time ends on 1 November: 17:10 stays 17:10; on 2 November Ana is busy from 17:00, so 16:10.
    expect(await planned(a.episodeId, 'individual-therapy')).toEqual([
      '2026-10-26T17:10:00-04:00', '2026-11-02T16:10:00-05:00', '2026-11-09T17:10:00-05:00', '2026-11-16T17:10:00-05:00',
      '2026-11-23T17:10:00-05:00', '2026-11-30T17:10:00-05:00', '2026-12-07T17:10:00-05:00', '2026-12-14T17:10:00-05:00',
    ]);
    expect(await planned(a.episodeId, 'psychiatric-consultation')).toEqual(['2026-10-26T16:30:00-04:00', '2026-11-23T16:30:00-05:00']);
    const items = (await schedule(a.episodeId)).filter((i) => i.booking === 'booked');
    for (const x of items) {
      for (const y of items) if (x !== y) expect(Date.parse(x.startsAt) < Date.parse(y.endsAt) && Date.parse(y.startsAt) < Date.parse(x.endsAt)).toBe(false);
    }
    const day = (await h.t.request('GET', '/v1/facilitators/clinician-ana/day?date=2026-11-02', { token: clinician })).body.sessions;
    expect(day.map((s: { startsAt: string; type: string; capacity: number; booked: number }) => [s.startsAt, s.capacity, s.booked])).toEqual([
      ['2026-11-02T16:10:00-05:00', 1, 1], ['2026-11-02T17:00:00-05:00', 1, 0],
    ]);
    expect(day.map((s: { plan: unknown }) => s.plan)).toEqual([{ planId: PLAN_ID, version: 1 }, null]);

    // Attended individual therapy counts toward the week's hours like any session.
    const first = items.find((i) => i.type === 'individual-therapy')!;
    expect((await h.t.request('POST', `/v1/sessions/${first.sessionId}/attendance`, { token: clinician, body: { episodeId: a.episodeId, status: 'present', minutesAttended: 50 } })).status).toBe(201);
    const weeks = (await h.t.request('GET', `/v1/enrollments/${a.episodeId}/weeks`, { token: clinician })).body;
    expect((weeks.items ?? weeks).find((w: { weekStart: string }) => w.weekStart === '2026-10-26')).toMatchObject({ hoursAttended: 0.83 });

    // Version 2 from Tuesday 10 November: therapy every other week, the consultation monthly from that week.
    await h.publish(treatmentPlanCareSetV1, careSet(a, 2, '2026-11-10T12:00:00-05:00', [therapy('every-2-weeks'), consult]));
    await until(async () => (await planned(a.episodeId, 'psychiatric-consultation', 'cancelled')).length === 1);
    expect(await planned(a.episodeId, 'individual-therapy')).toEqual([
      '2026-10-26T17:10:00-04:00', '2026-11-02T16:10:00-05:00', '2026-11-09T17:10:00-05:00', '2026-11-10T17:10:00-05:00',
      '2026-11-23T17:10:00-05:00', '2026-12-07T17:10:00-05:00',
    ]);
    expect(await planned(a.episodeId, 'individual-therapy', 'cancelled')).toEqual(['2026-11-16T17:10:00-05:00', '2026-11-30T17:10:00-05:00', '2026-12-14T17:10:00-05:00']);
    expect(await planned(a.episodeId, 'psychiatric-consultation')).toEqual(['2026-10-26T16:30:00-04:00', '2026-11-10T16:30:00-05:00', '2026-12-07T16:30:00-05:00']);
    expect((await schedule(a.episodeId)).filter((i) => i.startsAt === '2026-11-10T17:10:00-05:00').map((i) => i.plan)).toEqual([{ planId: PLAN_ID, version: 2 }]);
    // The attended session is history: unchanged.
    expect((await schedule(a.episodeId)).find((i) => i.sessionId === first.sessionId)).toMatchObject({ sessionStatus: 'scheduled', booking: 'booked' });
    // The same version again (a replay) changes nothing.
    const before = await schedule(a.episodeId);
    await h.publish(treatmentPlanCareSetV1, careSet(a, 2, '2026-11-10T12:00:00-05:00', [therapy('every-2-weeks'), consult]));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await schedule(a.episodeId)).toEqual(before);

    await h.publish(patientDischargedV1, {
      ...patientDischargedV1.example, episodeId: a.episodeId, patientId: a.patientId, locationId, startDate: a.startDate, dischargedAt: '2026-11-25T20:00:00-05:00', joinAlumni: false,
    });
    await until(async () => (await planned(a.episodeId, 'psychiatric-consultation', 'cancelled')).length === 2);
    expect(await planned(a.episodeId, 'individual-therapy')).toEqual([
      '2026-10-26T17:10:00-04:00', '2026-11-02T16:10:00-05:00', '2026-11-09T17:10:00-05:00', '2026-11-10T17:10:00-05:00', '2026-11-23T17:10:00-05:00',
    ]);
    expect((await schedule(a.episodeId)).filter((i) => PLAN_TYPES.includes(i.type) && Date.parse(i.startsAt) > Date.parse('2026-11-25T20:00:00-05:00')).map((i) => i.booking))
      .toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });
});
