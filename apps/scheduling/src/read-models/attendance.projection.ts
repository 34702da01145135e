import type { Projection } from '@iop/event-store';
import type { AttendanceRecorded, OutreachTaskClosed, OutreachTaskOpened } from '../domain/enrollment/enrollment.events';
import { table } from './locations.projection';

/** Attendance per session and episode (a later record replaces the earlier one) and the outreach tasks. */
export const attendanceProjection: Projection = {
  name: 'attendance',
  tables: ['attendance', 'outreach_tasks'],
  handles: ['AttendanceRecorded', 'OutreachTaskOpened', 'OutreachTaskClosed'],
  async apply(client, events, schema) {
    for (const e of events) {
      if (e.type === 'AttendanceRecorded') {
        const d = e.data as AttendanceRecorded['data'];
        await client.query(
          `INSERT INTO ${table(schema, 'attendance')} (session_id, episode_id, tenant_id, status, minutes_attended, recorded_at, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (session_id, episode_id) DO UPDATE SET status = excluded.status, minutes_attended = excluded.minutes_attended,
             recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
          [d.sessionId, d.episodeId, e.metadata.tenantId, d.status, d.minutesAttended, d.recordedAt, e.metadata.actor.subject],
        );
      } else if (e.type === 'OutreachTaskClosed') {
        const d = e.data as OutreachTaskClosed['data'];
        await client.query(
          `UPDATE ${table(schema, 'outreach_tasks')} SET status = 'closed', outcome = $3, closed_at = $4, closed_by = $5 WHERE task_id = $1 AND tenant_id = $2`,
          [d.taskId, e.metadata.tenantId, d.outcome, d.closedAt, e.metadata.actor.subject],
        );
      } else {
        const d = e.data as OutreachTaskOpened['data'];
        await client.query(
          `INSERT INTO ${table(schema, 'outreach_tasks')} (task_id, tenant_id, episode_id, patient_id, location_id, session_id, reason, opened_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (task_id) DO NOTHING`,
          [d.taskId, e.metadata.tenantId, d.episodeId, d.patientId, d.locationId, d.sessionId, d.reason, d.openedAt],
        );
      }
    }
  },
};
