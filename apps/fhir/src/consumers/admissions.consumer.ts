import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  consentGrantedV1, type ConsentGranted, consentRevokedV1, type ConsentRevoked, episodeCancelledV1, type EpisodeCancelled, levelOfCareChangedV1,
  type LevelOfCareChanged, patientAdmittedV1, type PatientAdmitted, patientDischargedV1, type PatientDischarged, patientReferredV1,
  type PatientReferred, type PublicEvent,
} from '@iop/domain-events';
import { ConsumerController, type InboxContext } from '@iop/event-store';
import {
  consentFromGrant, consentRevoked, episodeCancelled, episodeDischarged, episodeFromAdmission, episodeLevelChanged, patientFromAdmission,
  patientFromReferral,
} from '../resources/fhir-resources';
import { loadResource, saveResource } from '../resources/resource-store';
import { requireResource } from './require-resource';

/**
 * Patients, episodes of care and Part 2 consents. An episode's later events share its key, so they follow its
 * admission; a consent's revocation follows its grant for the same reason (key: the consent).
 */
@ConsumerController('admissions')
export class AdmissionsConsumer {
  @EventPattern(patientReferredV1.type)
  async referred(@Payload() event: PublicEvent<PatientReferred>, @Ctx() { client }: InboxContext): Promise<void> {
    await saveResource(client, event.tenantId, patientFromReferral(await loadResource(client, 'Patient', event.data.patientId), event.data));
  }

  @EventPattern(patientAdmittedV1.type)
  async admitted(@Payload() event: PublicEvent<PatientAdmitted>, @Ctx() { client }: InboxContext): Promise<void> {
    await saveResource(client, event.tenantId, patientFromAdmission(await loadResource(client, 'Patient', event.data.patientId), event.data));
    await saveResource(client, event.tenantId, episodeFromAdmission(event.data));
  }

  @EventPattern(levelOfCareChangedV1.type)
  async levelChanged(@Payload() event: PublicEvent<LevelOfCareChanged>, @Ctx() { client }: InboxContext): Promise<void> {
    const current = await requireResource(client, 'EpisodeOfCare', event.data.episodeId);
    await saveResource(client, event.tenantId, episodeLevelChanged(current, event.data));
  }

  @EventPattern(patientDischargedV1.type)
  async discharged(@Payload() event: PublicEvent<PatientDischarged>, @Ctx() { client }: InboxContext): Promise<void> {
    const current = await requireResource(client, 'EpisodeOfCare', event.data.episodeId);
    await saveResource(client, event.tenantId, episodeDischarged(current, event.data));
  }

  @EventPattern(episodeCancelledV1.type)
  async cancelled(@Payload() event: PublicEvent<EpisodeCancelled>, @Ctx() { client }: InboxContext): Promise<void> {
    const current = await requireResource(client, 'EpisodeOfCare', event.data.episodeId);
    await saveResource(client, event.tenantId, episodeCancelled(current, event.data));
  }

  @EventPattern(consentGrantedV1.type)
  async consentGranted(@Payload() event: PublicEvent<ConsentGranted>, @Ctx() { client }: InboxContext): Promise<void> {
    await saveResource(client, event.tenantId, consentFromGrant(event.data));
  }

  @EventPattern(consentRevokedV1.type)
  async consentRevoked(@Payload() event: PublicEvent<ConsentRevoked>, @Ctx() { client }: InboxContext): Promise<void> {
    const current = await requireResource(client, 'Consent', event.data.consentId);
    await saveResource(client, event.tenantId, consentRevoked(current, event.data));
  }
}
