import {
  attendanceRuleBreachedV1, locationConfiguredV1, weeklyAttendanceSummarizedV1, type AttendanceRuleBreached, type LocationConfigured,
  type WeeklyAttendanceSummarized,
} from '@iop/domain-events';
import type { EventHandler } from '@iop/event-store';
import type { ContinuedStayReviews } from '../review-continued-stay/continued-stay-reviews';
import { saveLocation } from '../read-models/location.queries';

/** iop.scheduling.v1: the tenant's locations, and attendance as continued-stay evidence. */
export function schedulingHandlers(reviews: ContinuedStayReviews): Record<string, EventHandler> {
  return {
    [locationConfiguredV1.type]: (event, { client }) => saveLocation(client, event.tenantId, event.data as LocationConfigured),

    [weeklyAttendanceSummarizedV1.type]: async (event, uow) => {
      const d = event.data as WeeklyAttendanceSummarized;
      // A week summarized again (late attendance records) replaces the earlier summary.
      await uow.client.query(
        `INSERT INTO evidence_weeks (tenant_id, episode_id, week_start, hours_attended, days_attended, days_with_minimum_hours, compliant, rule, summarized_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tenant_id, episode_id, week_start) DO UPDATE SET hours_attended = excluded.hours_attended,
           days_attended = excluded.days_attended, days_with_minimum_hours = excluded.days_with_minimum_hours,
           compliant = excluded.compliant, rule = excluded.rule, summarized_at = excluded.summarized_at
         WHERE evidence_weeks.summarized_at <= excluded.summarized_at`,
        [event.tenantId, d.episodeId, d.weekStart, d.hoursAttended, d.daysAttended, d.daysWithMinimumHours, d.compliant, JSON.stringify(d.rule), d.summarizedAt],
      );
      await reviews.reviewOnEvidence(uow, event.tenantId, d.episodeId, event.time, event.id);
    },

    [attendanceRuleBreachedV1.type]: async (event, uow) => {
      const d = event.data as AttendanceRuleBreached;
      await uow.client.query(
        `INSERT INTO evidence_breaches (tenant_id, episode_id, week_start, rule, hours_attended, required_hours, breached_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [event.tenantId, d.episodeId, d.weekStart, d.rule, d.hoursAttended, d.requiredHours, d.breachedAt],
      );
      await reviews.reviewOnEvidence(uow, event.tenantId, d.episodeId, event.time, event.id);
    },
  };
}
