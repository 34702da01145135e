import { disclosureRecordedV1, type DisclosureRecorded, fhirDisclosureRecordedV1, type FhirDisclosureRecorded } from '@iop/domain-events';
import type { EventHandler } from '@iop/event-store';

/**
 * iop.webhooks.v1 and iop.fhir.v1: the webhooks service and the FHIR facade log every disclosure outside the program
 * (42 CFR 2.24, accounting of disclosures); admissions keeps them per patient for the accounting-of-disclosures
 * endpoint, each with the channel that made it.
 */
export const DISCLOSURE_RECORDED = disclosureRecordedV1.type;
export const FHIR_DISCLOSURE_RECORDED = fhirDisclosureRecordedV1.type;
export const WEBHOOKS_TOPIC = disclosureRecordedV1.topic;

export const recordDisclosure: EventHandler = async (event, uow) => {
  const d = event.data as DisclosureRecorded;
  await uow.client.query(
    `INSERT INTO disclosures (tenant_id, disclosure_id, patient_id, recipient, purpose, event_type, event_id, consent_id, disclosed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [event.tenantId, d.disclosureId, d.patientId, d.recipient, d.purpose, d.eventType, d.eventId, d.consentId ?? null, d.disclosedAt],
  );
};

/** A FHIR response gave out resources, not an event: the interaction and the resources instead. */
export const recordFhirDisclosure: EventHandler = async (event, uow) => {
  const d = event.data as FhirDisclosureRecorded;
  await uow.client.query(
    `INSERT INTO disclosures (tenant_id, disclosure_id, patient_id, recipient, purpose, channel, interaction, resources, consent_id, disclosed_at)
     VALUES ($1, $2, $3, $4, $5, 'fhir', $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [event.tenantId, d.disclosureId, d.patientId, d.recipient, d.purpose, d.interaction, d.resources, d.consentId, d.disclosedAt],
  );
};

export const webhooksHandlers = (): Record<string, EventHandler> => ({ [DISCLOSURE_RECORDED]: recordDisclosure, [FHIR_DISCLOSURE_RECORDED]: recordFhirDisclosure });
