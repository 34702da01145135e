/**
 * ASAM reassessments through HTTP: the admission assessment's shape, ratings checked by @iop/asam-criteria, the
 * rationale kept here while the ratings are published for admissions' continued-stay reviews.
 */
import { TOPICS } from '@iop/domain-events';
import { testKafka, uniqueId } from '@iop/testing';
import { ClinicalNotesKit, until, type Episode } from '../testing/clinical-notes.test-kit';

let kit: ClinicalNotesKit;
let alice: string;
let episode: Episode;
const ratings = { d1: 0, d2: 0, d3: 1, d4: 2, d5: 3, d6: 2 };
const reassess = (body: object, e: Episode = episode) => kit.t.request('POST', `/v1/episodes/${e.episodeId}/reassessments`, { token: alice, body });
const eventCount = async () => (await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;

async function firstPublished(type: string): Promise<Record<string, unknown>> {
  const consumer = testKafka().consumer({ groupId: uniqueId('reassessment-reader'), maxWaitTimeInMs: 200 });
  let found: Record<string, unknown> | undefined;
  await consumer.connect();
  await consumer.subscribe({ topic: kit.prefix + TOPICS.clinicalNotes, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void (String(message.headers?.ce_type) === type && (found = JSON.parse(message.value!.toString()))) });
  try {
    await until(() => found !== undefined, 30_000);
    return found!;
  } finally {
    await consumer.disconnect();
  }
}

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('reassess');
  alice = await kit.token(['clinician'], 'alice');
  episode = await kit.admit();
});
afterAll(() => kit?.close());

describe('reassessments', () => {
  it('records the ratings and publishes them without the rationale', async () => {
    const res = await reassess({ criteriaEdition: 4, ratings, rationale: { d5: 'cravings after a family conflict' } });
    expect(res.status).toBe(201);
    expect(await firstPublished('iop.clinical-notes.DimensionalReassessmentRecorded.v1')).toEqual({
      reassessmentId: res.body.reassessmentId, episodeId: episode.episodeId, patientId: episode.patientId, criteriaEdition: 4, ratings, recordedAt: expect.any(String),
    });
  });

  it('refuses ratings out of range or missing, naming each dimension, and writes nothing', async () => {
    const before = await eventCount();
    const res = await reassess({ criteriaEdition: 3, ratings: { ...ratings, d2: 5, d6: undefined } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ path: 'ratings.d2', message: 'must be an integer from 0 to 4' }, { path: 'ratings.d6', message: 'is required' }]);
    expect((await reassess({ criteriaEdition: 5, ratings })).status).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('is 404 for an episode not heard of, 409 once discharged', async () => {
    expect((await reassess({ criteriaEdition: 3, ratings }, { ...episode, episodeId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const discharged = await kit.admit();
    await kit.discharge(discharged);
    expect((await reassess({ criteriaEdition: 3, ratings }, discharged)).status).toBe(409);
  });
});
