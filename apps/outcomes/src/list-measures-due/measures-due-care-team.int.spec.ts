/**
 * A clinician's own measures due: admissions' CareTeamChanged arrives on Kafka into outcomes' copy of each episode's
 * care team, and ?careTeamMember= keeps the episodes on that member's team.
 */
import { randomUUID } from 'node:crypto';
import { admitted, careTeamChanged, testEpisode } from '../testing/outcomes.fixtures';
import { type OutcomesKit, startOutcomesKit } from '../testing/outcomes.test-kit';

const TENANT = 'outcomes-care-team';
const mine = testEpisode(TENANT, { startDate: '2025-03-10' });
const theirs = testEpisode(TENANT, { startDate: '2025-03-10' });
const [KIM, LEE] = [`kim-${randomUUID()}`, `auth0|lee-${randomUUID()}`];

describe('measures due of one care-team member', () => {
  let kit: OutcomesKit;
  let clinician: string;
  const episodes = async (which: 'due' | 'overdue', query: string) => {
    const res = await kit.app.request('GET', `/v1/measures/${which}?limit=200&${query}`, { token: clinician });
    expect(res.status).toBe(200);
    return [...new Set(res.body.items.map((i: { episodeId: string }) => i.episodeId))];
  };
  const team = async () => (await kit.db.query(
    'SELECT tenant_id, episode_id, staff_id, role FROM outcome_care_team_members WHERE episode_id = ANY($1::uuid[]) ORDER BY staff_id',
    [[mine.episodeId, theirs.episodeId]],
  )).rows;

  beforeAll(async () => {
    kit = await startOutcomesKit();
    clinician = await kit.token(TENANT, ['clinician'], KIM);
    await kit.publish([admitted(mine), admitted(theirs)]);
    await kit.until(() => kit.db.query('SELECT 1 FROM outcome_episodes WHERE tenant_id = $1', [TENANT]).then((r) => r.rowCount), (n) => n === 2);
  });
  afterAll(() => kit?.close());

  it('keeps each episode\'s current care team from CareTeamChanged: assigned, a new role, unassigned', async () => {
    await kit.publish([
      careTeamChanged(mine, KIM, 'primary-counselor'), careTeamChanged(theirs, LEE, 'primary-counselor'), careTeamChanged(mine, LEE, 'nurse'),
      careTeamChanged(mine, KIM, 'psychiatrist'), careTeamChanged(mine, LEE),
    ]);
    const expected = [
      { tenant_id: TENANT, episode_id: theirs.episodeId, staff_id: LEE, role: 'primary-counselor' },
      { tenant_id: TENANT, episode_id: mine.episodeId, staff_id: KIM, role: 'psychiatrist' },
    ].sort((a, b) => (a.staff_id < b.staff_id ? -1 : 1));
    expect(await kit.until(team, (rows) => JSON.stringify(rows) === JSON.stringify(expected))).toEqual(expected);
  });

  it('lists the due and overdue measures of the episodes on the member\'s care team only', async () => {
    await kit.until(team, (rows) => rows.length === 2);
    expect(await episodes('due', `asOf=2025-03-12&careTeamMember=${KIM}`)).toEqual([mine.episodeId]);
    expect(await episodes('overdue', `asOf=2025-03-19&careTeamMember=${KIM}`)).toEqual([mine.episodeId]);
    expect(await episodes('due', `asOf=2025-03-12&careTeamMember=${encodeURIComponent(LEE)}`)).toEqual([theirs.episodeId]);
    expect(await episodes('due', 'asOf=2025-03-12&careTeamMember=nobody')).toEqual([]);
    expect(await episodes('due', 'asOf=2025-03-12')).toEqual(expect.arrayContaining([mine.episodeId, theirs.episodeId]));
  });

  it('pages the member\'s list with the keyset cursor', async () => {
    const first = await kit.app.request('GET', `/v1/measures/due?asOf=2025-03-12&careTeamMember=${KIM}&limit=2`, { token: clinician });
    expect(first.body.items).toHaveLength(2);
    const second = await kit.app.request('GET', `/v1/measures/due?asOf=2025-03-12&careTeamMember=${KIM}&limit=2&cursor=${first.body.nextCursor}`, { token: clinician });
    expect(second.body).toMatchObject({ nextCursor: null });
    expect([...first.body.items, ...second.body.items].map((i: { instrument: string }) => i.instrument)).toEqual(['BAM', 'GAD-7', 'PHQ-9']);
    expect([...first.body.items, ...second.body.items].every((i: { episodeId: string }) => i.episodeId === mine.episodeId)).toBe(true);
  });

  it('rebuilds the care teams from outcomes\' own events (operator)', async () => {
    const before = await team();
    const operator = await kit.token(TENANT, ['operator']);
    expect((await kit.app.request('POST', '/v1/admin/projections/outcome-care-team/rebuild', { token: operator })).status).toBe(202);
    const done = await kit.until(
      async () => (await kit.app.request('GET', '/v1/admin/projections/outcome-care-team/rebuild', { token: operator })).body,
      (p) => p?.done === true,
    );
    expect(done.error).toBeUndefined();
    expect(await team()).toEqual(before);
    expect(await episodes('due', `asOf=2025-03-12&careTeamMember=${KIM}`)).toEqual([mine.episodeId]);
  });

  it('refuses an empty or overlong member as a 400 problem', async () => {
    for (const member of ['', 'x'.repeat(201)]) {
      const res = await kit.app.request('GET', `/v1/measures/due?careTeamMember=${member}`, { token: clinician });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('keeps another tenant\'s care teams out', async () => {
    const other = await kit.token('outcomes-care-team-other', ['clinician'], KIM);
    const res = await kit.app.request('GET', `/v1/measures/due?asOf=2025-03-12&careTeamMember=${KIM}`, { token: other });
    expect(res.body.items).toEqual([]);
  });
});
