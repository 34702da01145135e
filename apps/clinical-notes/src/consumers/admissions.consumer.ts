import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { commandContextFromEvent, EventConsumers, EventStore, handle, toEventMetadata, type CommandContext } from '@iop/event-store';
import { patientAdmittedV1, patientDischargedV1, TOPICS, type PatientAdmitted, type PatientDischarged, type PublicEvent } from '@iop/domain-events';
import { chartDecider, chartStream, decide, type ChartCommand } from '../chart/chart.decide';

/** Runs a chart command for a consumed event, in the inbox transaction, with ids derived from the event's. */
export async function onChart(
  store: EventStore, event: PublicEvent, client: PoolClient, episodeId: string, command: (ctx: CommandContext) => ChartCommand,
): Promise<void> {
  const ctx = commandContextFromEvent(event, 'clinical-notes');
  const options = { client, idSeed: event.id };
  await handle(store, chartStream(episodeId), chartDecider, (s) => decide(command(ctx), s), toEventMetadata(ctx), options);
}

/**
 * Admissions opens the chart (the episode becomes known here; its plan falls due) and closes it at discharge (a
 * discharge summary falls due). Only ids and dates are kept: the display name is not needed here.
 */
@Injectable()
export class AdmissionsConsumer {
  constructor(@Inject(EventConsumers) consumers: EventConsumers, @Inject(EventStore) store: EventStore) {
    consumers.register({
      name: 'admissions',
      topics: [TOPICS.admissions],
      handlers: {
        [patientAdmittedV1.type]: async (event, client) => {
          const { episodeId, patientId, startDate, admittedAt } = event.data as PatientAdmitted;
          const data = { episodeId, patientId, startDate, admittedAt };
          await onChart(store, event, client, episodeId, (metadata) => ({ type: 'OpenChart', data, metadata }));
        },
        [patientDischargedV1.type]: async (event, client) => {
          const { episodeId, patientId, reason, dischargedAt } = event.data as PatientDischarged;
          const data = { episodeId, patientId, reason, dischargedAt };
          await onChart(store, event, client, episodeId, (metadata) => ({ type: 'CloseChart', data, metadata }));
        },
      },
    });
  }
}
