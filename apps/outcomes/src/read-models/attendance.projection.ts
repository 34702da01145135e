import type { Projection } from '@iop/event-store';
import type { AttendanceWeekNoted, SessionAttendanceNoted } from '../domain/episode/episode.events';

/** Patient-weeks (attendance compliance) and attended sessions (engagement, alumni attendance); a re-recorded session replaces its row. */
export const attendanceProjection: Projection = {
  name: 'outcome-attendance',
  tables: ['outcome_attendance_weeks', 'outcome_session_attendance'],
  handles: ['AttendanceWeekNoted', 'SessionAttendanceNoted'],
  async apply(client, events, schema) {
    for (const e of events) {
      if (e.type === 'AttendanceWeekNoted') {
        const d = e.data as AttendanceWeekNoted['data'];
        await client.query(
          `INSERT INTO "${schema}".outcome_attendance_weeks (tenant_id, episode_id, week_start, program_week, location_id, hours_attended, compliant)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (episode_id, week_start) DO UPDATE SET hours_attended = excluded.hours_attended, compliant = excluded.compliant`,
          [e.metadata.tenantId, d.episodeId, d.weekStart, d.programWeek, d.locationId, d.hoursAttended, d.compliant],
        );
      } else {
        const d = e.data as SessionAttendanceNoted['data'];
        await client.query(
          `INSERT INTO "${schema}".outcome_session_attendance (tenant_id, episode_id, session_id, status, session_date, alumni) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (episode_id, session_id) DO UPDATE SET status = excluded.status, session_date = excluded.session_date, alumni = excluded.alumni`,
          [e.metadata.tenantId, d.episodeId, d.sessionId, d.status, d.sessionDate, d.alumni === true],
        );
      }
    }
  },
};
