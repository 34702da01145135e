/**
 * A clinician's own outreach tasks: admissions' CareTeamChanged arrives on Kafka into scheduling's copy of each
 * episode's care team, and GET /v1/outreach-tasks?careTeamMember= keeps the tasks of the episodes on that member's team.
 */
import { randomUUID } from 'node:crypto';
import { careTeamChangedV1, type CareTeamRole } from '@iop/domain-events';
import { admitted, createLocation, patientAdmittedV1, startScheduling, until, type Harness } from '../testing/scheduling-test-kit';

describe('outreach tasks of one care-team member', () => {
  let h: Harness;
  let clinician: string;
  const [KIM, LEE] = [`kim-${randomUUID()}`, `auth0|lee-${randomUUID()}`];
  const episodes: Record<'mine' | 'theirs', { episodeId: string; patientId: string; tasks: string[] }> = {} as never;
  const change = (e: { episodeId: string; patientId: string }, staffId: string, role?: CareTeamRole) => h.publish(careTeamChangedV1, {
    episodeId: e.episodeId, patientId: e.patientId, staffId, ...(role ? { change: 'assigned' as const, role } : { change: 'unassigned' as const }),
    changedAt: new Date().toISOString(),
  });
  const team = () => h.sql<{ tenant_id: string; episode_id: string; staff_id: string; role: string }>(
    'SELECT tenant_id, episode_id, staff_id, role FROM care_team_members WHERE episode_id = ANY($1::uuid[]) ORDER BY staff_id',
    [[episodes.mine.episodeId, episodes.theirs.episodeId]],
  );
  const taskIds = async (query: string) => {
    const res = await h.t.request('GET', `/v1/outreach-tasks?limit=100&${query}`, { token: clinician });
    expect(res.status).toBe(200);
    return res.body.items.map((t: { taskId: string }) => t.taskId);
  };

  beforeAll(async () => {
    h = await startScheduling('outreach-care-team');
    clinician = await h.token(['clinician']);
    const locationId = await createLocation(h);
    for (const which of ['mine', 'theirs'] as const) {
      const a = admitted(locationId, { plannedEndDate: '2026-11-09' });
      await h.publish(patientAdmittedV1, a);
      const enrollment = await until(async () => {
        const r = await h.t.request('GET', `/v1/enrollments/${a.episodeId}`, { token: clinician });
        return r.status === 200 && r.body;
      });
      // Two no-shows each: two outreach tasks per episode.
      const tasks: string[] = [];
      for (const b of enrollment.bookings.slice(0, 2)) {
        const res = await h.t.request('POST', `/v1/sessions/${b.sessionId}/attendance`, { token: clinician, body: { episodeId: a.episodeId, status: 'absent-unexcused' } });
        expect(res.status).toBe(201);
        tasks.push(res.body.outreachTaskId);
      }
      episodes[which] = { episodeId: a.episodeId, patientId: a.patientId, tasks };
    }
  });
  afterAll(() => h?.close());

  it('keeps each episode\'s current care team from CareTeamChanged: assigned, a new role, unassigned', async () => {
    const { mine, theirs } = episodes;
    await change(mine, KIM, 'primary-counselor');
    await change(theirs, LEE, 'primary-counselor');
    await change(mine, LEE, 'nurse');
    await change(mine, KIM, 'psychiatrist');
    await change(mine, LEE);
    const expected = [
      { tenant_id: h.tenant, episode_id: theirs.episodeId, staff_id: LEE, role: 'primary-counselor' },
      { tenant_id: h.tenant, episode_id: mine.episodeId, staff_id: KIM, role: 'psychiatrist' },
    ];
    expect(await until(async () => { const rows = await team(); return JSON.stringify(rows) === JSON.stringify(expected) && rows; })).toEqual(expected);
    // Each change that changed something is an event of scheduling's own store (the read model rebuilds from it).
    const [{ n }] = await h.sql<{ n: string }>(
      "SELECT count(*) AS n FROM events WHERE event_type = 'CareTeamMemberNoted' AND stream_id = ANY($1::text[])",
      [[`care-team-${mine.episodeId}`, `care-team-${theirs.episodeId}`]],
    );
    expect(Number(n)).toBe(5);
  });

  it('lists the outreach tasks of the episodes on the member\'s care team only, paged', async () => {
    const { mine, theirs } = episodes;
    await until(async () => (await team()).length === 2);
    expect(await taskIds(`careTeamMember=${KIM}`)).toEqual(mine.tasks);
    expect(await taskIds(`careTeamMember=${encodeURIComponent(LEE)}&status=open`)).toEqual(theirs.tasks);
    expect(await taskIds('careTeamMember=nobody')).toEqual([]);
    expect(await taskIds(`episodeId=${theirs.episodeId}&careTeamMember=${KIM}`)).toEqual([]);
    expect(await taskIds('')).toEqual(expect.arrayContaining([...mine.tasks, ...theirs.tasks]));

    const first = await h.t.request('GET', `/v1/outreach-tasks?careTeamMember=${KIM}&limit=1`, { token: clinician });
    expect(first.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([mine.tasks[0]]);
    const next = await h.t.request('GET', `/v1/outreach-tasks?careTeamMember=${KIM}&limit=1&cursor=${first.body.nextCursor}`, { token: clinician });
    expect(next.body).toEqual({ items: [expect.objectContaining({ taskId: mine.tasks[1], episodeId: mine.episodeId })], nextCursor: null });
  });

  it('rebuilds the care teams from scheduling\'s own events (operator)', async () => {
    const before = await team();
    const operator = await h.token(['operator']);
    expect((await h.t.request('POST', '/v1/admin/projections/care-team/rebuild', { token: operator })).status).toBe(202);
    const done = await until(async () => {
      const p = await h.t.request('GET', '/v1/admin/projections/care-team/rebuild', { token: operator });
      return p.body?.done && p.body;
    });
    expect(done.error).toBeUndefined();
    expect(await team()).toEqual(before);
    expect(await taskIds(`careTeamMember=${KIM}`)).toEqual(episodes.mine.tasks);
  });

  it('refuses an empty or overlong member as a 400 problem', async () => {
    for (const member of ['', 'x'.repeat(201)]) {
      const res = await h.t.request('GET', `/v1/outreach-tasks?careTeamMember=${member}`, { token: clinician });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('keeps another tenant\'s care teams out', async () => {
    const other = await h.token(['clinician'], `${h.tenant}-other`);
    expect((await h.t.request('GET', `/v1/outreach-tasks?careTeamMember=${KIM}`, { token: other })).body.items).toEqual([]);
  });
});
