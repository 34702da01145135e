import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  diagnosisRecordedV1, diagnosisRemovedV1, diagnosisResolvedV1, type DiagnosisRecorded, type DiagnosisRemoved, type DiagnosisResolved, type PublicEvent,
} from '@iop/domain-events';
import { ConsumerController, type InboxContext } from '@iop/event-store';

/**
 * Admissions' diagnoses, as ids and a status only (codes stay in admissions): a treatment-plan problem that names a
 * diagnosis is checked against them (docs/DOMAIN.md section 9). A status change that arrives first records the row.
 */
@ConsumerController('admissions-diagnoses')
export class DiagnosesConsumer {
  @EventPattern(diagnosisRecordedV1.type)
  recorded(@Payload() event: PublicEvent<DiagnosisRecorded>, @Ctx() { client }: InboxContext) {
    return this.status(client, event, 'active');
  }

  @EventPattern(diagnosisResolvedV1.type)
  resolved(@Payload() event: PublicEvent<DiagnosisResolved>, @Ctx() { client }: InboxContext) {
    return this.status(client, event, 'resolved');
  }

  @EventPattern(diagnosisRemovedV1.type)
  removed(@Payload() event: PublicEvent<DiagnosisRemoved>, @Ctx() { client }: InboxContext) {
    return this.status(client, event, 'removed');
  }

  private async status(client: InboxContext['client'], event: PublicEvent<{ diagnosisId: string; episodeId: string }>, status: string): Promise<void> {
    // Removal is final; a late DiagnosisRecorded (redelivered after it) never brings a removed diagnosis back.
    await client.query(
      `INSERT INTO episode_diagnoses (diagnosis_id, tenant_id, episode_id, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (diagnosis_id) DO UPDATE SET status = excluded.status WHERE episode_diagnoses.status <> 'removed'`,
      [event.data.diagnosisId, event.tenantId, event.data.episodeId, status]);
  }
}
