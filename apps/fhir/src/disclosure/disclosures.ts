import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { FhirInteraction } from '@iop/domain-events';
import type { EventStore, NewEvent } from '@iop/event-store';
import type { AuditLog, Principal } from '@iop/platform';
import type { DisclosureRecorded } from '../publishing/fhir.publishing';
import type { ConsentInForce } from './consent-ledger';

export interface Disclosed {
  patientId: string;
  consent: ConsentInForce;
  /** `Type/id` of the resource given out. */
  reference: string;
}

/**
 * Records what a response gives a recipient outside the program, in the request's transaction (nothing is sent if the
 * record cannot be written): one disclosure per patient and consent relied on, with the resources it carried, for the
 * accounting of disclosures (42 CFR 2.24), and an audit entry `disclose` with the consent's purpose. Each is also an
 * event of the service's store, published as `iop.fhir.DisclosureRecorded.v1` (with the same commit, through the
 * store's publisher) for admissions' accounting of the patient's disclosures.
 */
export async function recordDisclosures(
  client: PoolClient, audit: AuditLog, store: EventStore, actor: Principal, recipient: string, interaction: FhirInteraction, disclosed: readonly Disclosed[],
): Promise<void> {
  const groups = new Map<string, { patientId: string; consent: ConsentInForce; references: string[] }>();
  for (const d of disclosed) {
    const key = `${d.patientId}/${d.consent.consentId}`;
    const group = groups.get(key) ?? { patientId: d.patientId, consent: d.consent, references: [] };
    group.references.push(d.reference);
    groups.set(key, group);
  }
  if (groups.size === 0) return;
  const rows = [...groups.values()].map((g) => ({ ...g, disclosureId: randomUUID() }));
  const { rows: [{ at }] } = await client.query<{ at: Date }>(
    `WITH saved AS (
       INSERT INTO fhir_disclosures (tenant_id, disclosure_id, patient_id, recipient, purpose, consent_id, actor, interaction, resources, disclosed_at)
       SELECT $1, d.id, d.patient, $2, d.purpose, d.consent, $3, $4, ARRAY(SELECT jsonb_array_elements_text(d.refs)), now()
       FROM unnest($5::uuid[], $6::uuid[], $7::text[], $8::uuid[], $9::jsonb[]) AS d(id, patient, purpose, consent, refs)
       RETURNING 1)
     SELECT now() AS at FROM saved LIMIT 1`,
    [actor.tenantId, recipient, actor.subject, interaction, rows.map((r) => r.disclosureId), rows.map((r) => r.patientId), rows.map((r) => r.consent.purpose),
      rows.map((r) => r.consent.consentId), rows.map((r) => JSON.stringify(r.references))]);
  const correlationId = randomUUID();
  const events = rows.map((r): NewEvent<DisclosureRecorded['type'], DisclosureRecorded['data']> => ({
    id: r.disclosureId,
    type: 'DisclosureRecorded',
    data: {
      disclosureId: r.disclosureId, patientId: r.patientId, recipient, purpose: r.consent.purpose, consentId: r.consent.consentId, interaction,
      resources: r.references, disclosedAt: at.toISOString(),
    },
    metadata: { tenantId: actor.tenantId, actor: { subject: actor.subject, roles: actor.roles }, correlationId },
  }));
  // One stream per response: its disclosures are one fact, never appended to again.
  await store.append(`fhir-disclosures-${correlationId}`, 'fhir-disclosures', events, { expectedVersion: 'no-stream', client });
  for (const r of rows) {
    await audit.record({
      actor, action: 'disclose', resource: `fhir/${interaction}`, patientId: r.patientId, purpose: r.consent.purpose,
      details: { recipient, consentId: r.consent.consentId, disclosureId: r.disclosureId, resources: r.references.length },
    }, client);
  }
}
