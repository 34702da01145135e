/**
 * Tamper evidence: each signed version of a note is a link of a sha256 chain kept in `note_versions`. A row changed
 * behind the service's back (plain SQL, even by the table's owner) is found by GET /v1/notes/{id}/verification.
 */
import { withTenant } from '@iop/platform';
import { ClinicalNotesKit } from '../testing/clinical-notes.test-kit';

let kit: ClinicalNotesKit;
let alice: string;

async function signedNoteWithAmendments(amendments: number): Promise<string> {
  const episode = await kit.admit();
  const { noteId } = (await kit.t.request('POST', '/v1/notes', { token: alice, body: { episodeId: episode.episodeId, type: 'family-session', body: 'Family session: boundaries.' } })).body;
  await kit.t.request('POST', `/v1/notes/${noteId}/sign`, { token: alice });
  for (let i = 0; i < amendments; i++) await kit.t.request('POST', `/v1/notes/${noteId}/amendments`, { token: alice, body: { body: `Addendum ${i}.`, reason: 'late information' } });
  return noteId;
}

/** What an attacker with the database owner's rights does: switch the guard off, change a row, switch it back. */
async function behindTheServicesBack(sql: string, params: unknown[]): Promise<void> {
  const client = await kit.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [kit.tenant]);
    await client.query('ALTER TABLE note_versions DISABLE TRIGGER note_versions_append_only');
    await client.query(sql, params);
    await client.query('ALTER TABLE note_versions ENABLE TRIGGER note_versions_append_only');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

const verification = async (noteId: string) => (await kit.t.request('GET', `/v1/notes/${noteId}/verification`, { token: alice })).body;

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('verify');
  alice = await kit.token(['clinician'], 'alice');
});
afterAll(() => kit?.close());

describe('note verification', () => {
  it('says valid for an untouched note with its amendments', async () => {
    const noteId = await signedNoteWithAmendments(2);
    expect(await verification(noteId)).toEqual({ valid: true, versions: 3 });
  });

  it('refuses a plain UPDATE of a stored version (append-only)', async () => {
    const noteId = await signedNoteWithAmendments(0);
    const update = withTenant(kit.pool, kit.tenant, (c) => c.query(`UPDATE note_versions SET hash = 'x' WHERE note_id = $1`, [noteId]));
    await expect(update).rejects.toThrow(/append-only/);
  });

  it('finds the original text changed behind the service', async () => {
    const noteId = await signedNoteWithAmendments(1);
    await behindTheServicesBack(`UPDATE note_versions SET content = jsonb_set(content, '{content,body}', '"Nothing to report."') WHERE note_id = $1 AND version = 1`, [noteId]);
    expect(await verification(noteId)).toEqual({ valid: false, versions: 2, brokenAt: 1 });
  });

  it('finds an amendment rewritten with a freshly computed hash at the next link', async () => {
    const noteId = await signedNoteWithAmendments(2);
    await behindTheServicesBack(
      `UPDATE note_versions SET content = jsonb_set(content, '{reason}', '"forged"'), hash = encode(sha256(convert_to(prev_hash || 'forged', 'UTF8')), 'hex')
       WHERE note_id = $1 AND version = 2`, [noteId]);
    expect(await verification(noteId)).toEqual({ valid: false, versions: 3, brokenAt: 2 });
  });

  it('finds the last version deleted', async () => {
    const noteId = await signedNoteWithAmendments(1);
    await behindTheServicesBack('DELETE FROM note_versions WHERE note_id = $1 AND version = 2', [noteId]);
    expect(await verification(noteId)).toEqual({ valid: false, versions: 1, brokenAt: 2 });
  });
});
