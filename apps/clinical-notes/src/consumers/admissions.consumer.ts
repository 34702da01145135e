import { Inject, Injectable } from '@nestjs/common';
import { commandContextFromEvent, type CommandContext, type Declaration, EventConsumers } from '@iop/event-store';
import { patientAdmittedV1, patientDischargedV1, TOPICS, type PatientAdmitted, type PatientDischarged, type PublicEvent } from '@iop/domain-events';
import { chartDecider, chartStream, type ChartCommand } from '../chart/chart.decide';

/** A chart command for a consumed event, declared: the consumer decides it (ids derived from the event's). */
export function chartCommand(event: PublicEvent, episodeId: string, command: (ctx: CommandContext) => ChartCommand): Declaration[] {
  const ctx = commandContextFromEvent(event, 'clinical-notes');
  return [{ stream: chartStream(episodeId), decider: chartDecider, command: command(ctx), ctx } as Declaration];
}

/**
 * Admissions opens the chart (the episode becomes known here; its plan falls due) and closes it at discharge (a
 * discharge summary falls due). Only ids and dates are kept: the display name is not needed here. A batch of
 * admissions opens its charts with one read and one append (and one insert into the charts table).
 */
@Injectable()
export class AdmissionsConsumer {
  constructor(@Inject(EventConsumers) consumers: EventConsumers) {
    consumers.register({
      name: 'admissions',
      topics: [TOPICS.admissions],
      handlers: {
        [patientAdmittedV1.type]: async (event) => {
          const { episodeId, patientId, startDate, admittedAt } = event.data as PatientAdmitted;
          const data = { episodeId, patientId, startDate, admittedAt };
          return chartCommand(event, episodeId, (metadata) => ({ type: 'OpenChart', data, metadata }));
        },
        [patientDischargedV1.type]: async (event) => {
          const { episodeId, patientId, reason, dischargedAt } = event.data as PatientDischarged;
          const data = { episodeId, patientId, reason, dischargedAt };
          return chartCommand(event, episodeId, (metadata) => ({ type: 'CloseChart', data, metadata }));
        },
      },
    });
  }
}
