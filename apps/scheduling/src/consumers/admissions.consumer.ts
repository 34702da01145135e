import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  alumniEnrolledV1, episodeCancelledV1, patientAdmittedV1, patientDischargedV1, type AlumniEnrolled, type EpisodeCancelled, type PatientAdmitted,
  type PatientDischarged, type PublicEvent,
} from '@iop/domain-events';
import { ConsumerController, type InboxContext } from '@iop/event-store';
import { cancelEnrollment } from '../application/cancel-enrollment';
import { enrollAlumni } from '../application/enroll-alumni';
import { dischargeEpisode } from '../application/discharge-episode';
import { enrollEpisodes } from '../application/enroll-episode';

/**
 * Admissions' episode events, in one consumer: AlumniEnrolled must follow the PatientDischarged of the same
 * episode, and EpisodeCancelled the PatientAdmitted it cancels; Kafka keeps that order only within one key, one
 * topic and one consumer group.
 */
@ConsumerController('admissions-episodes')
export class AdmissionsConsumers {
  /** Consecutive admissions enroll together: their seats read once, their enrollments read and appended in one statement each. */
  @EventPattern(patientAdmittedV1.type, { batch: true })
  admitted(@Payload() events: PublicEvent<PatientAdmitted>[], @Ctx() { uow }: InboxContext) {
    return enrollEpisodes(uow, events);
  }

  @EventPattern(patientDischargedV1.type)
  discharged(@Payload() event: PublicEvent<PatientDischarged>, @Ctx() { uow }: InboxContext) {
    return dischargeEpisode(uow, event);
  }

  @EventPattern(episodeCancelledV1.type)
  cancelled(@Payload() event: PublicEvent<EpisodeCancelled>, @Ctx() { uow }: InboxContext) {
    return cancelEnrollment(uow, event);
  }

  @EventPattern(alumniEnrolledV1.type)
  alumni(@Payload() event: PublicEvent<AlumniEnrolled>, @Ctx() { uow }: InboxContext) {
    return enrollAlumni(uow, event);
  }
}
