import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@iop/event-store';
import { attendanceCallsForANote } from '../domain/chart/chart.decide';
import type { ChartClosed, SessionAttendanceNoted } from '../domain/chart/chart.events';
import type { NoteDrafted, NoteSigned, NoteType } from '../domain/note/note.events';

const DISCHARGE_SUMMARY = 'discharge-summary';
/** A discharge summary answers the discharge; any other note answers the session it documents. */
const dueKeyOf = (noteType: NoteType, sessionId?: string): string => (noteType === 'discharge-summary' ? DISCHARGE_SUMMARY : (sessionId ?? ''));

/*
 * Always the live `public.notes`: a rebuild of this projection fills only its own table in a shadow schema, and the
 * live note index (complete by then) answers "is there a signed note" correctly for a replay too.
 */
async function noteFor(client: PoolClient, episodeId: string, where: 'session_id::text' | 'note_type', value: string) {
  const { rows } = await client.query<{ note_id: string; status: string }>(
    `SELECT note_id, status FROM public.notes WHERE episode_id = $1 AND ${where} = $2
     ORDER BY status = 'draft', drafted_at LIMIT 1`, [episodeId, value]);
  return rows[0];
}

type Apply = (client: PoolClient, table: string, e: StoredEvent) => Promise<unknown>;

const APPLY: Record<string, Apply> = {
  async SessionAttendanceNoted(c, table, e) {
    const d = e.data as SessionAttendanceNoted['data'];
    const note = await noteFor(c, d.episodeId, 'session_id::text', d.sessionId);
    if (!attendanceCallsForANote(d.status) || (note && note.status !== 'draft')) {
      return c.query(`DELETE FROM ${table} WHERE episode_id = $1 AND due_key = $2`, [d.episodeId, d.sessionId]);
    }
    return c.query(
      `INSERT INTO ${table} (episode_id, due_key, tenant_id, patient_id, kind, session_id, session_type, session_starts_at, due_since, draft_note_id)
       VALUES ($1, $2, $3, $4, 'session-note', $8, $5, $6, $6, $7)
       ON CONFLICT (episode_id, due_key) DO UPDATE SET session_type = $5, session_starts_at = $6, due_since = $6`,
      [d.episodeId, d.sessionId, e.metadata.tenantId, d.patientId, d.sessionType, d.sessionStartsAt, note?.note_id ?? null, d.sessionId],
    );
  },
  async ChartClosed(c, table, e) {
    const d = e.data as ChartClosed['data'];
    const note = await noteFor(c, d.episodeId, 'note_type', DISCHARGE_SUMMARY);
    if (note && note.status !== 'draft') return;
    return c.query(
      `INSERT INTO ${table} (episode_id, due_key, tenant_id, patient_id, kind, due_since, draft_note_id)
       VALUES ($1, $2, $3, $4, 'discharge-summary', $5, $6) ON CONFLICT DO NOTHING`,
      [d.episodeId, DISCHARGE_SUMMARY, e.metadata.tenantId, d.patientId, d.dischargedAt, note?.note_id ?? null],
    );
  },
  NoteDrafted(c, table, e) {
    const d = e.data as NoteDrafted['data'];
    const sql = `UPDATE ${table} SET draft_note_id = $3 WHERE episode_id = $1 AND due_key = $2`;
    return c.query(sql, [d.episodeId, dueKeyOf(d.noteType, d.sessionId), d.noteId]);
  },
  NoteSigned(c, table, e) {
    const d = e.data as NoteSigned['data'];
    return c.query(`DELETE FROM ${table} WHERE episode_id = $1 AND due_key = $2`, [d.episodeId, dueKeyOf(d.noteType, d.sessionId)]);
  },
};

/**
 * Documentation owed: a row per attended session and per discharge until a signed note answers it. Runs after the
 * notes projection (same transaction), and checks it, because a note may be signed before the attendance arrives.
 */
export const notesDueProjection: Projection = {
  name: 'notes-due',
  // Reads what it (or the notes projection) wrote before: its writes cannot wait for the COMMIT.
  readsBack: true,
  tables: ['notes_due'],
  handles: Object.keys(APPLY),
  async apply(client, events, schema) {
    for (const e of events) await APPLY[e.type](client, `"${schema}".notes_due`, e);
  },
};
