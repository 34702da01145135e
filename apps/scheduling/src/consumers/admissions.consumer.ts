import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import {
  alumniEnrolledV1, episodeCancelledV1, patientAdmittedV1, patientDischargedV1, TOPICS, type AlumniEnrolled, type EpisodeCancelled,
  type PatientAdmitted, type PatientDischarged, type PublicEvent,
} from '@iop/domain-events';
import { applyInRuns, EventConsumers, EventStore } from '@iop/event-store';
import { cancelEnrollment } from '../application/cancel-enrollment';
import { enrollAlumni } from '../application/enroll-alumni';
import { dischargeEpisode } from '../application/discharge-episode';
import { enrollEpisode, enrollEpisodes } from '../application/enroll-episode';

/**
 * Admissions' episode events, in one consumer: AlumniEnrolled must follow the PatientDischarged of the same
 * episode, and EpisodeCancelled the PatientAdmitted it cancels; Kafka keeps that order only within one key, one
 * topic and one consumer group.
 */
@Injectable()
export class AdmissionsConsumers {
  constructor(@Inject(EventConsumers) consumers: EventConsumers, @Inject(EventStore) store: EventStore) {
    const handlers = {
      [patientAdmittedV1.type]: (event: PublicEvent, client: PoolClient) => enrollEpisode(store, client, event as PublicEvent<PatientAdmitted>),
      [patientDischargedV1.type]: (event: PublicEvent, client: PoolClient) => dischargeEpisode(store, client, event as PublicEvent<PatientDischarged>),
      [episodeCancelledV1.type]: (event: PublicEvent, client: PoolClient) => cancelEnrollment(store, client, event as PublicEvent<EpisodeCancelled>),
      [alumniEnrolledV1.type]: (event: PublicEvent, client: PoolClient) => enrollAlumni(store, client, event as PublicEvent<AlumniEnrolled>),
    };
    consumers.register({
      name: 'admissions-episodes',
      topics: [TOPICS.admissions],
      handlers,
      // Consecutive admissions enroll together: their seats read once, their enrollments appended in one statement.
      // Not with the COMMIT even when the run ends the batch: sent there, the enrollments' events (several kB each)
      // are escaped into the statement's text, which cost scheduling more CPU than the round trips it saves
      // (docs/PERFORMANCE.md, "Measurements behind the code").
      applyBatch: applyInRuns({ [patientAdmittedV1.type]: (events, client) => enrollEpisodes(store, client, events as PublicEvent<PatientAdmitted>[]) }, handlers),
    });
  }
}
