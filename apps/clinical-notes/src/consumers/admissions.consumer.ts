import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import {
  applyInRuns, commandContextFromEvent, EventConsumers, EventStore, handleCommand, type StreamCommand, streamCommands, toEventMetadata, type CommandContext,
} from '@iop/event-store';
import { patientAdmittedV1, patientDischargedV1, TOPICS, type PatientAdmitted, type PatientDischarged, type PublicEvent } from '@iop/domain-events';
import { chartDecider, chartStream, decide, type ChartCommand } from '../chart/chart.decide';

/** A chart command for a consumed event, with ids derived from the event's. */
export function chartCommand(event: PublicEvent, episodeId: string, command: (ctx: CommandContext) => ChartCommand): StreamCommand {
  const ctx = commandContextFromEvent(event, 'clinical-notes');
  return { stream: chartStream(episodeId), decider: chartDecider, decide: (s) => decide(command(ctx), s as never), metadata: toEventMetadata(ctx), idSeed: event.id };
}

/** Runs a chart command for a consumed event, in the inbox transaction. */
export async function onChart(
  store: EventStore, event: PublicEvent, client: PoolClient, episodeId: string, command: (ctx: CommandContext) => ChartCommand,
): Promise<void> {
  await handleCommand(store, chartCommand(event, episodeId, command), client);
}

/**
 * Admissions opens the chart (the episode becomes known here; its plan falls due) and closes it at discharge (a
 * discharge summary falls due). Only ids and dates are kept: the display name is not needed here.
 */
@Injectable()
export class AdmissionsConsumer {
  constructor(@Inject(EventConsumers) consumers: EventConsumers, @Inject(EventStore) store: EventStore) {
    const { handlers, runs } = streamCommands(store, {
      [patientAdmittedV1.type]: (event) => {
        const { episodeId, patientId, startDate, admittedAt } = event.data as PatientAdmitted;
        const data = { episodeId, patientId, startDate, admittedAt };
        return chartCommand(event, episodeId, (metadata) => ({ type: 'OpenChart', data, metadata }));
      },
      [patientDischargedV1.type]: (event) => {
        const { episodeId, patientId, reason, dischargedAt } = event.data as PatientDischarged;
        const data = { episodeId, patientId, reason, dischargedAt };
        return chartCommand(event, episodeId, (metadata) => ({ type: 'CloseChart', data, metadata }));
      },
    });
    consumers.register({
      name: 'admissions',
      topics: [TOPICS.admissions],
      handlers,
      // A batch of admissions opens its charts with one read and one append (and one insert into the charts table).
      applyBatch: applyInRuns(runs, handlers),
    });
  }
}
