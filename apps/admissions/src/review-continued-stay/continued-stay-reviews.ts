import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { dateOf } from '@iop/calendar';
import { type CommandContext, Commands, deterministicId, EventStore, type UnitOfWork } from '@iop/event-store';
import { PROJECTOR_SETTING } from '@iop/platform';
import { episodeDecider } from '../domain/episode/episode.decide';
import type { ContinuedStayReviewed, ReviewTrigger } from '../domain/episode/episode.events';
import { readSettings } from '../manage-settings/tenant-settings.queries';
import { streams } from '../shared/streams';
import { gatherEvidence } from './evidence.queries';

/** Weekly by schedule: an active episode whose last review (or, never reviewed, its start) is this old is due. */
export const REVIEW_INTERVAL_DAYS = 7;

/** When the episode was last reviewed, or else began. Dates are UTC days, as the deciders count them. */
export const LAST_REVIEWED_SQL = "coalesce(last_reviewed_at, start_date::timestamp AT TIME ZONE 'UTC')";

export const DUE_EPISODES_SQL = `
  SELECT tenant_id, episode_id FROM episodes
  WHERE status = 'active' AND start_date <= ($1::timestamptz AT TIME ZONE 'UTC')::date
    AND ${LAST_REVIEWED_SQL} <= $1::timestamptz - make_interval(days => ${REVIEW_INTERVAL_DAYS})
    AND ($2::text IS NULL OR tenant_id = $2)
  ORDER BY ${LAST_REVIEWED_SQL}, episode_id`;

const serviceContext = (tenantId: string, now: string): CommandContext => ({
  now, tenantId, actor: { subject: 'service:admissions', roles: [] }, correlationId: randomUUID(),
});

/**
 * Runs a continued-stay review: gathers the evidence, then the episode decides (ReviewContinuedStay). The same
 * command serves a clinician's request, the weekly schedule and a consumer that received new evidence.
 */
@Injectable()
export class ContinuedStayReviews {
  private readonly logger = new Logger('continued-stay-reviews');

  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands) {}

  /** In the caller's unit of work; `ctx.idempotencyKey` makes a re-run (redelivery, second replica) append nothing. */
  async review(uow: UnitOfWork, episodeId: string, trigger: ReviewTrigger, ctx: CommandContext): Promise<ContinuedStayReviewed['data'] | undefined> {
    const { minimumWeeklyHours } = await readSettings(uow.client, ctx.tenantId);
    const evidence = await gatherEvidence(uow.client, ctx.tenantId, episodeId, ctx.now, minimumWeeklyHours);
    const reviewId = ctx.idempotencyKey ? deterministicId(ctx.idempotencyKey, 1000) : randomUUID();
    const command = { type: 'ReviewContinuedStay' as const, data: { reviewId, trigger, evidence }, metadata: ctx };
    const { events } = await uow.decide(streams.episode(episodeId), episodeDecider, command, ctx);
    return (events[0] as ContinuedStayReviewed | undefined)?.data;
  }

  /** Reviews an open episode after new evidence arrived; unknown, other tenants' and closed episodes are skipped. */
  async reviewOnEvidence(uow: UnitOfWork, tenantId: string, episodeId: string, now: string, eventId: string): Promise<void> {
    const { rowCount } = await uow.client.query(`SELECT 1 FROM episodes WHERE tenant_id = $1 AND episode_id = $2 AND status IN ('active', 'onhold')`, [tenantId, episodeId]);
    if (rowCount) await this.review(uow, episodeId, 'evidence', { ...serviceContext(tenantId, now), causationId: eventId, idempotencyKey: `evidence:${eventId}` });
  }

  /**
   * The weekly schedule: reviews every active episode due at `now` (of one tenant, or all), one transaction each so
   * one failure does not hold back the rest. Returns the episodes reviewed.
   */
  async reviewDue(now: string, tenantId?: string): Promise<string[]> {
    const due = await this.store.transaction(async (client) => {
      await client.query(PROJECTOR_SETTING);
      return (await client.query<{ tenant_id: string; episode_id: string }>(DUE_EPISODES_SQL, [now, tenantId ?? null])).rows;
    });
    const reviewed: string[] = [];
    for (const { tenant_id, episode_id } of due) {
      const ctx = { ...serviceContext(tenant_id, now), idempotencyKey: `schedule:${episode_id}:${dateOf(now)}` };
      try {
        const done = await this.commands.run(ctx, (uow) => this.review(uow, episode_id, 'schedule', ctx));
        if (done) reviewed.push(episode_id);
      } catch (err) {
        this.logger.error(`scheduled review of episode ${episode_id} failed: ${(err as Error).message}`);
      }
    }
    return reviewed;
  }
}
