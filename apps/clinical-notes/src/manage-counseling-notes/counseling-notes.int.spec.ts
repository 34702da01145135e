/**
 * SUD counseling notes: their own table (never the event store, so never Kafka), readable by their author and by
 * whom the author grants, every access audited.
 */
import { ClinicalNotesKit, type Episode } from '../testing/clinical-notes.test-kit';

let kit: ClinicalNotesKit;
let episode: Episode;
let alice: string;
let bob: string;
let sam: string;
const read = (id: string, token: string) => kit.t.request('GET', `/v1/counseling-notes/${id}`, { token });

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('counseling');
  episode = await kit.admit();
  [alice, bob, sam] = await Promise.all([kit.token(['clinician'], 'alice'), kit.token(['clinician'], 'bob'), kit.token(['supervisor'], 'sam')]);
});
afterAll(() => kit?.close());

describe('counseling notes', () => {
  let id: string;

  beforeAll(async () => {
    const res = await kit.t.request('POST', '/v1/counseling-notes', { token: alice, body: { episodeId: episode.episodeId, body: 'Process note: ambivalence about family.' } });
    expect(res.status).toBe(201);
    id = res.body.counselingNoteId;
  });

  it('are kept out of the event store', async () => {
    const { rows } = await kit.pool.query("SELECT count(*)::int AS n FROM events WHERE data::text LIKE '%ambivalence about family%'");
    expect(rows[0].n).toBe(0);
  });

  it('are read by their author, refused to other clinicians and supervisors alike', async () => {
    expect((await read(id, alice)).body).toMatchObject({ counselingNoteId: id, author: 'alice', body: 'Process note: ambivalence about family.' });
    expect((await read(id, bob)).status).toBe(403);
    expect((await read(id, sam)).status).toBe(403);
    const { rows } = await kit.pool.query("SELECT actor, details->>'allowed' AS allowed FROM audit_log WHERE resource = $1 AND action = 'read' ORDER BY id", [`counseling-note/${id}`]);
    expect(rows).toEqual([{ actor: 'alice', allowed: 'true' }, { actor: 'bob', allowed: 'false' }, { actor: 'sam', allowed: 'false' }]);
  });

  it('open to a role or a person only when the author grants it', async () => {
    expect((await kit.t.request('POST', `/v1/counseling-notes/${id}/grants`, { token: bob, body: { subject: 'bob' } })).status).toBe(403);
    expect((await kit.t.request('POST', `/v1/counseling-notes/${id}/grants`, { token: alice, body: { role: 'supervisor' } })).status).toBe(201);
    expect((await read(id, sam)).status).toBe(200);
    expect((await read(id, bob)).status).toBe(403);
    await kit.t.request('POST', `/v1/counseling-notes/${id}/grants`, { token: alice, body: { subject: 'bob' } });
    expect((await read(id, bob)).status).toBe(200);
  });

  it('refuse a grant to a non-clinical role, an empty note, and another tenant', async () => {
    expect((await kit.t.request('POST', `/v1/counseling-notes/${id}/grants`, { token: alice, body: { role: 'front-desk' } })).status).toBe(400);
    expect((await kit.t.request('POST', `/v1/counseling-notes/${id}/grants`, { token: alice, body: { role: 'nurse', subject: 'x' } })).status).toBe(400);
    expect((await kit.t.request('POST', '/v1/counseling-notes', { token: alice, body: { episodeId: episode.episodeId, body: ' ' } })).status).toBe(400);
    expect((await read(id, await kit.token(['clinician'], 'alice', `${kit.tenant}-b`))).status).toBe(404);
  });
});
