import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import {
  episodeCancelledV1, type EpisodeCancelled, patientAdmittedV1, patientDischargedV1, type PatientAdmitted, type PatientDischarged, type PublicEvent,
  TOPICS,
} from '@iop/domain-events';
import {
  applyInRuns, type CommandContext, commandContextFromEvent, deterministicId, EventConsumers, EventStore, type StreamCommand, streamCommands, toEventMetadata,
} from '@iop/event-store';
import { episodeDecider, type EpisodeCommand } from '../episode/episode.decide';
import type { EpisodeEvent } from '../episode/episode.events';
import { runEpisodeCommand } from '../episode/run-episode-command';
import { episodeStream, type EpisodeState } from '../episode/episode.state';
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
    // Admissions and cancellations are plain episode commands: a batch of them is one read and one append.
    const { handlers, runs } = streamCommands(store, {
      [patientAdmittedV1.type]: (event) => episodeCommand(event, (event.data as PatientAdmitted).episodeId, (metadata) => ({ type: 'OpenEpisode', data: event.data as PatientAdmitted, metadata })),
      [episodeCancelledV1.type]: (event) => episodeCommand(event, (event.data as EpisodeCancelled).episodeId, (metadata) => ({ type: 'CancelEpisode', data: event.data as EpisodeCancelled, metadata })),
    });
    const all = { ...handlers, [patientDischargedV1.type]: (event: PublicEvent, client: PoolClient) => this.discharged(event, client) };
    consumers.register({ name: 'admissions', topics: [TOPICS.admissions], handlers: all, applyBatch: applyInRuns(runs, all) });
  }

  private async discharged(event: PublicEvent, client: PoolClient): Promise<void> {
    const { followUps } = await loadOutcomeSettings(this.store, event.tenantId, client);
    const ids = followUps.offsetsDays.map((_, i) => deterministicId(`${event.id}:follow-up`, i));
    const metadata = { ...commandContextFromEvent(event, 'outcomes'), ids };
    const discharged = event.data as PatientDischarged;
    await runEpisodeCommand(this.store, discharged.episodeId, { type: 'CloseEpisode', data: { discharged, followUps }, metadata }, { client, idSeed: event.id });
  }
}

/** An episode command for a consumed event, with ids derived from the event's (what `runEpisodeCommand` runs). */
function episodeCommand(
  event: PublicEvent, episodeId: string, command: (metadata: CommandContext) => EpisodeCommand & { metadata: CommandContext },
): StreamCommand<EpisodeState, EpisodeEvent> {
  const c = command(commandContextFromEvent(event, 'outcomes'));
  return { stream: episodeStream(episodeId), decider: episodeDecider, decide: (state) => episodeDecider.decide(c, state), metadata: toEventMetadata(c.metadata), idSeed: event.id };
}
