/**
 * The documentation queue's reads against real PostgreSQL: an author's drafts (GET /v1/notes?author=me&status=draft),
 * notes owed a co-signature from both sides (GET /v1/notes/awaiting-cosign), plans falling due soon for one primary
 * clinician (GET /v1/treatment-plans/overdue?dueWithinDays=&clinician=); keyset pages, audit rows, problem+json on bad input.
 */
import { ClinicalNotesKit, type Episode } from '../testing/clinical-notes.test-kit';

type Item = { noteId: string; author: string; status: string; episodeId: string; patientId: string; cosignRequired: boolean | null };

let kit: ClinicalNotesKit;
let episode: Episode;
let alice: string;
let bob: string;

const draft = async (token: string) =>
  (await kit.t.request('POST', '/v1/notes', { token, body: { episodeId: episode.episodeId, type: 'case-management', body: 'Called the pharmacy.' } })).body.noteId as string;
const sign = (token: string, noteId: string) => kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token });
const items = async (token: string, path: string) => {
  const res = await kit.t.request('GET', path, { token });
  expect(res.status).toBe(200);
  return res.body.items as Item[];
};

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('worklists');
  episode = await kit.admit();
  [alice, bob] = await Promise.all([kit.token(['clinician'], 'alice'), kit.token(['clinician'], 'bob')]);
});
afterAll(() => kit?.close());

describe('GET /v1/notes?author=me&status=draft', () => {
  it("lists the caller's unsigned drafts only, oldest first, in keyset pages", async () => {
    const [a1, a2, a3] = [await draft(alice), await draft(alice), await draft(alice)];
    await draft(bob);
    expect((await sign(alice, a2)).status).toBe(200);

    const mine = await items(alice, '/v1/notes?author=me&status=draft');
    expect(mine.map((n) => n.noteId)).toEqual([a1, a3]);
    expect(mine[0]).toMatchObject({ author: 'alice', status: 'draft', episodeId: episode.episodeId, patientId: episode.patientId, cosignRequired: null });
    expect((await items(bob, '/v1/notes?author=alice&status=signed')).map((n) => n.noteId)).toEqual([a2]);

    const first = await kit.t.request('GET', '/v1/notes?author=me&status=draft&limit=1', { token: alice });
    expect(first.body.items.map((n: Item) => n.noteId)).toEqual([a1]);
    const second = await kit.t.request('GET', `/v1/notes?author=me&status=draft&limit=1&cursor=${first.body.nextCursor}`, { token: alice });
    expect(second.body).toEqual({ items: [expect.objectContaining({ noteId: a3 })], nextCursor: null });
  });

  it("writes an audit row for each patient shown", async () => {
    const before = await kit.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE actor = 'bob' AND resource = 'notes' AND patient_id = $1", [episode.patientId]);
    await items(bob, '/v1/notes?author=me&status=draft');
    const after = await kit.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE actor = 'bob' AND resource = 'notes' AND patient_id = $1", [episode.patientId]);
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });

  it.each([
    ['an unknown status', '/v1/notes?status=lost', 'status'],
    ['a cursor of another list', `/v1/notes?cursor=${Buffer.from(JSON.stringify({ l: 'clinical-notes.missing-notes', k: [] })).toString('base64url')}`, 'cursor'],
    ['an empty author', '/v1/notes?author=', 'author'],
  ])('answers %s with a 400 problem', async (_, path, field) => {
    const res = await kit.t.request('GET', path, { token: alice });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.body.errors ?? [])).toContain(field);
  });
});

describe('GET /v1/notes/awaiting-cosign', () => {
  let ivy: string;
  let sam: string;
  beforeAll(async () => {
    const admin = await kit.token(['admin']);
    await kit.t.request('PUT', '/v1/documentation-settings', { token: admin, body: { planDueDays: 7, planReviewDays: 30, lateAfterHours: 72, cosignRequiredRoles: [], cosignRequiredCredentials: ['intern'] } });
    await kit.t.request('PUT', '/v1/staff-credentials/ivy', { token: admin, body: { credential: 'intern' } });
    [ivy, sam] = await Promise.all([kit.token(['clinician'], 'ivy'), kit.token(['supervisor'], 'sam')]);
  });

  it("shows the author their own note until a supervisor co-signs it, and the supervisor others' notes to co-sign", async () => {
    const noteId = await draft(ivy);
    expect((await sign(ivy, noteId)).body).toMatchObject({ cosignRequired: true });
    const unneeded = await draft(alice);
    await sign(alice, unneeded);

    expect((await items(ivy, '/v1/notes/awaiting-cosign')).map((n) => n.noteId)).toEqual([noteId]);
    expect((await items(ivy, '/v1/notes/awaiting-cosign?as=author')).map((n) => n.noteId)).toEqual([noteId]);
    const forSam = await items(sam, '/v1/notes/awaiting-cosign?as=cosigner');
    expect(forSam).toEqual([expect.objectContaining({ noteId, author: 'ivy', status: 'signed', cosignRequired: true })]);
    expect(await items(sam, '/v1/notes/awaiting-cosign?as=author')).toEqual([]);
    expect(await items(alice, '/v1/notes/awaiting-cosign')).toEqual([]);

    expect((await kit.t.request('POST', `/v1/notes/${noteId}/cosign`, { token: sam })).status).toBe(200);
    expect(await items(sam, '/v1/notes/awaiting-cosign')).toEqual([]);
    expect(await items(ivy, '/v1/notes/awaiting-cosign')).toEqual([]);
  });

  it('refuses the co-signer side to a role that never co-signs (403), and an unknown side (400)', async () => {
    const refused = await kit.t.request('GET', '/v1/notes/awaiting-cosign?as=cosigner', { token: ivy });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await kit.t.request('GET', '/v1/notes/awaiting-cosign?as=reader', { token: sam })).status).toBe(400);
  });
});

describe('GET /v1/treatment-plans/overdue?dueWithinDays=&clinician=', () => {
  it("adds the plans falling due soon, marked not overdue, and narrows to one primary clinician's episodes", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const fresh = await kit.admit({ startDate: today });
    expect((await kit.t.request('PUT', `/v1/episodes/${fresh.episodeId}/primary-clinician`, { token: alice, body: { clinician: 'alice' } })).status).toBe(200);
    const plans = async (query: string) =>
      ((await kit.t.request('GET', `/v1/treatment-plans/overdue?asOf=${today}${query}`, { token: alice })).body.items as { episodeId: string; overdue: boolean }[])
        .filter((p) => p.episodeId === fresh.episodeId);
    expect(await plans('')).toEqual([]);
    expect(await plans('&dueWithinDays=6')).toEqual([]);
    expect(await plans('&dueWithinDays=7')).toEqual([expect.objectContaining({ overdue: false, reason: 'initial-plan' })]);
    expect(await plans('&dueWithinDays=7&clinician=alice')).toHaveLength(1);
    expect(await plans('&dueWithinDays=7&clinician=bob')).toEqual([]);
    expect((await kit.t.request('GET', '/v1/treatment-plans/overdue?dueWithinDays=91', { token: alice })).status).toBe(400);
  });
});
