/**
 * ASAM reassessments through HTTP: the admission assessment's shape, ratings checked by @iop/asam-criteria, the
 * rationale kept here while the ratings are published for admissions' continued-stay reviews; and their read (newest
 * first in keyset pages, the rationale to the assessing roles only, audited, refilled by a rebuild).
 */
import { TOPICS } from '@iop/domain-events';
import { withTenant } from '@iop/platform';
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

describe('the reassessments read', () => {
  const list = (token: string, e: Episode, query = '') => kit.t.request('GET', `/v1/episodes/${e.episodeId}/reassessments${query}`, { token });

  it('lists an episode\'s reassessments newest first, in keyset pages, the rationale to the assessing roles only, every read audited', async () => {
    const own = await kit.admit();
    const first = await reassess({ criteriaEdition: 3, ratings, rationale: { d4: 'ambivalent about the evening group' } }, own);
    expect(first.status).toBe(201);
    const second = await reassess({ criteriaEdition: 3, ratings: { ...ratings, d5: 2 } }, own);
    expect(second.status).toBe(201);

    const page = await list(alice, own, '?limit=1');
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([{
      reassessmentId: second.body.reassessmentId, episodeId: own.episodeId, criteriaEdition: 3, ratings: { ...ratings, d5: 2 },
      recordedBy: 'alice', recordedAt: expect.any(String),
    }]);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await list(alice, own, `?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(next.status).toBe(200);
    expect(next.body.items.map((r: { reassessmentId: string }) => r.reassessmentId)).toEqual([first.body.reassessmentId]);
    expect(next.body.items[0].rationale).toEqual({ d4: 'ambivalent about the evening group' });
    expect(next.body.nextCursor).toBeNull();

    // A nurse reads the ratings, not the clinical reasoning behind them.
    const nurse = await kit.token(['nurse'], 'nora');
    const asNurse = await list(nurse, own);
    expect(asNurse.status).toBe(200);
    expect(asNurse.body.items).toHaveLength(2);
    expect(asNurse.body.items.some((r: object) => 'rationale' in r)).toBe(false);

    const audited = await kit.pool.query("SELECT actor, patient_id FROM audit_log WHERE resource = $1 AND action = 'list' ORDER BY id", [`episode/${own.episodeId}/reassessments`]);
    expect(audited.rows.map((r) => r.patient_id)).toEqual([own.patientId, own.patientId, own.patientId]);
  });

  it('lists reassessments recorded before its table was filled, once the operator rebuilds it from the chart streams', async () => {
    const own = await kit.admit();
    const recorded = await reassess({ criteriaEdition: 4, ratings }, own);
    expect(recorded.status).toBe(201);
    // As if the table had just been created by its migration: the events are there, the rows are not.
    const deleted = await withTenant(kit.pool, kit.tenant, (c) => c.query('DELETE FROM reassessments WHERE episode_id = $1', [own.episodeId]));
    expect(deleted.rowCount).toBe(1);
    expect((await list(alice, own)).body.items).toEqual([]);
    const operator = await kit.token(['operator'], 'ops');
    expect((await kit.t.request('POST', '/v1/admin/projections/reassessments/rebuild', { token: operator })).status).toBe(202);
    await until(async () => (await kit.t.request('GET', '/v1/admin/projections/reassessments/rebuild', { token: operator })).body.done === true, 30_000);
    expect((await list(alice, own)).body.items.map((r: { reassessmentId: string }) => r.reassessmentId)).toEqual([recorded.body.reassessmentId]);
  });

  it('is an empty page for an episode without one, 404 for one not heard of, 400 for a bad cursor, and another tenant sees none', async () => {
    const fresh = await kit.admit();
    const empty = await list(alice, fresh);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
    expect((await list(alice, { ...fresh, episodeId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const bad = await list(alice, fresh, '?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const stranger = await kit.token(['clinician'], 'mallory', 'another-tenant');
    expect((await list(stranger, episode)).status).toBe(404);
  });
});
