import { contractFor } from '@iop/domain-events';
import type { EventHandler } from '@iop/event-store';

/**
 * iop.webhooks.v1: the webhooks service logs every disclosure outside the program (42 CFR 2.24, accounting of
 * disclosures). Keyed on the type string: the contract is being added to @iop/domain-events by the webhooks team,
 * and the inbox parks records of types the registry does not know, so the consumer only subscribes once it does.
 */
export const DISCLOSURE_RECORDED = 'iop.webhooks.DisclosureRecorded.v1';
export const WEBHOOKS_TOPIC = 'iop.webhooks.v1';

export type DisclosureRecorded = {
  disclosureId: string;
  patientId: string;
  recipient: string;
  purpose: string;
  eventType: string;
  eventId: string;
  disclosedAt: string;
  consentId?: string;
};

export const disclosureContractKnown = (): boolean => contractFor(DISCLOSURE_RECORDED) !== undefined;

export const recordDisclosure: EventHandler = async (event, client) => {
  const d = event.data as DisclosureRecorded;
  await client.query(
    `INSERT INTO disclosures (tenant_id, disclosure_id, patient_id, recipient, purpose, event_type, event_id, consent_id, disclosed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [event.tenantId, d.disclosureId, d.patientId, d.recipient, d.purpose, d.eventType, d.eventId, d.consentId ?? null, d.disclosedAt],
  );
};

export const webhooksHandlers = (): Record<string, EventHandler> => ({ [DISCLOSURE_RECORDED]: recordDisclosure });
