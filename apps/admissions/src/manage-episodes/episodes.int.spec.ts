/** Episodes of care through HTTP: care team, level changes, hold and resume, cancellation, lists and the referral metric. */
import { daysFromToday, type Harness, startAdmissions } from '../testing/admissions-test-app';

describe('episodes of care', () => {
  let h: Harness;
  beforeAll(async () => { h = await startAdmissions('episodes'); });
  afterAll(async () => h?.close());

  const get = async (episodeId: string) => (await h.call('GET', `/v1/episodes/${episodeId}`, 'clinician')).body;

  it('staffs the care team by role, replaces a role and removes a member', async () => {
    const { episodeId } = await h.admitted();
    expect((await h.call('POST', `/v1/episodes/${episodeId}/care-team`, 'supervisor', { staffId: 'dr-lee', role: 'psychiatrist' })).status).toBe(201);
    await h.call('POST', `/v1/episodes/${episodeId}/care-team`, 'intake', { staffId: 'kim', role: 'primary-counselor' });
    await h.call('POST', `/v1/episodes/${episodeId}/care-team`, 'intake', { staffId: 'kim', role: 'case-manager' });
    expect((await get(episodeId)).careTeam).toEqual([
      expect.objectContaining({ staffId: 'dr-lee', role: 'psychiatrist' }), expect.objectContaining({ staffId: 'kim', role: 'case-manager' }),
    ]);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/care-team`, 'intake', { staffId: 'kim', role: 'case-manager' })).status).toBe(409);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/care-team`, 'intake', { staffId: 'kim', role: 'janitor' })).status).toBe(400);
    expect((await h.call('DELETE', `/v1/episodes/${episodeId}/care-team/dr-lee`, 'admin')).status).toBe(204);
    expect((await h.call('DELETE', `/v1/episodes/${episodeId}/care-team/dr-lee`, 'admin')).status).toBe(404);
    expect((await get(episodeId)).careTeam.map((m: { staffId: string }) => m.staffId)).toEqual(['kim']);
  });

  it('changes the level of care with a reason', async () => {
    const { episodeId } = await h.admitted();
    const res = await h.call('POST', `/v1/episodes/${episodeId}/level-changes`, 'clinician', { toLevel: '2.5', reason: 'D3 worsened' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ episodeId, fromLevel: '2.1', toLevel: '2.5' });
    expect((await get(episodeId)).levelOfCare).toBe('2.5');
    expect((await h.call('POST', `/v1/episodes/${episodeId}/level-changes`, 'clinician', { toLevel: '2.5', reason: 'again' })).status).toBe(409);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/level-changes`, 'clinician', { toLevel: '2.5' })).status).toBe(400);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/level-changes`, 'intake', { toLevel: '1', reason: 'x' })).status).toBe(403);
  });

  it('takes If-Match on its commands: the ETag of the episode as read; a change since is a 409 and nothing is written', async () => {
    const { episodeId } = await h.admitted();
    const token = await h.as('clinician');
    const read = await h.t.request('GET', `/v1/episodes/${episodeId}`, { token });
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"\d+"$/);
    // Another clinician changes the episode meanwhile.
    const other = await h.t.request('POST', `/v1/episodes/${episodeId}/hold`, { token, body: { reason: 'hospital stay' }, headers: { 'if-match': etag } });
    expect(other.status).toBe(200);
    expect(other.headers.etag).toBe(`"${Number(etag.slice(1, -1)) + 1}"`);
    const before = await h.eventCount(`episode-${episodeId}`);
    const stale = await h.t.request('POST', `/v1/episodes/${episodeId}/level-changes`, { token, body: { toLevel: '2.5', reason: 'D3 worsened' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ status: 409, detail: expect.stringContaining('If-Match') });
    expect(await h.eventCount(`episode-${episodeId}`)).toBe(before);
    // Read again, change again: accepted. Without If-Match, as before, the current version is taken.
    const fresh = (await h.t.request('GET', `/v1/episodes/${episodeId}`, { token })).headers.etag as string;
    expect(fresh).toBe(other.headers.etag);
    expect((await h.t.request('POST', `/v1/episodes/${episodeId}/level-changes`, { token, body: { toLevel: '2.5', reason: 'D3 worsened' }, headers: { 'if-match': fresh } })).status).toBe(201);
    expect((await h.t.request('POST', `/v1/episodes/${episodeId}/resume`, { token })).status).toBe(200);
    expect((await h.t.request('POST', `/v1/episodes/${episodeId}/resume`, { token, headers: { 'if-match': 'yesterday' } })).status).toBe(400);
  });

  it('goes on hold and resumes', async () => {
    const { episodeId } = await h.admitted();
    expect((await h.call('POST', `/v1/episodes/${episodeId}/hold`, 'clinician', { reason: 'hospital stay' })).body.status).toBe('onhold');
    expect(await get(episodeId)).toMatchObject({ status: 'onhold', statusReason: 'hospital stay' });
    expect((await h.call('POST', `/v1/episodes/${episodeId}/hold`, 'clinician', { reason: 'again' })).status).toBe(409);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/resume`, 'clinician')).body.status).toBe('active');
    expect((await get(episodeId)).status).toBe('active');
  });

  it('cancels a planned episode, but not one that started', async () => {
    const planned = await h.admitted({ startDate: daysFromToday(5) });
    expect((await h.call('POST', `/v1/episodes/${planned.episodeId}/cancel`, 'intake', { reason: 'insurance denied' })).body.status).toBe('cancelled');
    expect((await get(planned.episodeId)).status).toBe('cancelled');
    const started = await h.admitted();
    expect((await h.call('POST', `/v1/episodes/${started.episodeId}/cancel`, 'intake', { reason: 'x' })).status).toBe(409);
  });

  it('lists the active episodes of a location, in pages, for the front desk too', async () => {
    const a = await h.admitted();
    const b = await h.call('POST', `/v1/referrals/${(await h.refer()).referralId}/assessments`, 'clinician', { criteriaEdition: 3, ratings: { d1: 0, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 } });
    expect(b.status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.call('GET', `/v1/episodes?locationId=${a.locationId}&status=active&limit=1${cursor ? `&cursor=${cursor}` : ''}`, 'front-desk');
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { episodeId: string }) => e.episodeId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([a.episodeId]);
    const byPatient = await h.call('GET', `/v1/episodes?patientId=${a.patientId}`, 'clinician');
    expect(byPatient.body.items).toEqual([expect.objectContaining({ episodeId: a.episodeId, recommendedLevel: '2.1' })]);
    expect((await h.call('GET', '/v1/episodes?status=gone', 'clinician')).status).toBe(400);
  });

  it('reports days from referral to admission as aggregates; to analysts without figures about 1 to 10 patients', async () => {
    const { locationId } = await h.admitted({ referral: { referredAt: new Date(Date.now() - 2 * 86_400_000).toISOString() } });
    const res = await h.call('GET', `/v1/reports/referral-to-admission?locationId=${locationId}`, 'supervisor');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ admissions: 1, medianDays: 2, meanDays: 2, p90Days: 2 });
    const analyst = await h.call('GET', `/v1/reports/referral-to-admission?locationId=${locationId}`, 'analyst');
    expect([analyst.status, analyst.body]).toEqual([200, { admissions: null, medianDays: null, meanDays: null, p90Days: null, suppressed: true, from: null, to: null, locationId }]);
    expect((await h.call('GET', '/v1/reports/referral-to-admission', 'supervisor')).body.admissions).toBeGreaterThan(1);
    expect(JSON.stringify(res.body)).not.toMatch(/patientId|episodeId/);
    // An offset PostgreSQL cannot store (past ±15:59) is refused as input, not met as a 500.
    expect((await h.call('GET', '/v1/reports/referral-to-admission?from=2025-01-29T04:35:20%2B16:33', 'analyst')).status).toBe(400);
    expect((await h.call('GET', '/v1/episodes', 'analyst')).status).toBe(403);
  });
});
