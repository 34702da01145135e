/**
 * The treatment plan through HTTP: drafted per episode, signed by its author, acknowledged for the patient, goals
 * tracked, revised into new versions, and listed when its initial signature or periodic review is overdue.
 */
import { randomUUID } from 'node:crypto';
import { diagnosisRecordedV1, diagnosisRemovedV1 } from '@iop/domain-events';
import { ClinicalNotesKit, type Episode } from '../testing/clinical-notes.test-kit';

const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const goal = (description: string, goalId?: string) => ({
  ...(goalId ? { goalId } : {}), description, targetDate: '2026-06-01',
  objectives: [{ description: 'Attend 12 h a week', measure: 'attendance summary', targetDate: '2026-05-01' }],
  interventions: [{ description: 'Relapse-prevention group', frequency: '4x weekly', responsibleStaff: 'alice' }],
});
const plan = (goals = [goal('Sustain abstinence')]) => ({ problems: [{ description: 'Alcohol use disorder, moderate', asamDimensions: ['d5', 'd6'], goals }] });

let kit: ClinicalNotesKit;
let alice: string;
let bob: string;

const post = (path: string, token: string, body?: object) => kit.t.request('POST', path, { token, body });
const overdueIds = async (asOf: string) => ((await kit.t.request('GET', `/v1/treatment-plans/overdue?asOf=${asOf}`, { token: alice })).body.items as { episodeId: string; reason: string }[]);

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('plans');
  [alice, bob] = await Promise.all([kit.token(['clinician'], 'alice'), kit.token(['clinician'], 'bob')]);
});
afterAll(() => kit?.close());

describe('treatment plan', () => {
  let episode: Episode;
  let planId: string;
  let goalId: string;

  beforeAll(async () => {
    episode = await kit.admit();
  });

  it('is drafted once per episode, with problems linked to ASAM dimensions', async () => {
    const created = await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, plan());
    expect(created.status).toBe(201);
    planId = created.body.planId;
    expect((await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, plan())).status).toBe(409);
    const read = await kit.t.request('GET', `/v1/episodes/${episode.episodeId}/treatment-plan`, { token: bob });
    expect(read.body).toMatchObject({ planId, status: 'draft', version: 1, signedVersion: 0, problems: [{ asamDimensions: ['d5', 'd6'], goals: [{ status: 'not-started' }] }] });
    goalId = read.body.problems[0].goals[0].goalId;
  });

  it('is signed by its author only, then acknowledged for the patient once', async () => {
    expect((await post(`/v1/treatment-plans/${planId}/sign`, bob)).status).toBe(403);
    expect((await post(`/v1/treatment-plans/${planId}/acknowledge`, alice, { method: 'signature' })).status).toBe(409);
    expect((await post(`/v1/treatment-plans/${planId}/sign`, alice)).body).toMatchObject({ status: 'signed', signedVersion: 1 });
    const nurse = await kit.token(['nurse'], 'nina');
    expect((await post(`/v1/treatment-plans/${planId}/acknowledge`, nurse, { method: 'verbal' })).body).toMatchObject({ acknowledged: true });
    expect((await post(`/v1/treatment-plans/${planId}/acknowledge`, nurse, { method: 'verbal' })).status).toBe(409);
  });

  it('tracks goal status; an unknown goal is 404, an unknown status 400', async () => {
    const changed = await post(`/v1/treatment-plans/${planId}/goals/${goalId}/status`, bob, { status: 'in-progress' });
    expect(changed.body.problems[0].goals[0]).toMatchObject({ goalId, status: 'in-progress' });
    expect((await post(`/v1/treatment-plans/${planId}/goals/${episode.episodeId}/status`, bob, { status: 'achieved' })).status).toBe(404);
    expect((await post(`/v1/treatment-plans/${planId}/goals/${goalId}/status`, bob, { status: 'done' })).status).toBe(400);
  });

  it('a revision of the signed plan is version 2; goals it keeps keep their status', async () => {
    const revised = await kit.t.request('PUT', `/v1/treatment-plans/${planId}`, { token: bob, body: plan([goal('Sustain abstinence', goalId), goal('Return to work')]) });
    expect(revised.body).toMatchObject({ status: 'draft', version: 2, signedVersion: 1, author: 'bob' });
    expect(revised.body.problems[0].goals.map((g: { status: string }) => g.status)).toEqual(['in-progress', 'not-started']);
    expect((await post(`/v1/treatment-plans/${planId}/sign`, bob)).body).toMatchObject({ status: 'signed', signedVersion: 2, acknowledged: false });
  });

  it('falls due for review 30 days after signing', async () => {
    expect((await overdueIds(dayFromNow(30))).map((o) => o.episodeId)).not.toContain(episode.episodeId);
    expect(await overdueIds(dayFromNow(31))).toContainEqual(expect.objectContaining({ episodeId: episode.episodeId, reason: 'review' }));
    expect((await post(`/v1/treatment-plans/${planId}/reviews`, alice)).status).toBe(201);
  });
});

describe('bad plans', () => {
  it('refuses a goal without objectives, an unknown ASAM dimension, and a discharged episode', async () => {
    const episode = await kit.admit();
    const noObjectives = { problems: [{ ...plan().problems[0], goals: [{ ...goal('x'), objectives: [] }] }] };
    const res = await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, noObjectives);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'problems.0.goals.0.objectives' })]);
    expect((await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, { problems: [{ ...plan().problems[0], asamDimensions: ['d7'] }] })).status).toBe(400);
    await kit.discharge(episode);
    expect((await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, plan())).status).toBe(409);
  });

  it("another tenant's plan is not found", async () => {
    const theirs = await kit.admit({ tenant: `${kit.tenant}-b` });
    const { planId } = (await post(`/v1/episodes/${theirs.episodeId}/treatment-plan`, await kit.token(['clinician'], 'olga', theirs.tenant), plan())).body;
    expect((await kit.t.request('GET', `/v1/treatment-plans/${planId}`, { token: alice })).status).toBe(404);
    expect((await post(`/v1/treatment-plans/${planId}/sign`, alice)).status).toBe(404);
  });
});

describe('structured care in the plan', () => {
  const therapy = { description: 'Individual CBT', responsibleStaff: 'alice', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, responsibleRole: 'clinician' };
  const withCare = (interventions: object[], extra: object = {}) => ({ problems: [{ ...plan().problems[0], ...extra, goals: [{ ...goal('Stay abstinent'), interventions }] }] });

  it('keeps service, cadence, duration, role and the problem\'s diagnosis, and still reads free-text interventions', async () => {
    const episode = await kit.admit();
    const diagnosisId = '0d6f3a52-7b1e-4c9a-8f2d-5e6a7b8c9d0e';
    const created = await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, withCare([therapy, { description: 'Journal', responsibleStaff: 'alice' }], { diagnosisId }));
    expect(created.status).toBe(201);
    const read = await kit.t.request('GET', `/v1/treatment-plans/${created.body.planId}`, { token: bob });
    expect(read.body.problems[0]).toMatchObject({ diagnosisId, goals: [{ interventions: [therapy, { description: 'Journal', responsibleStaff: 'alice' }] }] });
    expect((await post(`/v1/treatment-plans/${created.body.planId}/sign`, alice)).body).toMatchObject({ status: 'signed' });
  });

  it('refuses a role that does not fit the service, a missing cadence and an unknown service, naming the fields', async () => {
    const episode = await kit.admit();
    const consult = { ...therapy, service: 'psychiatric-consultation', responsibleStaff: 'dr-lee' };
    const { cadence: _cadence, ...noCadence } = therapy;
    const res = await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, withCare([consult, noCadence]));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: expect.stringContaining('invalid-plan') });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'problems.0.goals.0.interventions.0.responsibleRole', 'problems.0.goals.0.interventions.1.cadence',
    ]);
    expect((await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, withCare([{ ...therapy, service: 'yoga' }]))).status).toBe(400);
    expect((await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, alice, withCare([therapy], { diagnosisId: 'F11.20' }))).status).toBe(400);
  });

  it("checks a problem's diagnosis against what admissions published: another episode's or a removed one is refused", async () => {
    const [mine, theirs] = [await kit.admit(), await kit.admit()];
    const recorded = (episode: Episode) => ({ ...diagnosisRecordedV1.example, diagnosisId: randomUUID(), episodeId: episode.episodeId, patientId: episode.patientId });
    const [ours, other, removed] = [recorded(mine), recorded(theirs), recorded(mine)];
    for (const d of [ours, other, removed]) await kit.publish(diagnosisRecordedV1, d);
    await kit.publish(diagnosisRemovedV1, { diagnosisId: removed.diagnosisId, episodeId: mine.episodeId, patientId: mine.patientId, reason: 'entered-in-error', removedAt: new Date().toISOString() });
    const draft = (diagnosisId: string) => post(`/v1/episodes/${mine.episodeId}/treatment-plan`, alice, withCare([therapy], { diagnosisId }));
    for (const id of [other.diagnosisId, removed.diagnosisId]) {
      const res = await draft(id);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'problems.0.diagnosisId' })]);
    }
    expect((await draft(ours.diagnosisId)).status).toBe(201);
  });
});

