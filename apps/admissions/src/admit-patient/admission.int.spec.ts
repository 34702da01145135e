/** Assessment and admission through HTTP: placement recommendation, location and track checks, overrides, conflicts. */
import { addDays } from '@iop/calendar';
import { daysFromToday, type Harness, IOP_RATINGS, startAdmissions, today } from '../testing/admissions-test-app';

describe('assessment and admission', () => {
  let h: Harness;
  let locationId: string;
  beforeAll(async () => {
    h = await startAdmissions('admission');
    locationId = await h.seedLocation(['evening']);
  });
  afterAll(async () => h?.close());

  const admit = (referralId: string, over: Record<string, unknown> = {}) =>
    h.call('POST', `/v1/referrals/${referralId}/admission`, 'intake', { locationId, track: 'evening', startDate: today(), levelOfCare: '2.1', ...over });

  it('assesses with the ASAM placement rules and stores the recommendation with the assessment', async () => {
    const { referralId } = await h.refer();
    const res = await h.assess(referralId);
    expect(res.status).toBe(201);
    expect(res.body.recommendation.level).toBe('2.1');
    expect(res.body.recommendation.rules[0]).toEqual({ id: expect.any(String), passed: expect.any(Boolean), evidence: expect.stringContaining('D1') });
    const list = await h.call('GET', `/v1/referrals/${referralId}/assessments`, 'nurse');
    expect(list.body.items).toEqual([expect.objectContaining({ assessmentId: res.body.assessmentId, criteriaEdition: 3, ratings: IOP_RATINGS, recommendation: res.body.recommendation })]);
    expect((await h.call('GET', `/v1/referrals/${referralId}`, 'intake')).body).toMatchObject({ latestAssessmentId: res.body.assessmentId, recommendedLevel: '2.1' });
  });

  it('recommends a more intensive level when withdrawal risk is high', async () => {
    const { referralId } = await h.refer();
    const res = await h.assess(referralId, { ...IOP_RATINGS, d1: 4 });
    expect(res.body.recommendation.level).not.toBe('2.1');
    expect(res.body.recommendation.decidingDimension).toBe('d1');
  });

  it.each([
    ['a rating above 4', { criteriaEdition: 3, ratings: { ...IOP_RATINGS, d3: 5 } }, 'ratings.d3'],
    ['a fractional rating', { criteriaEdition: 3, ratings: { ...IOP_RATINGS, d2: 1.5 } }, 'ratings.d2'],
    ['a missing dimension', { criteriaEdition: 4, ratings: { d1: 0, d2: 0, d3: 0, d4: 0, d5: 0 } }, 'ratings.d6'],
    ['an unknown edition', { criteriaEdition: 5, ratings: IOP_RATINGS }, 'criteriaEdition'],
    ['an edition as a string', { criteriaEdition: '3', ratings: IOP_RATINGS }, 'criteriaEdition'],
  ])('refuses %s with a 400 that appends nothing', async (_, payload, path) => {
    const { referralId } = await h.refer();
    const res = await h.call('POST', `/v1/referrals/${referralId}/assessments`, 'clinician', payload);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await h.eventCount(`referral-${referralId}`)).toBe(1);
  });

  it('takes If-Match on the referral: the ETag as read; its status, assessment and admission refuse a referral changed since', async () => {
    const { referralId } = await h.refer();
    const token = await h.as('intake');
    const read = async () => (await h.t.request('GET', `/v1/referrals/${referralId}`, { token })).headers.etag as string;
    const v1 = await read();
    expect(v1).toBe('"1"');
    // A clinician records an assessment meanwhile: the referral moves on, and the answer says to which version.
    const assessed = await h.t.request('POST', `/v1/referrals/${referralId}/assessments`, {
      token: await h.as('clinician'), body: { criteriaEdition: 3, ratings: IOP_RATINGS }, headers: { 'if-match': v1 },
    });
    expect(assessed.status).toBe(201);
    expect(assessed.headers.etag).toBe('"2"');
    const before = await h.eventCount(`referral-${referralId}`);
    for (const [path, body] of [['waitlist', { reason: 'no evening seat' }], ['decline', { reason: 'needs residential care' }], ['admission', {
      locationId, track: 'evening', startDate: today(), levelOfCare: '2.1',
    }]] as const) {
      const stale = await h.t.request('POST', `/v1/referrals/${referralId}/${path}`, { token, body, headers: { 'if-match': v1 } });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ status: 409, detail: expect.stringContaining('If-Match') });
    }
    expect(await h.eventCount(`referral-${referralId}`)).toBe(before);
    const waitlisted = await h.t.request('POST', `/v1/referrals/${referralId}/waitlist`, { token, body: {}, headers: { 'if-match': await read() } });
    expect(waitlisted.status).toBe(200);
    expect(waitlisted.headers.etag).toBe('"3"');
    const admitted = await h.t.request('POST', `/v1/referrals/${referralId}/admission`, {
      token, body: { locationId, track: 'evening', startDate: today(), levelOfCare: '2.1' }, headers: { 'if-match': waitlisted.headers.etag as string },
    });
    expect(admitted.status).toBe(201);
    // An ETag of a referral that does not exist: a 404, not a conflict; a malformed one: a 400.
    const unknown = await h.t.request('POST', `/v1/referrals/${crypto.randomUUID()}/decline`, { token, body: { reason: 'x' }, headers: { 'if-match': '"1"' } });
    expect(unknown.status).toBe(404);
    expect((await h.t.request('POST', `/v1/referrals/${referralId}/decline`, { token, body: { reason: 'x' }, headers: { 'if-match': 'v1' } })).status).toBe(400);
  });

  it('admits: the episode shows its location, track, dates and a planned end 8 weeks on', async () => {
    const { referralId, patientId } = await h.refer();
    await h.assess(referralId);
    const res = await admit(referralId);
    expect(res.status).toBe(201);
    const episode = await h.call('GET', `/v1/episodes/${res.body.episodeId}`, 'front-desk');
    expect(episode.body).toMatchObject({
      episodeId: res.body.episodeId, patientId, status: 'active', levelOfCare: '2.1', locationId, track: 'evening',
      startDate: today(), plannedEndDate: addDays(today(), 56), previousEpisodeIds: [],
    });
    expect(episode.body).not.toHaveProperty('recommendedLevel');
    expect((await h.call('GET', `/v1/referrals/${referralId}`, 'intake')).body).toMatchObject({ status: 'admitted', episodeId: res.body.episodeId });
  });

  it('records an admission entered later as of when it was decided, never in the future or before its referral', async () => {
    const referredAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const { referralId } = await h.refer({ referredAt });
    await h.assess(referralId);
    const future = await admit(referralId, { admittedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toMatch(/admittedAt.*future/);
    const early = await admit(referralId, { admittedAt: new Date(Date.parse(referredAt) - 60_000).toISOString() });
    expect(early.status).toBe(400);
    const admittedAt = new Date(Date.parse(referredAt) + 2 * 86_400_000).toISOString();
    const res = await admit(referralId, { admittedAt, startDate: admittedAt.slice(0, 10) });
    expect(res.status).toBe(201);
    const episode = await h.call('GET', `/v1/episodes/${res.body.episodeId}`, 'clinician');
    expect(Date.parse(episode.body.admittedAt)).toBe(Date.parse(admittedAt));
  });

  it('shows an episode starting later as planned, and follows the tenant setting for its planned end', async () => {
    expect((await h.call('PUT', '/v1/settings', 'admin', { plannedProgramWeeks: 6 })).status).toBe(200);
    const { referralId } = await h.refer();
    await h.assess(referralId);
    const res = await admit(referralId, { startDate: daysFromToday(3) });
    const episode = await h.call('GET', `/v1/episodes/${res.body.episodeId}`, 'clinician');
    expect(episode.body).toMatchObject({ status: 'planned', plannedEndDate: addDays(daysFromToday(3), 42) });
    await h.call('PUT', '/v1/settings', 'admin', { plannedProgramWeeks: 8 });
  });

  it('needs an override reason for a level other than the recommendation', async () => {
    const { referralId } = await h.refer();
    await h.assess(referralId);
    const refused = await admit(referralId, { levelOfCare: '2.5' });
    expect(refused.status).toBe(400);
    expect(refused.body.type).toContain('level-override-reason-required');
    const ok = await admit(referralId, { levelOfCare: '2.5', overrideReason: 'co-occurring PTSD needs more hours' });
    expect(ok.status).toBe(201);
    expect((await h.call('GET', `/v1/episodes/${ok.body.episodeId}`, 'clinician')).body).toMatchObject({ levelOfCare: '2.5', recommendedLevel: '2.1', levelOverridden: true });
  });

  it('is a 409 without an assessment, and for a declined or already admitted referral, appending nothing', async () => {
    const { referralId } = await h.refer();
    expect((await admit(referralId)).status).toBe(409);
    await h.assess(referralId);
    await h.call('POST', `/v1/referrals/${referralId}/decline`, 'intake', { reason: 'needs detox first' });
    const before = await h.eventCount(`referral-${referralId}`);
    const res = await admit(referralId);
    expect(res.status).toBe(409);
    expect(await h.eventCount(`referral-${referralId}`)).toBe(before);
    expect((await h.pool.query("SELECT count(*)::int AS n FROM events WHERE stream_type = 'episode' AND data->>'referralId' = $1", [referralId])).rows[0].n).toBe(0);
  });

  it.each([
    ['an unknown location', () => ({ locationId: '00000000-0000-4000-8000-000000000000' }), 'locationId'],
    ['a track the location has no block for', () => ({ track: 'morning' }), 'track'],
    ['a start date more than a year ahead', () => ({ startDate: daysFromToday(400) }), 'startDate'],
    ['an impossible start date', () => ({ startDate: '2025-13-01' }), 'startDate'],
    ['an unknown level', () => ({ levelOfCare: '2.2' }), 'levelOfCare'],
  ])('refuses %s with a 400 that appends nothing to either stream', async (_, over, path) => {
    const { referralId } = await h.refer();
    await h.assess(referralId);
    const res = await admit(referralId, over());
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await h.eventCount(`referral-${referralId}`)).toBe(2);
  });

  it('admits a referral sent twice at once exactly once: the loser runs again on fresh state and is a 409', async () => {
    const { referralId } = await h.refer();
    await h.assess(referralId);
    const answers = await Promise.all([admit(referralId), admit(referralId), admit(referralId)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await h.eventCount(`referral-${referralId}`)).toBe(3); // referred, assessed, admitted
    const admitted = answers.find((r) => r.status === 201)!.body.episodeId;
    expect((await h.call('GET', `/v1/referrals/${referralId}`, 'intake')).body).toMatchObject({ status: 'admitted', episodeId: admitted });
  });

  it('keeps assessments from the front desk', async () => {
    const { referralId } = await h.refer();
    expect((await h.call('GET', `/v1/referrals/${referralId}/assessments`, 'front-desk')).status).toBe(403);
    expect((await h.call('POST', `/v1/referrals/${referralId}/assessments`, 'intake', { criteriaEdition: 3, ratings: IOP_RATINGS })).status).toBe(403);
  });
});
