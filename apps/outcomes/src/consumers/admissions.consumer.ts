import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  careTeamChangedV1, type CareTeamChanged, episodeCancelledV1, type EpisodeCancelled, patientAdmittedV1, patientDischargedV1, type PatientAdmitted,
  type PatientDischarged, type PublicEvent,
} from '@iop/domain-events';
import { commandContextFromEvent, ConsumerController, type Declaration, deterministicId, EventStore, type InboxContext } from '@iop/event-store';
import { careTeamDecider, careTeamStream } from '@iop/care-team';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';
import { loadOutcomeSettings } from '../shared/outcome-settings.loader';
import { episodeCommand } from './scheduling.consumer';

/**
 * PatientAdmitted opens outcomes' record of the episode (the measurement schedule starts); PatientDischarged
 * closes it and schedules the follow-ups under the tenant's policy at that moment; EpisodeCancelled (same key, so
 * after its admission) takes it out of the metrics and the schedule. Ids derive from the consumed event's id, so a
 * redelivery can never schedule twice. Admissions and cancellations are plain episode commands, declared: a batch of
 * them is one read and one append. CareTeamChanged (same key: one episode's changes in order) keeps outcomes' copy of
 * the episode's care team, by which a clinician's measures due are their own patients'.
 */
@ConsumerController('admissions')
export class AdmissionsConsumer {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @EventPattern(patientAdmittedV1.type)
  admitted(@Payload() event: PublicEvent<PatientAdmitted>) {
    return episodeCommand(event, event.data.episodeId, (metadata) => ({ type: 'OpenEpisode', data: event.data, metadata }));
  }

  @EventPattern(episodeCancelledV1.type)
  cancelled(@Payload() event: PublicEvent<EpisodeCancelled>) {
    return episodeCommand(event, event.data.episodeId, (metadata) => ({ type: 'CancelEpisode', data: event.data, metadata }));
  }

  @EventPattern(careTeamChangedV1.type)
  careTeamChanged(@Payload() event: PublicEvent<CareTeamChanged>): Declaration[] {
    const ctx = commandContextFromEvent(event, 'outcomes');
    return [{ stream: careTeamStream(event.data.episodeId), decider: careTeamDecider, command: { type: 'NoteCareTeamChange', data: event.data, metadata: ctx }, ctx } as Declaration];
  }

  /** Reads the tenant's follow-up policy in the inbox transaction, then decides there. */
  @EventPattern(patientDischargedV1.type)
  async discharged(@Payload() event: PublicEvent<PatientDischarged>, @Ctx() { uow }: InboxContext): Promise<void> {
    const { followUps } = await loadOutcomeSettings(this.store, event.tenantId, uow.client);
    const ids = followUps.offsetsDays.map((_, i) => deterministicId(`${event.id}:follow-up`, i));
    const metadata = { ...commandContextFromEvent(event, 'outcomes'), ids };
    await uow.decide(episodeStream(event.data.episodeId), episodeDecider, { type: 'CloseEpisode', data: { discharged: event.data, followUps }, metadata }, metadata);
  }
}
