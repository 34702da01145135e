import type { PoolClient } from 'pg';
import type { Projection } from '@iop/event-store';
import type { StoredEvent } from '@iop/event-store';
import type { NoteAmended, NoteCosigned, NoteSigned } from '../domain/note/note.events';
import { GENESIS, linkHash } from './hash-chain';

type Version = { noteId: string; kind: 'original' | 'cosignature' | 'amendment'; record: object };

/** What each version commits to: the signed note in full, the co-signature, each amendment with reason and author. */
function versionOf(e: StoredEvent): Version {
  if (e.type === 'NoteSigned') {
    const { noteId, ...record } = e.data as NoteSigned['data'];
    return { noteId, kind: 'original', record };
  }
  if (e.type === 'NoteCosigned') {
    const { noteId, ...record } = e.data as NoteCosigned['data'];
    return { noteId, kind: 'cosignature', record };
  }
  const { noteId, ...record } = e.data as NoteAmended['data'];
  return { noteId, kind: 'amendment', record };
}

async function append(client: PoolClient, schema: string, tenantId: string, v: Version): Promise<void> {
  const table = `"${schema}".note_versions`;
  const { rows } = await client.query<{ version: number; hash: string }>(
    `SELECT version, hash FROM ${table} WHERE note_id = $1 ORDER BY version DESC LIMIT 1`, [v.noteId]);
  const version = (rows[0]?.version ?? 0) + 1;
  const prevHash = rows[0]?.hash ?? GENESIS;
  // The version number and kind are inside the hashed content, so rows cannot be swapped or relabelled unnoticed.
  const content = { noteId: v.noteId, version, kind: v.kind, ...v.record };
  await client.query(
    `INSERT INTO ${table} (note_id, version, tenant_id, kind, content, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [v.noteId, version, tenantId, v.kind, JSON.stringify(content), prevHash, linkHash(prevHash, content)],
  );
}

/**
 * The hash chain of each note's versions, written in the append's transaction. A rebuild recomputes it from the
 * events (the shadow table has no append-only trigger: LIKE does not copy triggers).
 */
export const noteVersionsProjection: Projection = {
  name: 'note-versions',
  // Reads what it (or the notes projection) wrote before: its writes cannot wait for the COMMIT.
  readsBack: true,
  tables: ['note_versions'],
  handles: ['NoteSigned', 'NoteCosigned', 'NoteAmended'],
  async apply(client, events, schema) {
    for (const e of events) await append(client, schema, e.metadata.tenantId, versionOf(e));
  },
};
