import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  crisisDocumentedV1, drugScreenResultedV1, onCallRosterChangedV1, safetyAlertRaisedV1, type CrisisDocumented,
  type DrugScreenResulted, type OnCallRosterChanged, type PublicEvent, type SafetyAlertRaised, type SafetySignal,
} from '@iop/domain-events';
import { commandContextFromEvent, ConsumerController, deterministicId, EventStore, type InboxContext, loadStream, type UnitOfWork } from '@iop/event-store';
import { chartDecider, chartStream } from '../domain/chart/chart.decide';
import { safetyAlertDecider, safetyAlertStream } from '../domain/safety-alert/safety-alert.decide';
import { crisisNeedsAlert, missedSessionsBeforePositiveScreen, PHQ9_ITEM9_REASON, type RosterShift } from '../domain/safety-alert/safety-alert.rules';
import { safetyAlertSettingsOf } from '../manage-safety-alerts/safety-alert-settings.repository';

type Signal = { episodeId: string; patientId: string; signal: SafetySignal; sourceId: string; signalAt: string };

/**
 * Safety signals open safety alerts (docs/DOMAIN.md section 8): outcomes' SafetyAlertRaised (PHQ-9 item 9 above 0),
 * this service's own CrisisDocumented rated high or imminent (read back from the bus like any other signal, so the
 * note's signing does not wait on routing), and a positive drug screen after an unexcused absence. Routing reads the
 * location's on-call roster, copied here from scheduling's OnCallRosterChanged, and the episode's location, which the
 * admissions consumer copies from PatientAdmitted. An alert's id derives from the signal's event id: a redelivery
 * opens nothing new.
 */
@ConsumerController('safety-signals')
export class SafetySignalsConsumer {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @EventPattern(onCallRosterChangedV1.type)
  async rosterChanged(@Payload() event: PublicEvent<OnCallRosterChanged>, @Ctx() { client }: InboxContext): Promise<void> {
    const { locationId, from, to, shifts } = event.data;
    await client.query('DELETE FROM safety_on_call_shifts WHERE location_id = $1 AND tenant_id = $2 AND starts_at >= $3 AND starts_at < $4',
      [locationId, event.tenantId, from, to]);
    if (shifts.length === 0) return;
    await client.query(
      `INSERT INTO safety_on_call_shifts (tenant_id, location_id, staff_id, starts_at, ends_at)
       SELECT $1, $2, s.staff_id, s.starts_at, s.ends_at FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) AS s(staff_id, starts_at, ends_at)
       ON CONFLICT (location_id, starts_at, staff_id) DO UPDATE SET ends_at = excluded.ends_at`,
      [event.tenantId, locationId, shifts.map((s) => s.staffId), shifts.map((s) => s.from), shifts.map((s) => s.to)]);
  }

  @EventPattern(safetyAlertRaisedV1.type)
  phq9(@Payload() event: PublicEvent<SafetyAlertRaised>, @Ctx() { uow }: InboxContext): Promise<void> {
    const { episodeId, patientId, measureId, reason, raisedAt } = event.data;
    if (reason !== PHQ9_ITEM9_REASON) return Promise.resolve();
    return this.open(uow, event, { episodeId, patientId, signal: 'phq9-item9-positive', sourceId: measureId, signalAt: raisedAt });
  }

  @EventPattern(crisisDocumentedV1.type)
  crisis(@Payload() event: PublicEvent<CrisisDocumented>, @Ctx() { uow }: InboxContext): Promise<void> {
    const { episodeId, patientId, noteId, riskLevel, documentedAt } = event.data;
    if (!crisisNeedsAlert(riskLevel)) return Promise.resolve();
    return this.open(uow, event, { episodeId, patientId, signal: 'crisis-high-risk', sourceId: noteId, signalAt: documentedAt });
  }

  /** Attendance reached the chart through scheduling's topic; the chart's sessions say which were missed. */
  @EventPattern(drugScreenResultedV1.type)
  async drugScreen(@Payload() event: PublicEvent<DrugScreenResulted>, @Ctx() { uow }: InboxContext): Promise<void> {
    const { episodeId, patientId, screenId, collectedOn, results } = event.data;
    if (!results.some((r) => r.result === 'positive')) return;
    const { missedSessionWindowDays } = await safetyAlertSettingsOf(uow.client, event.tenantId);
    const { state: chart } = await loadStream(this.store, chartStream(episodeId), chartDecider, event.tenantId, uow.client);
    const missed = missedSessionsBeforePositiveScreen(Object.values(chart.sessions), collectedOn, results, missedSessionWindowDays);
    if (missed.length === 0) return;
    await this.open(uow, event, { episodeId, patientId, signal: 'missed-session-positive-screen', sourceId: screenId, signalAt: event.time });
  }

  private async open(uow: UnitOfWork, event: PublicEvent, signal: Signal): Promise<void> {
    const { rows } = await uow.client.query<{ location_id: string }>(
      'SELECT location_id FROM safety_episode_locations WHERE episode_id = $1 AND tenant_id = $2', [signal.episodeId, event.tenantId]);
    const locationId = rows[0]?.location_id;
    const roster = locationId ? (await uow.client.query<RosterShift>(
      `SELECT staff_id AS "staffId", to_json(starts_at) #>> '{}' AS "from", to_json(ends_at) #>> '{}' AS "to" FROM safety_on_call_shifts
       WHERE location_id = $1 AND tenant_id = $2 AND starts_at <= $3 AND ends_at > $3`, [locationId, event.tenantId, signal.signalAt])).rows : [];
    const ctx = commandContextFromEvent(event, 'clinical-notes');
    const alertId = deterministicId(`${event.id}:safety-alert`);
    await uow.decide(safetyAlertStream(signal.episodeId), safetyAlertDecider, {
      type: 'OpenSafetyAlert', data: { alertId, ...signal, ...(locationId ? { locationId } : {}), roster }, metadata: ctx,
    }, ctx);
  }
}
