import { Inject, Injectable } from '@nestjs/common';
import {
  episodeCancelledV1, type EpisodeCancelled, patientAdmittedV1, patientDischargedV1, type PatientAdmitted, type PatientDischarged, type PublicEvent,
  TOPICS,
} from '@iop/domain-events';
import { type CommandContext, commandContextFromEvent, type Declaration, deterministicId, EventConsumers, EventStore, type UnitOfWork } from '@iop/event-store';
import { episodeDecider, type EpisodeCommand } from '../episode/episode.decide';
import { episodeStream } from '../episode/episode.state';
import { loadOutcomeSettings } from '../settings/outcome-settings.loader';

/**
 * PatientAdmitted opens outcomes' record of the episode (the measurement schedule starts); PatientDischarged
 * closes it and schedules the follow-ups under the tenant's policy at that moment; EpisodeCancelled (same key, so
 * after its admission) takes it out of the metrics and the schedule. Ids derive from the consumed event's id, so a
 * redelivery can never schedule twice.
 */
@Injectable()
export class AdmissionsConsumer {
  constructor(
    @Inject(EventConsumers) consumers: EventConsumers,
    @Inject(EventStore) private readonly store: EventStore,
  ) {
    // Admissions and cancellations are plain episode commands, declared: a batch of them is one read and one append.
    consumers.register({
      name: 'admissions',
      topics: [TOPICS.admissions],
      handlers: {
        [patientAdmittedV1.type]: async (event) =>
          episodeCommand(event, (event.data as PatientAdmitted).episodeId, (metadata) => ({ type: 'OpenEpisode', data: event.data as PatientAdmitted, metadata })),
        [episodeCancelledV1.type]: async (event) =>
          episodeCommand(event, (event.data as EpisodeCancelled).episodeId, (metadata) => ({ type: 'CancelEpisode', data: event.data as EpisodeCancelled, metadata })),
        [patientDischargedV1.type]: (event, uow) => this.discharged(event, uow),
      },
    });
  }

  private async discharged(event: PublicEvent, uow: UnitOfWork): Promise<void> {
    const { followUps } = await loadOutcomeSettings(this.store, event.tenantId, uow.client);
    const ids = followUps.offsetsDays.map((_, i) => deterministicId(`${event.id}:follow-up`, i));
    const metadata = { ...commandContextFromEvent(event, 'outcomes'), ids };
    const discharged = event.data as PatientDischarged;
    await uow.decide(episodeStream(discharged.episodeId), episodeDecider, { type: 'CloseEpisode', data: { discharged, followUps }, metadata }, metadata);
  }
}

/** An episode command for a consumed event, declared (its event ids derive from the consumed event's). */
function episodeCommand(event: PublicEvent, episodeId: string, command: (metadata: CommandContext) => EpisodeCommand): Declaration[] {
  const ctx = commandContextFromEvent(event, 'outcomes');
  return [{ stream: episodeStream(episodeId), decider: episodeDecider, command: command(ctx), ctx } as Declaration];
}
