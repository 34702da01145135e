/**
 * Follow-ups through Kafka and HTTP: PatientDischarged schedules them under the tenant's policy, results are
 * recorded once with whether they fell inside the window, and closing windows appends FollowUpLost, all of it
 * published on iop.outcomes.v1 exactly per the contracts.
 */
import { randomUUID } from 'node:crypto';
import { TOPICS, validateEvent } from '@iop/domain-events';
import { FollowUpSweepJob } from '../close-follow-up-windows/follow-up-sweep.job';
import { admitted, discharged, phq9, testEpisode } from '../testing/outcomes.fixtures';
import { type OutcomesKit, startOutcomesKit } from '../testing/outcomes.test-kit';

const TENANT = 'outcomes-follow-ups';
const CUSTOM = 'outcomes-follow-ups-custom';
const episode = testEpisode(TENANT, { startDate: '2025-03-10' });
const custom = testEpisode(CUSTOM, { startDate: '2025-03-10' });
type Item = { followUpId: string; sequence: number; status: string; dueDate: string; windowStart: string; windowEnd: string; withinWindow: boolean | null };

describe('follow-ups after discharge', () => {
  let kit: OutcomesKit;
  let clinician: string;
  let items: Item[];
  const list = async (e = episode, token = clinician) => kit.app.request('GET', `/v1/episodes/${e.episodeId}/follow-ups`, { token });
  const result = (id: string, body: unknown, token = clinician) => kit.app.request('POST', `/v1/follow-ups/${id}/result`, { token, body });
  const closeWindows = async (asOf: string, roles = ['admin']) =>
    kit.app.request('POST', '/v1/admin/follow-ups/close-windows', { token: await kit.token(TENANT, roles), body: { asOf } });
  const rows = (sql: string, params: unknown[]) => kit.db.query(sql, params).then((r) => r.rows);

  beforeAll(async () => {
    kit = await startOutcomesKit();
    clinician = await kit.token(TENANT, ['clinician']);
    const policy = { measurementSchedule: { instruments: ['PHQ-9'], baselineWithinDays: 7, intervalDays: 14, leadDays: 3, atDischarge: true }, followUps: { offsetsDays: [14, 60], windowDays: 7 } };
    expect((await kit.app.request('PUT', '/v1/admin/outcome-settings', { token: await kit.token(CUSTOM, ['admin']), body: policy })).status).toBe(200);
    await kit.publish([admitted(episode), admitted(custom)]);
    await kit.until(() => rows('SELECT 1 FROM outcome_episodes', []), (r) => r.length === 2);
    const discharge = discharged(episode, '2025-05-02', 'completed');
    await kit.publish([discharge, discharge, discharged(episode, '2025-05-02', 'completed'), discharged(custom, '2025-05-02', 'completed')]);
    await kit.until(() => rows('SELECT 1 FROM outcome_follow_ups', []), (r) => r.length === 5);
    items = (await list()).body.items;
  });
  afterAll(() => kit?.close());

  it('schedules 30, 90 and 180 days after discharge, each open 14 days either side, once despite re-sent discharges', () => {
    expect(items.map(({ sequence, status, dueDate, windowStart, windowEnd }) => ({ sequence, status, dueDate, windowStart, windowEnd }))).toEqual([
      { sequence: 1, status: 'scheduled', dueDate: '2025-06-01', windowStart: '2025-05-18', windowEnd: '2025-06-15' },
      { sequence: 2, status: 'scheduled', dueDate: '2025-07-31', windowStart: '2025-07-17', windowEnd: '2025-08-14' },
      { sequence: 3, status: 'scheduled', dueDate: '2025-10-29', windowStart: '2025-10-15', windowEnd: '2025-11-12' },
    ]);
  });

  it('schedules at the tenant\'s own offsets and window', async () => {
    const res = await list(custom, await kit.token(CUSTOM, ['nurse']));
    expect(res.body.items.map((i: Item) => [i.dueDate, i.windowStart, i.windowEnd])).toEqual([
      ['2025-05-16', '2025-05-09', '2025-05-23'],
      ['2025-07-01', '2025-06-24', '2025-07-08'],
    ]);
  });

  it('records a result inside the window with measures taken at the contact, and refuses a second one with 409', async () => {
    const body = { abstinent: true, completedAt: '2025-06-03T17:20:00-04:00', measures: [{ instrument: 'PHQ-9', answers: phq9(4) }] };
    const first = await result(items[0].followUpId, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ followUpId: items[0].followUpId, status: 'completed', withinWindow: true, measures: [{ instrument: 'PHQ-9', scores: { total: 4 } }] });
    const again = await result(items[0].followUpId, body);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 404 for another tenant\'s follow-up and an unknown one; 403 for analysts; nothing written', async () => {
    const before = (await rows('SELECT count(*)::int AS n FROM events', []))[0].n;
    const body = { abstinent: false, completedAt: '2025-07-30T10:00:00-04:00' };
    expect((await result(items[1].followUpId, body, await kit.token(CUSTOM, ['clinician']))).status).toBe(404);
    expect((await result(randomUUID(), body)).status).toBe(404);
    expect((await result(items[1].followUpId, body, await kit.token(TENANT, ['analyst']))).status).toBe(403);
    expect((await list(episode, await kit.token(TENANT, ['analyst']))).status).toBe(403);
    expect((await list(episode, await kit.token(CUSTOM, ['clinician']))).status).toBe(404);
    expect((await rows('SELECT count(*)::int AS n FROM events', []))[0].n).toBe(before);
  });

  it.each([
    ['before the discharge', { abstinent: true, completedAt: '2025-04-30T10:00:00-04:00' }, 'completedAt'],
    ['without an offset', { abstinent: true, completedAt: '2025-07-30T10:00:00' }, 'completedAt'],
    ['without abstinence', { completedAt: '2025-07-30T10:00:00-04:00' }, 'abstinent'],
    ['with bad measure answers', { abstinent: true, completedAt: '2025-07-30T10:00:00-04:00', measures: [{ instrument: 'GAD-7', answers: [9] }] }, 'measures[0].answers'],
  ])('refuses a result %s', async (_, body, path) => {
    const res = await result(items[1].followUpId, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('marks open follow-ups lost once their window ended before asOf, once, and only for admins', async () => {
    expect((await closeWindows('2025-08-14')).body).toEqual({ asOf: '2025-08-14', lost: [] });
    expect((await closeWindows('2025-08-15', ['clinician'])).status).toBe(403);
    expect((await closeWindows('2099-01-01')).status).toBe(400);
    const closed = await closeWindows('2025-08-15');
    expect(closed.body).toEqual({ asOf: '2025-08-15', lost: [items[1].followUpId] });
    expect((await closeWindows('2025-08-20')).body.lost).toEqual([]);
    const statuses = (await list()).body.items.map((i: Item & { lostAt: string }) => [i.sequence, i.status, i.lostAt]);
    expect(statuses).toEqual([[1, 'completed', null], [2, 'lost', '2025-08-15T00:00:00.000Z'], [3, 'scheduled', null]]);
  });

  it('still takes a late result for a lost follow-up, recorded as outside the window', async () => {
    const late = await result(items[1].followUpId, { abstinent: false, completedAt: '2025-09-02T11:00:00-04:00' });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ withinWindow: false });
  });

  it('publishes FollowUpScheduled, FollowUpCompleted and FollowUpLost per the contracts, keyed by episode', async () => {
    const wanted = ['FollowUpScheduled', 'FollowUpCompleted', 'FollowUpLost'].map((n) => `iop.outcomes.${n}.v1`);
    const messages = await kit.readTopic(TOPICS.outcomes, (m) => m.filter((x) => wanted.includes(String(x.headers?.ce_type))).length >= 8);
    const ours = messages.filter((x) => wanted.includes(String(x.headers?.ce_type)) && x.key!.toString() === episode.episodeId);
    const byType = (t: string) => ours.filter((x) => String(x.headers?.ce_type) === t).map((x) => JSON.parse(x.value!.toString()));
    for (const m of ours) expect(validateEvent(String(m.headers!.ce_type), JSON.parse(m.value!.toString()))).toEqual({ ok: true });
    expect(byType(wanted[0]).map((d) => d.offsetDays)).toEqual([30, 90, 180]);
    expect(byType(wanted[1]).map((d) => [d.sequence, d.withinWindow])).toEqual([[1, true], [2, false]]);
    expect(byType(wanted[2])).toEqual([{ followUpId: items[1].followUpId, episodeId: episode.episodeId, patientId: episode.patientId, sequence: 2, lostAt: '2025-08-15T00:00:00Z' }]);
    expect(String(ours[0].headers!.ce_subject)).toBe(`episode-${episode.episodeId}`);
  });

  it('runs the same closing as a periodic sweep over every tenant, never while a window\'s last day lasts anywhere', async () => {
    const sweep = kit.app.app.get(FollowUpSweepJob);
    const customLost = await sweep.sweep(new Date('2025-11-13T11:59:00Z'));
    expect(customLost).toHaveLength(2); // the other clinic's two follow-ups (windows ended in May and July)
    expect((await list()).body.items[2].status).toBe('scheduled'); // 2025-11-12 is still the 12th at UTC-12
    expect(await sweep.sweep(new Date('2025-11-13T12:00:00Z'))).toEqual([items[2].followUpId]);
    expect((await list()).body.items[2].status).toBe('lost');
  });
});
