import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { AuditLog, Principal } from '@iop/platform';
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
 * accounting of disclosures (42 CFR 2.24), and an audit entry `disclose` with the consent's purpose.
 */
export async function recordDisclosures(
  client: PoolClient, audit: AuditLog, actor: Principal, recipient: string, interaction: string, disclosed: readonly Disclosed[],
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
  await client.query(
    `INSERT INTO fhir_disclosures (tenant_id, disclosure_id, patient_id, recipient, purpose, consent_id, actor, interaction, resources, disclosed_at)
     SELECT $1, d.id, d.patient, $2, d.purpose, d.consent, $3, $4, ARRAY(SELECT jsonb_array_elements_text(d.refs)), now()
     FROM unnest($5::uuid[], $6::uuid[], $7::text[], $8::uuid[], $9::jsonb[]) AS d(id, patient, purpose, consent, refs)`,
    [actor.tenantId, recipient, actor.subject, interaction, rows.map((r) => r.disclosureId), rows.map((r) => r.patientId), rows.map((r) => r.consent.purpose),
      rows.map((r) => r.consent.consentId), rows.map((r) => JSON.stringify(r.references))]);
  for (const r of rows) {
    await audit.record({
      actor, action: 'disclose', resource: `fhir/${interaction}`, patientId: r.patientId, purpose: r.consent.purpose,
      details: { recipient, consentId: r.consent.consentId, disclosureId: r.disclosureId, resources: r.references.length },
    }, client);
  }
}
