import { Inject, Injectable } from '@nestjs/common';
import {
  alumniEnrolledV1, episodeCancelledV1, patientAdmittedV1, patientDischargedV1, TOPICS, type AlumniEnrolled, type EpisodeCancelled,
  type PatientAdmitted, type PatientDischarged, type PublicEvent,
} from '@iop/domain-events';
import { EventConsumers } from '@iop/event-store';
import { cancelEnrollment } from '../application/cancel-enrollment';
import { enrollAlumni } from '../application/enroll-alumni';
import { dischargeEpisode } from '../application/discharge-episode';
import { enrollEpisodes } from '../application/enroll-episode';

/**
 * Admissions' episode events, in one consumer: AlumniEnrolled must follow the PatientDischarged of the same
 * episode, and EpisodeCancelled the PatientAdmitted it cancels; Kafka keeps that order only within one key, one
 * topic and one consumer group.
 */
@Injectable()
export class AdmissionsConsumers {
  constructor(@Inject(EventConsumers) consumers: EventConsumers) {
    consumers.register({
      name: 'admissions-episodes',
      topics: [TOPICS.admissions],
      handlers: {
        [patientAdmittedV1.type]: (event, uow) => enrollEpisodes(uow, [event as PublicEvent<PatientAdmitted>]),
        [patientDischargedV1.type]: (event, uow) => dischargeEpisode(uow, event as PublicEvent<PatientDischarged>),
        [episodeCancelledV1.type]: (event, uow) => cancelEnrollment(uow, event as PublicEvent<EpisodeCancelled>),
        [alumniEnrolledV1.type]: (event, uow) => enrollAlumni(uow, event as PublicEvent<AlumniEnrolled>),
      },
      // Consecutive admissions enroll together: their seats read once, their enrollments read and appended in one
      // statement each.
      batchHandlers: { [patientAdmittedV1.type]: (events, uow) => enrollEpisodes(uow, events as PublicEvent<PatientAdmitted>[]) },
    });
  }
}
