import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  type PublicEvent, safetyAlertAcknowledgedV1, type SafetyAlertAcknowledged, safetyAlertEscalatedV1, type SafetyAlertEscalated, safetyAlertOpenedV1,
  type SafetyAlertOpened, safetyAlertResolvedV1, type SafetyAlertResolved, type SafetySignal,
} from '@iop/domain-events';
import { commandContextFromEvent, ConsumerController, type InboxContext } from '@iop/event-store';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';

/**
 * Safety alerts' timings for the program metrics (time to acknowledge and to resolve): ids and times only, kept as a
 * plain table (nothing here decides on them). Every event carries the alert's `openedAt`, so each one alone makes the
 * row whole whatever arrived first; the key (episode) keeps one alert's events in order anyway. Each stage is also an
 * event of the episode (SafetyAlertTimed), which the analysts' stream carries as minutes, without ids or instants.
 */
@ConsumerController('clinical-notes')
export class ClinicalNotesConsumer {
  @EventPattern(safetyAlertOpenedV1.type)
  async opened(@Payload() event: PublicEvent<SafetyAlertOpened>, @Ctx() { client }: InboxContext): Promise<void> {
    const d = event.data;
    await client.query(
      `INSERT INTO outcome_safety_alerts (tenant_id, alert_id, episode_id, location_id, signal, opened_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (alert_id) DO UPDATE SET location_id = excluded.location_id`,
      [event.tenantId, d.alertId, d.episodeId, d.locationId ?? null, d.signal, d.openedAt]);
  }

  @EventPattern(safetyAlertAcknowledgedV1.type)
  acknowledged(@Payload() event: PublicEvent<SafetyAlertAcknowledged>, @Ctx() ctx: InboxContext): Promise<void> {
    return this.mark(ctx, event, 'acknowledged', event.data.acknowledgedAt);
  }

  @EventPattern(safetyAlertResolvedV1.type)
  resolved(@Payload() event: PublicEvent<SafetyAlertResolved>, @Ctx() ctx: InboxContext): Promise<void> {
    return this.mark(ctx, event, 'resolved', event.data.resolvedAt);
  }

  @EventPattern(safetyAlertEscalatedV1.type)
  escalated(@Payload() event: PublicEvent<SafetyAlertEscalated>, @Ctx() ctx: InboxContext): Promise<void> {
    return this.mark(ctx, event, 'escalated', event.data.escalatedAt);
  }

  private async mark(
    { uow }: InboxContext, event: PublicEvent<{ alertId: string; episodeId: string; signal: SafetySignal; openedAt: string }>,
    stage: 'acknowledged' | 'resolved' | 'escalated', at: string,
  ): Promise<void> {
    const d = event.data;
    const column = `${stage}_at`;
    await uow.client.query(
      `INSERT INTO outcome_safety_alerts (tenant_id, alert_id, episode_id, signal, opened_at, ${column}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (alert_id) DO UPDATE SET ${column} = excluded.${column}`,
      [event.tenantId, d.alertId, d.episodeId, d.signal, d.openedAt, at]);
    const ctx = commandContextFromEvent(event, 'outcomes');
    await uow.decide(episodeStream(d.episodeId), episodeDecider, {
      type: 'NoteSafetyAlertTimed', data: { episodeId: d.episodeId, signal: d.signal, stage, openedAt: d.openedAt, at }, metadata: ctx,
    }, ctx);
  }
}
