import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@iop/event-store';
import type { NoteAmended, NoteCosigned, NoteDrafted, NoteSigned } from '../domain/note/note.events';

type Apply = (client: PoolClient, table: string, e: StoredEvent) => Promise<unknown>;

const APPLY: Record<string, Apply> = {
  NoteDrafted: (c, table, e) => {
    const d = e.data as NoteDrafted['data'];
    return c.query(
      `INSERT INTO ${table} (note_id, tenant_id, episode_id, patient_id, session_id, note_type, author, status, drafted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8) ON CONFLICT DO NOTHING`,
      [d.noteId, e.metadata.tenantId, d.episodeId, d.patientId, d.sessionId ?? null, d.noteType, d.author, d.draftedAt],
    );
  },
  NoteSigned: (c, table, e) => {
    const d = e.data as NoteSigned['data'];
    return c.query(
      `UPDATE ${table} SET status = 'signed', signed_at = $2, late = $3, cosign_required = $4 WHERE note_id = $1`,
      [d.noteId, d.signedAt, d.late, d.cosignRequired],
    );
  },
  NoteCosigned: (c, table, e) => {
    const d = e.data as NoteCosigned['data'];
    return c.query(`UPDATE ${table} SET status = 'cosigned', cosigned_at = $2 WHERE note_id = $1`, [d.noteId, d.cosignedAt]);
  },
  NoteAmended: (c, table, e) => {
    const d = e.data as NoteAmended['data'];
    return c.query(`UPDATE ${table} SET amendments = amendments + 1 WHERE note_id = $1`, [d.noteId]);
  },
};

/** Note metadata (never the text): an episode's note list, and what the notes-due projection checks against. */
export const notesProjection: Projection = {
  name: 'notes',
  tables: ['notes'],
  handles: Object.keys(APPLY),
  async apply(client, events, schema) {
    for (const e of events) await APPLY[e.type](client, `"${schema}".notes`, e);
  },
};
