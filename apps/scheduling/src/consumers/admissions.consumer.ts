import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  alumniEnrolledV1, careTeamChangedV1, type CareTeamChanged, episodeCancelledV1, patientAdmittedV1, patientDischargedV1, type AlumniEnrolled,
  type EpisodeCancelled, type PatientAdmitted, type PatientDischarged, type PublicEvent,
} from '@iop/domain-events';
import { commandContextFromEvent, ConsumerController, type Declaration, type InboxContext } from '@iop/event-store';
import { cancelEnrollment } from '../application/cancel-enrollment';
import { enrollAlumni } from '../application/enroll-alumni';
import { dischargeEpisode } from '../application/discharge-episode';
import { enrollEpisodes } from '../application/enroll-episode';
import { stopPlanCare } from '../book-plan-care/plan-care';
import { careTeamDecider, careTeamStream } from '@iop/care-team';

/**
 * Admissions' episode events, in one consumer: AlumniEnrolled must follow the PatientDischarged of the same
 * episode, and EpisodeCancelled the PatientAdmitted it cancels; Kafka keeps that order only within one key, one
 * topic and one consumer group. CareTeamChanged keeps scheduling's copy of the episode's care team, by which a
 * clinician's outreach tasks are their own patients'.
 */
@ConsumerController('admissions-episodes')
export class AdmissionsConsumers {
  /** Consecutive admissions enroll together: their seats read once, their enrollments read and appended in one statement each. */
  @EventPattern(patientAdmittedV1.type, { batch: true })
  admitted(@Payload() events: PublicEvent<PatientAdmitted>[], @Ctx() { uow }: InboxContext) {
    return enrollEpisodes(uow, events);
  }

  /** Later program seats go back; the treatment plan's later individual sessions are cancelled with the clinician too. */
  @EventPattern(patientDischargedV1.type)
  async discharged(@Payload() event: PublicEvent<PatientDischarged>, @Ctx() { uow }: InboxContext) {
    await dischargeEpisode(uow, event);
    await stopPlanCare(uow, commandContextFromEvent(event, 'scheduling'), event.data.episodeId, event.data.dischargedAt, 'discharged');
  }

  @EventPattern(episodeCancelledV1.type)
  async cancelled(@Payload() event: PublicEvent<EpisodeCancelled>, @Ctx() { uow }: InboxContext) {
    await cancelEnrollment(uow, event);
    await stopPlanCare(uow, commandContextFromEvent(event, 'scheduling'), event.data.episodeId, event.data.cancelledAt, 'episode-cancelled');
  }

  @EventPattern(careTeamChangedV1.type)
  careTeamChanged(@Payload() event: PublicEvent<CareTeamChanged>): Declaration[] {
    const ctx = commandContextFromEvent(event, 'scheduling');
    return [{ stream: careTeamStream(event.data.episodeId), decider: careTeamDecider, command: { type: 'NoteCareTeamChange', data: event.data, metadata: ctx }, ctx } as Declaration];
  }

  @EventPattern(alumniEnrolledV1.type)
  alumni(@Payload() event: PublicEvent<AlumniEnrolled>, @Ctx() { uow }: InboxContext) {
    return enrollAlumni(uow, event);
  }
}
