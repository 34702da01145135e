/**
 * EpisodeCancelled through Kafka: an episode admissions cancelled before its first program day leaves the admission
 * cohort of the program metrics and the measurement schedule, takes no measures and never gets follow-ups.
 */
import { episodeCancelledV1, type PublicEvent } from '@iop/domain-events';
import { admitted, cloudEvent, discharged, gad7, testEpisode, type TestEpisode } from '../testing/outcomes.fixtures';
import { type OutcomesKit, startOutcomesKit } from '../testing/outcomes.test-kit';

const TENANT = 'outcomes-cancelled';
const kept = testEpisode(TENANT, { startDate: '2025-03-10', admittedOn: '2025-03-07' });
const gone = testEpisode(TENANT, { startDate: '2025-03-17', admittedOn: '2025-03-07' });
const cancelled = (e: TestEpisode): PublicEvent =>
  cloudEvent(episodeCancelledV1, e.tenantId, { episodeId: e.episodeId, patientId: e.patientId, cancelledAt: '2025-03-08T11:20:00-05:00' });

describe('a cancelled episode in outcomes', () => {
  let kit: OutcomesKit;
  let clinician: string;
  const statusOf = (e: TestEpisode) => kit.db.query('SELECT status FROM outcome_episodes WHERE episode_id = $1', [e.episodeId]).then((r) => r.rows[0]?.status);
  const consumed = (event: PublicEvent) => kit.until(() => kit.db.query('SELECT 1 FROM inbox WHERE event_id = $1', [event.id]).then((r) => r.rowCount), (n) => n === 1);

  beforeAll(async () => {
    kit = await startOutcomesKit();
    clinician = await kit.token(TENANT, ['clinician']);
    await kit.publish([admitted(kept), admitted(gone), cancelled(gone)]);
    await kit.until(() => statusOf(gone), (s) => s === 'cancelled');
    await kit.until(() => statusOf(kept), (s) => s === 'active');
  });
  afterAll(() => kit?.close());

  it('is no longer counted as admitted in the program metrics', async () => {
    // As the clinic's admin: an analyst would see this cohort of one suppressed (small cells).
    const res = await kit.app.request('GET', '/v1/metrics/program?from=2025-03-01&to=2025-03-31', { token: await kit.token(TENANT, ['admin']) });
    expect(res.status).toBe(200);
    expect(res.body.cohorts).toEqual({ admitted: 1, discharged: 0 });
  });

  it('has no measures due, and takes none', async () => {
    const due = await kit.app.request('GET', '/v1/measures/due?asOf=2025-03-17', { token: clinician });
    expect(due.status).toBe(200);
    expect(new Set(due.body.items.map((i: { episodeId: string }) => i.episodeId))).toEqual(new Set([kept.episodeId]));
    const measure = await kit.app.request('POST', '/v1/measures', {
      token: clinician, body: { episodeId: gone.episodeId, instrument: 'GAD-7', answers: gad7(3), administeredAt: '2025-03-18T18:00:00-05:00' },
    });
    expect(measure.status).toBe(409);
  });

  it('schedules no follow-ups, even if a discharge arrived for it', async () => {
    const late = discharged(gone, '2025-05-02', 'completed');
    await kit.publish([late]);
    await consumed(late);
    expect(await statusOf(gone)).toBe('cancelled');
    expect(await kit.db.query('SELECT 1 FROM outcome_follow_ups WHERE episode_id = $1', [gone.episodeId]).then((r) => r.rows)).toEqual([]);
    expect((await kit.app.request('GET', `/v1/episodes/${gone.episodeId}/follow-ups`, { token: clinician })).body.items).toEqual([]);
    expect(await kit.db.query('SELECT 1 FROM dead_letters').then((r) => r.rows)).toEqual([]);
  });
});
