import type { Projection, StoredEvent } from '@iop/event-store';
import type { GroupNoteWritten } from '../domain/group-note/group-note.events';

/**
 * Group notes by session, metadata only (never the summary): the console asks whether a session's group note is
 * written before offering to write it.
 */
export const groupNotesProjection: Projection = {
  name: 'group-notes',
  tables: ['group_notes'],
  handles: ['GroupNoteWritten'],
  async apply(client, events, schema) {
    for (const e of events as StoredEvent[]) {
      const d = e.data as GroupNoteWritten['data'];
      await client.query(
        `INSERT INTO "${schema}".group_notes (group_note_id, tenant_id, session_id, author, participants, written_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [d.groupNoteId, e.metadata.tenantId, d.sessionId, d.author, d.participants.length, d.writtenAt],
      );
    }
  },
};
