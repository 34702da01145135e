import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { PoolClient } from 'pg';
import {
  careTeamChangedV1, type CareTeamChanged, consentGrantedV1, type ConsentGranted, consentRevokedV1, type ConsentRevoked, diagnosisRecordedV1, type DiagnosisRecorded, diagnosisRemovedV1,
  type DiagnosisRemoved, diagnosisResolvedV1, type DiagnosisResolved, episodeCancelledV1, type EpisodeCancelled, levelOfCareChangedV1,
  type LevelOfCareChanged, patientAdmittedV1, type PatientAdmitted, patientDischargedV1, type PatientDischarged, patientReferredV1,
  type PatientReferred, type PublicEvent,
} from '@iop/domain-events';
import { ConsumerController, type InboxContext } from '@iop/event-store';
import {
  careTeamChanged, careTeamEnded, conditionFromDiagnosis, conditionResolved, consentFromGrant, consentRevoked, episodeCancelled, episodeDischarged, episodeFromAdmission,
  episodeLevelChanged, episodeWithCareTeam, patientFromAdmission, patientFromReferral, practitionerFor,
} from '../resources/fhir-resources';
import { deleteResource, loadResource, saveResource } from '../resources/resource-store';
import { ledgerGranted, ledgerRevoked } from '../disclosure/consent-ledger';
import { requireResource } from './require-resource';
import { keep } from './consumed-events';

/** An episode that ended leaves its care team, if it had one, inactive. */
async function endCareTeam(client: PoolClient, tenantId: string, episodeId: string, patientId: string, at: string): Promise<void> {
  const team = await loadResource(client, 'CareTeam', episodeId);
  if (team) await saveResource(client, tenantId, careTeamEnded(team, patientId, at));
}

/**
 * Patients, episodes of care and their care teams, their diagnoses (Condition) and Part 2 consents. An episode's later events (its
 * diagnoses too) share its key, so they follow its admission; a consent's revocation follows its grant for the same
 * reason (key: the patient). Consents also go to the ledger the facade checks before disclosing anything to a
 * recipient outside the program.
 */
@ConsumerController('admissions')
export class AdmissionsConsumer {
  @EventPattern(patientReferredV1.type)
  async referred(@Payload() event: PublicEvent<PatientReferred>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await saveResource(client, event.tenantId, patientFromReferral(await loadResource(client, 'Patient', event.data.patientId), event.data));
  }

  @EventPattern(patientAdmittedV1.type)
  async admitted(@Payload() event: PublicEvent<PatientAdmitted>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await saveResource(client, event.tenantId, patientFromAdmission(await loadResource(client, 'Patient', event.data.patientId), event.data));
    await saveResource(client, event.tenantId, episodeFromAdmission(event.data, event.tenantId));
  }

  @EventPattern(levelOfCareChangedV1.type)
  async levelChanged(@Payload() event: PublicEvent<LevelOfCareChanged>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const current = await requireResource(client, 'EpisodeOfCare', event.data.episodeId);
    await saveResource(client, event.tenantId, episodeLevelChanged(current, event.data));
  }

  @EventPattern(patientDischargedV1.type)
  async discharged(@Payload() event: PublicEvent<PatientDischarged>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const current = await requireResource(client, 'EpisodeOfCare', event.data.episodeId);
    await saveResource(client, event.tenantId, episodeDischarged(current, event.data));
    await endCareTeam(client, event.tenantId, event.data.episodeId, event.data.patientId, event.data.dischargedAt);
  }

  @EventPattern(episodeCancelledV1.type)
  async cancelled(@Payload() event: PublicEvent<EpisodeCancelled>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const current = await requireResource(client, 'EpisodeOfCare', event.data.episodeId);
    await saveResource(client, event.tenantId, episodeCancelled(current, event.data));
    await endCareTeam(client, event.tenantId, event.data.episodeId, event.data.patientId, event.data.cancelledAt);
  }

  /**
   * The episode's CareTeam, the Practitioner of the member (made with their first assignment) and the episode's
   * references to both. The change shares the episode's key, so it follows the admission.
   */
  @EventPattern(careTeamChangedV1.type)
  async careTeamChanged(@Payload() event: PublicEvent<CareTeamChanged>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const { tenantId, data } = event;
    const episode = await requireResource(client, 'EpisodeOfCare', data.episodeId);
    const team = careTeamChanged(await loadResource(client, 'CareTeam', data.episodeId), tenantId, data);
    await saveResource(client, tenantId, practitionerFor(tenantId, data.staffId));
    await saveResource(client, tenantId, team);
    await saveResource(client, tenantId, episodeWithCareTeam(episode, team.resource, data.patientId));
  }

  @EventPattern(consentGrantedV1.type)
  async consentGranted(@Payload() event: PublicEvent<ConsentGranted>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await saveResource(client, event.tenantId, consentFromGrant(event.data));
    await ledgerGranted(client, event.tenantId, event.data);
  }

  @EventPattern(consentRevokedV1.type)
  async consentRevoked(@Payload() event: PublicEvent<ConsentRevoked>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const current = await requireResource(client, 'Consent', event.data.consentId);
    await saveResource(client, event.tenantId, consentRevoked(current, event.data));
    await ledgerRevoked(client, event.data);
  }

  @EventPattern(diagnosisRecordedV1.type)
  async diagnosisRecorded(@Payload() event: PublicEvent<DiagnosisRecorded>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await saveResource(client, event.tenantId, conditionFromDiagnosis(event.data));
  }

  @EventPattern(diagnosisResolvedV1.type)
  async diagnosisResolved(@Payload() event: PublicEvent<DiagnosisResolved>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const current = await requireResource(client, 'Condition', event.data.diagnosisId);
    await saveResource(client, event.tenantId, conditionResolved(current, event.data));
  }

  /** Entered in error: the contract says consumers forget it; the history keeps the deletion. */
  @EventPattern(diagnosisRemovedV1.type)
  async diagnosisRemoved(@Payload() event: PublicEvent<DiagnosisRemoved>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await deleteResource(client, 'Condition', event.data.diagnosisId);
  }
}
