/**
 * Group notes through HTTP against the real module, fed attendance as scheduling publishes it: one summary written
 * once, a note in each participant's chart holding the summary and that participant's participation only, each
 * signed and co-signed as any note; a participant who did not attend the session is refused and nothing is written.
 */
import { ClinicalNotesKit, type Episode } from '../testing/clinical-notes.test-kit';

const SUMMARY = 'Relapse-prevention group: high-risk situations and a plan for each.';
let kit: ClinicalNotesKit;
let ann: Episode;
let ben: Episode;
let cal: Episode;
let dee: Episode;
let session: string;
let alice: string;

const eventCount = async () => (await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;
const write = (token: string, participants: { episodeId: string; participation: string }[], sessionId = session) =>
  kit.t.request('POST', '/v1/group-notes', { token, body: { sessionId, summary: SUMMARY, participants } });

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('group-notes');
  [ann, ben, cal, dee] = [await kit.admit(), await kit.admit(), await kit.admit(), await kit.admit()];
  session = await kit.attend(ann, { status: 'present' });
  await kit.attend(ben, { sessionId: session, status: 'left-early', minutesAttended: 60 });
  await kit.attend(cal, { sessionId: session, status: 'absent-excused', minutesAttended: 0 });
  alice = await kit.token(['clinician'], 'alice');
});
afterAll(() => kit?.close());

describe('a group note', () => {
  it("puts a note in each participant's chart with the summary and that participant's participation only", async () => {
    const res = await write(alice, [
      { episodeId: ann.episodeId, participation: 'Ann named two triggers and a plan for each.' },
      { episodeId: ben.episodeId, participation: 'Ben listened; left early for work.' },
    ]);
    expect(res.status).toBe(201);
    const { groupNoteId, notes } = res.body;
    expect(notes.map((n: { episodeId: string }) => n.episodeId)).toEqual([ann.episodeId, ben.episodeId]);

    for (const [episode, mine, theirs, other] of [[ann, 'Ann named', 'Ben listened', ben], [ben, 'Ben listened', 'Ann named', ann]] as const) {
      const listed = await kit.t.request('GET', `/v1/episodes/${episode.episodeId}/notes`, { token: alice });
      const noteId = notes.find((n: { episodeId: string }) => n.episodeId === episode.episodeId).noteId;
      expect(listed.body.items).toEqual([expect.objectContaining({ noteId, type: 'group-session', status: 'draft', sessionId: session, author: 'alice' })]);
      const note = await kit.t.request('GET', `/v1/notes/${noteId}`, { token: alice });
      expect(note.body).toMatchObject({ episodeId: episode.episodeId, patientId: episode.patientId, groupSummary: SUMMARY, body: expect.stringContaining(mine) });
      const text = JSON.stringify(note.body);
      for (const foreign of [theirs, other.episodeId, other.patientId]) expect(text).not.toContain(foreign);
    }

    const group = await kit.t.request('GET', `/v1/group-notes/${groupNoteId}`, { token: await kit.token(['nurse'], 'nina') });
    expect(group.status).toBe(200);
    expect(group.body).toEqual({
      groupNoteId, sessionId: session, author: 'alice', summary: SUMMARY, writtenAt: expect.any(String),
      notes: notes.map((n: object) => ({ ...n, status: 'draft' })),
    });
    expect(JSON.stringify(group.body)).not.toMatch(/Ann named|Ben listened/);
    const listed = await kit.t.request('GET', `/v1/group-notes?sessionId=${session}`, { token: alice });
    expect(listed.body).toEqual({ items: [{ groupNoteId, sessionId: session, author: 'alice', participants: 2, writtenAt: expect.any(String) }], nextCursor: null });
    const audited = await kit.pool.query("SELECT patient_id FROM audit_log WHERE resource = $1 AND action = 'read'", [`group-note/${groupNoteId}`]);
    expect(audited.rows.map((r) => r.patient_id).sort()).toEqual([ann.patientId, ben.patientId].sort());
  });

  it('has notes signed by their author and co-signed where the clinic requires it, each on its own', async () => {
    const admin = await kit.token(['admin']);
    await kit.t.request('PUT', '/v1/documentation-settings', { token: admin, body: { planDueDays: 7, planReviewDays: 30, lateAfterHours: 72, cosignRequiredRoles: [], cosignRequiredCredentials: ['intern'] } });
    await kit.t.request('PUT', '/v1/staff-credentials/ivy', { token: admin, body: { credential: 'intern' } });
    const ivy = await kit.token(['clinician'], 'ivy');
    const { groupNoteId, notes } = (await write(ivy, [
      { episodeId: ann.episodeId, participation: 'Practised refusal skills.' }, { episodeId: ben.episodeId, participation: 'Quiet; engaged when asked.' },
    ])).body;
    const [first, second] = notes.map((n: { noteId: string }) => n.noteId);
    expect((await kit.t.request('POST', `/v1/notes/${first}/sign`, { token: alice })).status).toBe(403);
    expect((await kit.t.request('POST', `/v1/notes/${first}/sign`, { token: ivy })).body).toMatchObject({ status: 'signed', cosignRequired: true, late: false });
    expect((await kit.t.request('POST', `/v1/notes/${second}/sign`, { token: ivy })).body).toMatchObject({ status: 'signed', cosignRequired: true });
    const sam = await kit.token(['supervisor'], 'sam');
    expect((await kit.t.request('POST', `/v1/notes/${first}/cosign`, { token: sam })).body).toEqual({ noteId: first, status: 'cosigned' });
    const group = await kit.t.request('GET', `/v1/group-notes/${groupNoteId}`, { token: alice });
    expect(group.body.notes.map((n: { status: string }) => n.status)).toEqual(['cosigned', 'signed']);
    expect((await kit.t.request('PATCH', `/v1/notes/${second}`, { token: ivy, body: { body: 'changed' } })).status).toBe(409);
  });

  it('refuses a participant who did not attend the session (absent, or not on it) and writes nothing', async () => {
    const before = await eventCount();
    const res = await write(alice, [
      { episodeId: ann.episodeId, participation: 'Took part.' },
      { episodeId: cal.episodeId, participation: 'Took part.' },
      { episodeId: dee.episodeId, participation: 'Took part.' },
      { episodeId: ann.episodeId, participation: 'Again.' },
    ]);
    expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(res.body.type).toContain('invalid-group-note');
    expect(res.body.errors).toEqual([
      { path: 'participants.1.episodeId', message: 'was absent-excused at this session' },
      { path: 'participants.2.episodeId', message: 'has no attendance recorded for this session' },
      { path: 'participants.3.episodeId', message: 'appears more than once' },
    ]);
    expect(await eventCount()).toBe(before);
  });

  it('refuses bad input field by field, an episode this service never heard of (404), and reads nobody else\'s', async () => {
    const other = await kit.admit({ tenant: `${kit.tenant}-other` });
    const before = await eventCount();
    const blank = await kit.t.request('POST', '/v1/group-notes', { token: alice, body: { sessionId: session, summary: '  ', participants: [{ episodeId: ann.episodeId, participation: '' }] } });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['participants.0.participation', 'summary']);
    expect((await kit.t.request('POST', '/v1/group-notes', { token: alice, body: { sessionId: session, summary: SUMMARY, participants: [] } })).status).toBe(400);
    expect((await write(alice, [{ episodeId: '00000000-0000-4000-8000-000000000000', participation: 'x' }])).status).toBe(404);
    expect((await write(alice, [{ episodeId: other.episodeId, participation: 'x' }])).status).toBe(404);
    expect(await eventCount()).toBe(before);
    expect((await kit.t.request('GET', '/v1/group-notes/00000000-0000-4000-8000-000000000000', { token: alice })).status).toBe(404);
  });
});
