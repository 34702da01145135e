/** Continued-stay reviews (on request, by schedule, on evidence), discharge and alumni readmission through HTTP. */
import { randomUUID } from 'node:crypto';
import { dimensionalReassessmentRecordedV1, goalStatusChangedV1, treatmentPlanSignedV1 } from '@iop/domain-events';
import { evidenceFeed } from '../testing/evidence-feed';
import { daysFromToday, type Harness, startAdmissions } from '../testing/admissions-test-app';
import { ContinuedStayReviews } from './continued-stay-reviews';
import { ScheduledReviewsJob } from './scheduled-reviews.job';

describe('continued-stay reviews and discharge', () => {
  let h: Harness;
  let feed: ReturnType<typeof evidenceFeed>;
  beforeAll(async () => {
    h = await startAdmissions('reviews');
    feed = evidenceFeed(h.t.app, h.pool, h.tenant);
  });
  afterAll(async () => h?.close());

  const discharge = (episodeId: string, over: Record<string, unknown> = {}) =>
    h.call('POST', `/v1/episodes/${episodeId}/discharge`, 'clinician', { reason: 'completed', dischargedAt: new Date().toISOString(), joinAlumni: false, ...over });
  /** Goals all achieved and ratings that now place the patient at Level 1: the criteria recommend stepping down. */
  async function goalsMet(episodeId: string, patientId: string) {
    const planId = randomUUID();
    await feed(treatmentPlanSignedV1, { planId, episodeId, patientId, version: 1, goalCount: 1, signedAt: new Date().toISOString() });
    await feed(goalStatusChangedV1, { planId, goalId: randomUUID(), episodeId, patientId, from: 'in-progress', to: 'achieved', changedAt: new Date().toISOString() });
    await feed(dimensionalReassessmentRecordedV1, { reassessmentId: randomUUID(), episodeId, patientId, criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 1, d6: 1 }, recordedAt: new Date().toISOString() });
  }

  it('reviews on request: without evidence it continues and flags the missing reassessment', async () => {
    const { episodeId } = await h.admitted();
    const res = await h.call('POST', `/v1/episodes/${episodeId}/reviews`, 'clinician');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ episodeId, trigger: 'request', recommendation: 'continue', criteriaFired: expect.any(Array) });
    expect(res.body.alerts.map((a: { id: string }) => a.id)).toContain('reassessment.latest-ratings-missing');
    const list = await h.call('GET', `/v1/episodes/${episodeId}/reviews`, 'nurse');
    expect(list.body.items).toEqual([expect.objectContaining({ reviewId: res.body.reviewId, reviewedBy: 'clinician-user' })]);
    expect((await h.call('GET', `/v1/episodes/${episodeId}/reviews`, 'front-desk')).status).toBe(403);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/reviews`, 'intake')).status).toBe(403);
  });

  it('reviews when new evidence arrives, and recommends stepping down once goals are met', async () => {
    const { episodeId, patientId } = await h.admitted();
    await goalsMet(episodeId, patientId);
    const reviews = (await h.call('GET', `/v1/episodes/${episodeId}/reviews`, 'clinician')).body.items;
    expect(reviews.map((r: { trigger: string }) => r.trigger)).toEqual(['evidence', 'evidence']);
    expect(reviews[0]).toMatchObject({ recommendation: 'step-down', criteriaFired: expect.arrayContaining(['step-down.goals-achieved']) });
    expect(reviews[0].evidence).toMatchObject({ goals: { total: 1, achieved: 1 }, latestRatings: { d5: 1 }, currentLevel: '2.1' });
  });

  it('discharges when the latest review backs the reason, else only with an override reason; twice is a 409 appending nothing', async () => {
    const { episodeId, patientId } = await h.admitted();
    expect((await discharge(episodeId)).status).toBe(400);
    await goalsMet(episodeId, patientId);
    const res = await discharge(episodeId, { joinAlumni: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reason: 'completed', overridden: false, backedByReviewId: expect.any(String) });
    const before = await h.eventCount(`episode-${episodeId}`);
    const again = await discharge(episodeId, { overrideReason: 'again' });
    expect(again.status).toBe(409);
    expect(await h.eventCount(`episode-${episodeId}`)).toBe(before);
    expect((await h.call('GET', `/v1/episodes/${episodeId}`, 'clinician')).body).toMatchObject({ status: 'finished', dischargeReason: 'completed', joinedAlumni: true });
    expect((await h.call('GET', `/v1/patients/${patientId}`, 'intake')).body.alumni).toBe(true);
  });

  it('discharges against medical advice with the reason, and refuses a discharge before admission', async () => {
    const { episodeId } = await h.admitted();
    expect((await discharge(episodeId, { reason: 'against-medical-advice' })).body.type).toContain('discharge-override-reason-required');
    const res = await discharge(episodeId, { reason: 'against-medical-advice', overrideReason: 'left after week 2' });
    expect(res.body).toMatchObject({ overridden: true, backedByReviewId: null });
    const unknown = randomUUID();
    expect((await discharge(unknown, { overrideReason: 'x' })).status).toBe(409);
    expect(await h.eventCount(`episode-${unknown}`)).toBe(0);
    expect((await discharge(episodeId, { reason: 'graduated' })).status).toBe(400);
  });

  it('lists the episodes due for review of one care-team member (a clinician\'s own patients)', async () => {
    const admitted = () => h.admitted({ startDate: daysFromToday(-10), referral: { referredAt: new Date(Date.now() - 20 * 86_400_000).toISOString() } });
    const [mine, theirs] = [await admitted(), await admitted()];
    const member = `kim-${randomUUID()}`;
    expect((await h.call('POST', `/v1/episodes/${mine.episodeId}/care-team`, 'supervisor', { staffId: member, role: 'primary-counselor' })).status).toBe(201);
    expect((await h.call('POST', `/v1/episodes/${theirs.episodeId}/care-team`, 'supervisor', { staffId: `lee-${randomUUID()}`, role: 'primary-counselor' })).status).toBe(201);
    const ids = async (query: string) => {
      const res = await h.call('GET', `/v1/episodes/due-for-review?limit=200${query}`, 'clinician');
      expect(res.status).toBe(200);
      return res.body.items.map((e: { episodeId: string }) => e.episodeId);
    };
    expect(await ids(`&careTeamMember=${member}`)).toEqual([mine.episodeId]);
    expect(await ids('')).toEqual(expect.arrayContaining([mine.episodeId, theirs.episodeId]));
    expect((await h.call('GET', '/v1/episodes/due-for-review?careTeamMember=', 'clinician')).status).toBe(400);
  });

  it('reviews every active episode a week past its last review, once, on schedule', async () => {
    const started = await h.admitted({ startDate: daysFromToday(-10), referral: { referredAt: new Date(Date.now() - 20 * 86_400_000).toISOString() } });
    const fresh = await h.admitted();
    const due = await h.call('GET', '/v1/episodes/due-for-review', 'clinician');
    expect(due.body.items.map((e: { episodeId: string }) => e.episodeId)).toContain(started.episodeId);
    const reviewed = await h.t.app.get(ContinuedStayReviews).reviewDue(new Date().toISOString(), h.tenant);
    expect(reviewed).toContain(started.episodeId);
    expect(reviewed).not.toContain(fresh.episodeId);
    expect(await h.t.app.get(ContinuedStayReviews).reviewDue(new Date().toISOString(), h.tenant)).toEqual([]);
    const list = await h.call('GET', `/v1/episodes/${started.episodeId}/reviews`, 'clinician');
    expect(list.body.items).toEqual([expect.objectContaining({ trigger: 'schedule', reviewedBy: 'service:admissions' })]);
    const nextWeek = new Date(Date.now() + 8 * 86_400_000).toISOString();
    expect(await h.t.app.get(ScheduledReviewsJob).tick(nextWeek)).toEqual(expect.arrayContaining([started.episodeId, fresh.episodeId]));
    expect((await h.call('POST', '/v1/reviews/scheduled-run', 'admin')).body).toEqual({ reviewed: [] });
  });

  it('readmits an alumnus with the earlier episode linked', async () => {
    const first = await h.admitted();
    await discharge(first.episodeId, { reason: 'administrative', overrideReason: 'insurance ended', joinAlumni: true });
    const again = await h.refer({ patient: undefined, patientId: first.patientId, source: 'alumni' });
    expect(again.patientId).toBe(first.patientId);
    await h.assess(again.referralId);
    const res = await h.call('POST', `/v1/referrals/${again.referralId}/admission`, 'intake', { locationId: first.locationId, track: 'evening', startDate: daysFromToday(1), levelOfCare: '2.1' });
    expect(res.status).toBe(201);
    expect((await h.call('GET', `/v1/episodes/${res.body.episodeId}`, 'clinician')).body.previousEpisodeIds).toEqual([first.episodeId]);
  });
});
