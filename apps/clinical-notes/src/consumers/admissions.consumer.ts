import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { commandContextFromEvent, type CommandContext, ConsumerController, type Declaration, type InboxContext } from '@iop/event-store';
import { writeAtCommit } from '@iop/platform';
import { patientAdmittedV1, patientDischargedV1, type PatientAdmitted, type PatientDischarged, type PublicEvent } from '@iop/domain-events';
import { chartDecider, chartStream, type ChartCommand } from '../domain/chart/chart.decide';

/** A chart command for a consumed event, declared: the consumer decides it (ids derived from the event's). */
export function chartCommand(event: PublicEvent, episodeId: string, command: (ctx: CommandContext) => ChartCommand): Declaration[] {
  const ctx = commandContextFromEvent(event, 'clinical-notes');
  return [{ stream: chartStream(episodeId), decider: chartDecider, command: command(ctx), ctx } as Declaration];
}

/**
 * Admissions opens the chart (the episode becomes known here; its plan falls due) and closes it at discharge (a
 * discharge summary falls due). Only ids and dates are kept: the display name is not needed here. The handlers
 * declare chart commands: a batch of admissions opens its charts with one read and one append (and one insert into
 * the charts table).
 */
@ConsumerController('admissions')
export class AdmissionsConsumer {
  /**
   * Also keeps the episode's location for routing its safety alerts (an episode stays at the location it was admitted
   * to), written with the COMMIT. Taken from here rather than from scheduling's EpisodeEnrolled, which carries the whole
   * booked schedule (about 10 kB): each admission cost this service a second event to parse and validate, and a
   * transaction of its own, for one field.
   */
  @EventPattern(patientAdmittedV1.type)
  async admitted(@Payload() event: PublicEvent<PatientAdmitted>, @Ctx() { client }: InboxContext) {
    const { episodeId, patientId, locationId, startDate, admittedAt } = event.data;
    await writeAtCommit(client, `INSERT INTO safety_episode_locations (episode_id, tenant_id, location_id) VALUES ($1, $2, $3)
      ON CONFLICT (episode_id) DO UPDATE SET location_id = excluded.location_id`, [episodeId, event.tenantId, locationId]);
    const data = { episodeId, patientId, startDate, admittedAt };
    return chartCommand(event, episodeId, (metadata) => ({ type: 'OpenChart', data, metadata }));
  }

  @EventPattern(patientDischargedV1.type)
  discharged(@Payload() event: PublicEvent<PatientDischarged>) {
    const { episodeId, patientId, reason, dischargedAt } = event.data;
    const data = { episodeId, patientId, reason, dischargedAt };
    return chartCommand(event, episodeId, (metadata) => ({ type: 'CloseChart', data, metadata }));
  }
}
