/**
 * Session notes through HTTP against the real module: the draft -> signed -> co-signed lifecycle, amendments shown
 * with the original, late entries, and bad input answered with problem+json and nothing written.
 */
import { ClinicalNotesKit, type Episode } from '../testing/clinical-notes.test-kit';

const HOUR = 3_600_000;
let kit: ClinicalNotesKit;
let episode: Episode;
let alice: string;
let bob: string;

const eventCount = async () => (await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;
const draft = async (token: string, body: object = {}) =>
  kit.t.request('POST', '/v1/notes', { token, body: { episodeId: episode.episodeId, type: 'individual-session', body: 'Worked on triggers.', ...body } });

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('notes');
  episode = await kit.admit();
  [alice, bob] = await Promise.all([kit.token(['clinician'], 'alice'), kit.token(['clinician'], 'bob')]);
});
afterAll(() => kit?.close());

describe('a session note', () => {
  it('is drafted, edited by its author, signed, then locked; corrections are amendments shown with the original', async () => {
    const created = await draft(alice);
    expect(created.status).toBe(201);
    const { noteId } = created.body;
    const read = await kit.t.request('GET', `/v1/notes/${noteId}`, { token: bob });
    expect(read.body).toMatchObject({ status: 'draft', author: 'alice', body: 'Worked on triggers.' });
    expect((await kit.t.request('PATCH', `/v1/notes/${noteId}`, { token: alice, body: { body: 'Worked on triggers and cravings.' }, headers: { 'if-match': String(read.headers.etag) } })).status).toBe(200);
    expect((await kit.t.request('PATCH', `/v1/notes/${noteId}`, { token: alice, body: { body: 'stale' }, headers: { 'if-match': String(read.headers.etag) } })).status).toBe(409);

    const signed = await kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token: alice });
    expect(signed.body).toMatchObject({ status: 'signed', late: false, cosignRequired: false });
    const edit = await kit.t.request('PATCH', `/v1/notes/${noteId}`, { token: alice, body: { body: 'changed' } });
    expect(edit.status).toBe(409);
    expect(edit.headers['content-type']).toContain('application/problem+json');

    const amended = await kit.t.request('POST', `/v1/notes/${noteId}/amendments`, { token: bob, body: { body: 'Also discussed sleep.', reason: 'omitted at signing' } });
    expect(amended.status).toBe(201);
    const after = await kit.t.request('GET', `/v1/notes/${noteId}`, { token: alice });
    expect(after.body).toMatchObject({ status: 'signed', body: 'Worked on triggers and cravings.', signature: { signedBy: 'alice', late: false } });
    expect(after.body.amendments).toEqual([expect.objectContaining({ amendmentId: amended.body.amendmentId, author: 'bob', body: 'Also discussed sleep.', reason: 'omitted at signing' })]);
  });

  it("refuses signing someone else's draft (403) and amending a draft (409: edit it instead)", async () => {
    const { noteId } = (await draft(alice)).body;
    expect((await kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token: bob })).status).toBe(403);
    const amend = await kit.t.request('POST', `/v1/notes/${noteId}/amendments`, { token: alice, body: { body: 'x', reason: 'y' } });
    expect(amend.status).toBe(409);
    expect(amend.body.detail).toContain('edit it instead');
    expect((await kit.t.request('GET', `/v1/notes/${noteId}`, { token: alice })).body.status).toBe('draft');
  });

  it('flags a note signed more than 72 hours after its session as a late entry', async () => {
    const sessionId = await kit.attend(episode, { sessionStartsAt: new Date(Date.now() - 73 * HOUR).toISOString() });
    const { noteId } = (await draft(alice, { sessionId })).body;
    expect((await kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token: alice })).body).toMatchObject({ late: true });
  });

  it('reads every note access into the audit log', async () => {
    const { noteId } = (await draft(alice)).body;
    await kit.t.request('GET', `/v1/notes/${noteId}`, { token: bob });
    const { rows } = await kit.pool.query("SELECT actor, action, patient_id FROM audit_log WHERE resource = $1 AND action = 'read'", [`note/${noteId}`]);
    expect(rows).toEqual([{ actor: 'bob', action: 'read', patient_id: episode.patientId }]);
  });
});

describe('co-signature', () => {
  beforeAll(async () => {
    const admin = await kit.token(['admin']);
    await kit.t.request('PUT', '/v1/documentation-settings', { token: admin, body: { planDueDays: 7, planReviewDays: 30, lateAfterHours: 72, cosignRequiredRoles: [], cosignRequiredCredentials: ['intern'] } });
    await kit.t.request('PUT', '/v1/staff-credentials/ivy', { token: admin, body: { credential: 'intern' } });
  });

  it("is required by the author's credential, given by a supervisor, never by the author", async () => {
    const ivy = await kit.token(['clinician', 'supervisor'], 'ivy');
    const { noteId } = (await draft(ivy)).body;
    expect((await kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token: ivy })).body).toMatchObject({ status: 'signed', cosignRequired: true });
    const own = await kit.t.request('POST', `/v1/notes/${noteId}/cosign`, { token: ivy });
    expect(own.status).toBe(403);
    const sam = await kit.token(['supervisor'], 'sam');
    expect((await kit.t.request('POST', `/v1/notes/${noteId}/cosign`, { token: sam })).body).toEqual({ noteId, status: 'cosigned' });
    expect((await kit.t.request('GET', `/v1/notes/${noteId}`, { token: alice })).body.cosignature).toMatchObject({ required: true, cosignedBy: 'sam' });
  });

  it('is refused for a note whose author needs none', async () => {
    const { noteId } = (await draft(alice)).body;
    await kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token: alice });
    expect((await kit.t.request('POST', `/v1/notes/${noteId}/cosign`, { token: await kit.token(['supervisor'], 'sam') })).status).toBe(409);
  });
});

describe('bad input: problem+json, nothing written', () => {
  type Case = { send: () => Promise<{ status: number; body: { errors?: { path: string }[] } }>; status: number; path?: string };
  const cases: [string, Case][] = [
    ['an empty body', { send: () => draft(alice, { body: '  ' }), status: 400, path: 'body' }],
    ['an unknown note type', { send: () => draft(alice, { type: 'poem' }), status: 400, path: 'type' }],
    ['a crisis note without a risk level', { send: () => draft(alice, { type: 'crisis' }), status: 400, path: 'crisis' }],
    ['an unknown field', { send: () => draft(alice, { mood: 'ok' }), status: 400, path: 'mood' }],
    ['an episode this service never heard of', { send: () => draft(alice, { episodeId: '00000000-0000-4000-8000-000000000000' }), status: 404 }],
  ];
  it.each(cases)('%s', async (_, { send, status, path }) => {
    const before = await eventCount();
    const res = await send();
    expect(res.status).toBe(status);
    if (path) expect(res.body.errors?.map((e) => e.path)).toContain(path);
    expect(await eventCount()).toBe(before);
  });

  it("another tenant's episode and notes are not found (404)", async () => {
    const other = await kit.admit({ tenant: `${kit.tenant}-other` });
    expect((await draft(alice, { episodeId: other.episodeId })).status).toBe(404);
    const theirs = (await kit.t.request('POST', '/v1/notes', { token: await kit.token(['clinician'], 'olga', other.tenant), body: { episodeId: other.episodeId, type: 'case-management', body: 'x' } })).body.noteId;
    for (const path of [`/v1/notes/${theirs}`, `/v1/notes/${theirs}/verification`]) expect((await kit.t.request('GET', path, { token: alice })).status).toBe(404);
    expect((await kit.t.request('POST', `/v1/notes/${theirs}/amendments`, { token: alice, body: { body: 'x', reason: 'y' } })).status).toBe(404);
  });
});
