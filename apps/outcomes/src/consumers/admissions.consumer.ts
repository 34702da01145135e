import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import {
  episodeCancelledV1, type EpisodeCancelled, patientAdmittedV1, patientDischargedV1, type PatientAdmitted, type PatientDischarged, type PublicEvent,
  TOPICS,
} from '@iop/domain-events';
import { commandContextFromEvent, deterministicId, EventConsumers, EventStore } from '@iop/event-store';
import { runEpisodeCommand } from '../episode/run-episode-command';
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
    consumers.register({
      name: 'admissions',
      topics: [TOPICS.admissions],
      handlers: {
        [patientAdmittedV1.type]: (event, client) => this.admitted(event, client),
        [patientDischargedV1.type]: (event, client) => this.discharged(event, client),
        [episodeCancelledV1.type]: (event, client) => this.cancelled(event, client),
      },
    });
  }

  private async admitted(event: PublicEvent, client: PoolClient): Promise<void> {
    const metadata = commandContextFromEvent(event, 'outcomes');
    const data = event.data as PatientAdmitted;
    await runEpisodeCommand(this.store, data.episodeId, { type: 'OpenEpisode', data, metadata }, { client, idSeed: event.id });
  }

  private async cancelled(event: PublicEvent, client: PoolClient): Promise<void> {
    const metadata = commandContextFromEvent(event, 'outcomes');
    const data = event.data as EpisodeCancelled;
    await runEpisodeCommand(this.store, data.episodeId, { type: 'CancelEpisode', data, metadata }, { client, idSeed: event.id });
  }

  private async discharged(event: PublicEvent, client: PoolClient): Promise<void> {
    const { followUps } = await loadOutcomeSettings(this.store, event.tenantId, client);
    const ids = followUps.offsetsDays.map((_, i) => deterministicId(`${event.id}:follow-up`, i));
    const metadata = { ...commandContextFromEvent(event, 'outcomes'), ids };
    const discharged = event.data as PatientDischarged;
    await runEpisodeCommand(this.store, discharged.episodeId, { type: 'CloseEpisode', data: { discharged, followUps }, metadata }, { client, idSeed: event.id });
  }
}
