/**
 * Consumers fed real CloudEvents through Kafka (toKafkaMessage into this file's topic namespace): PatientAdmitted
 * opens the chart and makes a plan due, AttendanceRecorded makes a note due, PatientDischarged makes a discharge
 * summary due. What a user sees: notes accepted for known episodes only, the missing-notes and overdue-plan lists.
 */
import { randomUUID } from 'node:crypto';
import { patientAdmittedV1 } from '@iop/domain-events';
import { ClinicalNotesKit, type Episode } from '../testing/clinical-notes.test-kit';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
let kit: ClinicalNotesKit;
let alice: string;

const missing = async (query = '') => (await kit.t.request('GET', `/v1/notes/missing${query}`, { token: alice })).body.items as { episodeId: string; kind: string; sessionId: string | null; draftNoteId: string | null }[];
const missingFor = async (e: Episode, query = '') => (await missing(query)).filter((m) => m.episodeId === e.episodeId);
const overdue = async (query = '') => (await kit.t.request('GET', `/v1/treatment-plans/overdue${query}`, { token: alice })).body.items as { episodeId: string; reason: string; dueDate: string }[];
const note = async (e: Episode, body: object) => (await kit.t.request('POST', '/v1/notes', { token: alice, body: { episodeId: e.episodeId, type: 'group-session', body: 'Section.', groupSummary: 'Group.', ...body } })).body.noteId as string;
const sign = (noteId: string) => kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token: alice });

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('consumers');
  alice = await kit.token(['clinician'], 'alice');
});
afterAll(() => kit?.close());

describe('PatientAdmitted', () => {
  it('opens the chart: notes are accepted for the episode only once it arrived', async () => {
    const episodeId = randomUUID();
    const body = { episodeId, type: 'case-management', body: 'Housing referral.' };
    expect((await kit.t.request('POST', '/v1/notes', { token: alice, body })).status).toBe(404);
    await kit.publish(patientAdmittedV1, { ...patientAdmittedV1.example, episodeId, patientId: randomUUID(), startDate: daysAgo(0) });
    expect((await kit.t.request('POST', '/v1/notes', { token: alice, body })).status).toBe(201);
  });

  it('makes the treatment plan due 7 days after the first program day (a tenant setting)', async () => {
    const late = await kit.admit({ startDate: daysAgo(8) });
    const fresh = await kit.admit({ startDate: daysAgo(2) });
    const listed = (await overdue()).map((o) => o.episodeId);
    expect(listed).toContain(late.episodeId);
    expect(listed).not.toContain(fresh.episodeId);
    expect((await overdue()).find((o) => o.episodeId === late.episodeId)).toMatchObject({ reason: 'initial-plan', dueDate: daysAgo(1) });
    const admin = await kit.token(['admin']);
    await kit.t.request('PUT', '/v1/documentation-settings', { token: admin, body: { planDueDays: 10, planReviewDays: 30, lateAfterHours: 72, cosignRequiredRoles: [], cosignRequiredCredentials: [] } });
    expect((await overdue()).map((o) => o.episodeId)).not.toContain(late.episodeId);
    await kit.t.request('PUT', '/v1/documentation-settings', { token: admin, body: { planDueDays: 7, planReviewDays: 30, lateAfterHours: 72, cosignRequiredRoles: [], cosignRequiredCredentials: [] } });
  });
});

describe('AttendanceRecorded', () => {
  it("lists an attended session as missing a note, by the episode's primary clinician, until a signed note answers it", async () => {
    const episode = await kit.admit();
    await kit.t.request('PUT', `/v1/episodes/${episode.episodeId}/primary-clinician`, { token: alice, body: { clinician: 'alice' } });
    const sessionId = await kit.attend(episode);
    expect(await missingFor(episode, '?clinician=alice')).toEqual([expect.objectContaining({ kind: 'session-note', sessionId, draftNoteId: null })]);
    expect(await missingFor(episode, '?clinician=bob')).toEqual([]);
    const noteId = await note(episode, { sessionId });
    expect((await missingFor(episode))[0].draftNoteId).toBe(noteId);
    await sign(noteId);
    expect(await missingFor(episode)).toEqual([]);
  });

  it('drops the session when attendance is corrected to an absence', async () => {
    const episode = await kit.admit();
    const sessionId = await kit.attend(episode);
    await kit.attend(episode, { sessionId, status: 'absent-excused', minutesAttended: 0 });
    expect(await missingFor(episode)).toEqual([]);
  });

  it('keeps attendance that arrives before the admission, and a note signed before the attendance arrived counts', async () => {
    const early = { episodeId: randomUUID(), patientId: randomUUID(), tenant: kit.tenant };
    await kit.attend(early);
    await kit.publish(patientAdmittedV1, { ...patientAdmittedV1.example, episodeId: early.episodeId, patientId: early.patientId });
    expect(await missingFor(early)).toHaveLength(1);

    const episode = await kit.admit();
    const later = randomUUID();
    await sign(await note(episode, { sessionId: later }));
    await kit.attend(episode, { sessionId: later });
    expect(await missingFor(episode)).toEqual([]);
  });
});

describe('PatientDischarged', () => {
  it('makes a discharge summary due and takes the episode off the overdue-plan list', async () => {
    const episode = await kit.admit({ startDate: daysAgo(40) });
    expect((await overdue()).map((o) => o.episodeId)).toContain(episode.episodeId);
    await kit.discharge(episode);
    expect(await missingFor(episode)).toEqual([expect.objectContaining({ kind: 'discharge-summary', sessionId: null })]);
    expect((await overdue()).map((o) => o.episodeId)).not.toContain(episode.episodeId);
    await sign(await note(episode, { type: 'discharge-summary', body: 'Completed the program.', groupSummary: undefined }));
    expect(await missingFor(episode)).toEqual([]);
  });

  it("keeps another tenant's events to that tenant", async () => {
    const theirs = await kit.admit({ tenant: `${kit.tenant}-b` });
    await kit.attend(theirs);
    expect(await missingFor(theirs)).toEqual([]);
    expect((await kit.t.request('GET', `/v1/episodes/${theirs.episodeId}/notes`, { token: alice })).status).toBe(404);
  });
});

describe('paging the lists', () => {
  it('walks the overdue plans page by page in the order of the whole list', async () => {
    for (let i = 0; i < 3; i++) await kit.admit({ startDate: daysAgo(20 + i) });
    const all = (await overdue('?limit=200')).map((o) => o.episodeId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await kit.t.request('GET', `/v1/treatment-plans/overdue?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: alice });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((o: { episodeId: string }) => o.episodeId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it("walks the missing notes and an episode's notes page by page", async () => {
    const walk = async (path: string) => {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const res = await kit.t.request('GET', `${path}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: alice });
        expect(res.status).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const episode = await kit.admit({ startDate: daysAgo(3) });
    await kit.attend(episode);
    await kit.attend(episode);
    const all = await missing('?limit=200');
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await walk('/v1/notes/missing')).toEqual(all);
    const ids = [await note(episode, {}), await note(episode, {})];
    const notes = await walk(`/v1/episodes/${episode.episodeId}/notes`);
    expect(notes).toEqual((await kit.t.request('GET', `/v1/episodes/${episode.episodeId}/notes?limit=200`, { token: alice })).body.items);
    expect(notes.map((n) => (n as { noteId: string }).noteId).sort()).toEqual(ids.sort());
  });

  it("refuses another list's cursor, a malformed one and a tampered one as 400 problems, not 500", async () => {
    await kit.admit({ startDate: daysAgo(30) });
    await kit.admit({ startDate: daysAgo(31) });
    const overdueCursor = (await kit.t.request('GET', '/v1/treatment-plans/overdue?limit=1', { token: alice })).body.nextCursor as string;
    expect(overdueCursor).toEqual(expect.any(String));
    const payload = JSON.parse(Buffer.from(overdueCursor, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...payload, k: [payload.k[0], 'not-a-uuid'] })).toString('base64url');
    for (const url of [
      `/v1/notes/missing?cursor=${overdueCursor}`,
      `/v1/episodes/${randomUUID()}/notes?cursor=${overdueCursor}`,
      '/v1/notes/missing?cursor=%7B%22x%22%7D',
      `/v1/treatment-plans/overdue?cursor=${tampered}`,
    ]) {
      const res = await kit.t.request('GET', url, { token: alice });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: 'https://iop.example/problems/invalid-cursor', errors: [{ path: 'cursor' }] });
    }
    expect((await kit.t.request('GET', '/v1/notes/missing?limit=201', { token: alice })).status).toBe(400);
  });
});
