import { randomUUID } from 'node:crypto';
import { addDays, instantToLocal } from '@iop/calendar';
import { type CommandContext, type Commands, type EventStore } from '@iop/event-store';
import { inTransaction, PROJECTOR_SETTING } from '@iop/platform';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';

export interface CloseWeeksResult {
  episodes: number;
  weeksSummarized: number;
  breaches: number;
}

interface OpenEnrollment {
  episode_id: string;
  tenant_id: string;
  timezone: string;
}

/**
 * Enrollments that may have a week ending by `before`: closed weeks run contiguously from the first (closing always
 * takes every earlier open week), so the next open one starts 7 days after the last closed. The decider decides.
 */
async function openEnrollments(store: EventStore, tenantId: string | null, before: string): Promise<OpenEnrollment[]> {
  return inTransaction(store.pool, async (client) => {
    await client.query(PROJECTOR_SETTING);
    const { rows } = await client.query<OpenEnrollment>(
      `SELECT episode_id, tenant_id, timezone FROM enrollments
       WHERE start_date IS NOT NULL AND status <> 'cancelled' AND ($1::text IS NULL OR tenant_id = $1)
         AND date_trunc('week', start_date)::date + 7 <= $2::date
         AND (last_closed_week IS NULL OR last_closed_week + 14 <= $2::date)
         AND (discharged_at IS NULL OR last_closed_week IS NULL OR last_closed_week < date_trunc('week', discharged_at AT TIME ZONE timezone)::date)
       ORDER BY tenant_id, episode_id`,
      [tenantId, before],
    );
    return rows;
  });
}

async function closeOne(commands: Commands, ctx: CommandContext, episodeId: string, before: string): Promise<{ weeks: number; breaches: number }> {
  const { events } = await commands.handle(ctx, { id: `enrollment-${episodeId}`, type: 'enrollment' }, enrollmentDecider, { type: 'CloseWeeks', data: { before }, metadata: ctx });
  return { weeks: events.filter((e) => e.type === 'WeekSummarized').length, breaches: events.filter((e) => e.type === 'AttendanceRuleBreached').length };
}

/**
 * Summarizes the open weeks ending by `before` (a local date) for one tenant: the admin endpoint. Never past the
 * location's own today: a week its clinic is still living through has no summary (nor breaches) yet.
 */
export async function closeWeeksBefore(store: EventStore, commands: Commands, ctx: CommandContext, before: string): Promise<CloseWeeksResult> {
  const result: CloseWeeksResult = { episodes: 0, weeksSummarized: 0, breaches: 0 };
  for (const row of await openEnrollments(store, ctx.tenantId, before)) {
    const today = instantToLocal(new Date(ctx.now), row.timezone).date;
    const closed = await closeOne(commands, ctx, row.episode_id, before < today ? before : today);
    if (closed.weeks) result.episodes++;
    result.weeksSummarized += closed.weeks;
    result.breaches += closed.breaches;
  }
  return result;
}

/** The periodic job: every tenant, each week that ended before today in its location's calendar. */
export async function closeEndedWeeks(store: EventStore, commands: Commands, now: Date): Promise<CloseWeeksResult> {
  const result: CloseWeeksResult = { episodes: 0, weeksSummarized: 0, breaches: 0 };
  const latest = addDays(now.toISOString().slice(0, 10), 1);
  for (const row of await openEnrollments(store, null, latest)) {
    const ctx: CommandContext = {
      now: now.toISOString(), tenantId: row.tenant_id, actor: { subject: 'service:scheduling', roles: [] }, correlationId: randomUUID(),
    };
    const closed = await closeOne(commands, ctx, row.episode_id, instantToLocal(now, row.timezone).date);
    if (closed.weeks) result.episodes++;
    result.weeksSummarized += closed.weeks;
    result.breaches += closed.breaches;
  }
  return result;
}
