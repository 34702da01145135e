import type { PoolClient } from 'pg';
import type { ConsentCategory, ConsentGranted, ConsentRevoked } from '@iop/domain-events';

/**
 * The Part 2 consent ledger as admissions publishes it, kept beside the Consent resources because a resource cannot
 * hold what the check needs (the categories of information, a partial revocation's withdrawn ones). The facade checks
 * it before anything goes to a recipient outside the program, as webhooks checks its own before each delivery.
 */
export async function ledgerGranted(client: PoolClient, tenantId: string, c: ConsentGranted): Promise<void> {
  await client.query(
    `INSERT INTO fhir_consents (tenant_id, consent_id, patient_id, recipient, purpose, information, granted_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (consent_id) DO NOTHING`,
    [tenantId, c.consentId, c.patientId, c.recipient, c.purpose, c.information, c.grantedAt, c.expiresAt ?? null]);
}

/** A full revocation ends the consent; a partial one withdraws categories (a redelivery withdraws nothing more). */
export async function ledgerRevoked(client: PoolClient, r: ConsentRevoked): Promise<void> {
  if (r.scope === 'full') {
    await client.query('UPDATE fhir_consents SET revoked_at = coalesce(revoked_at, $2) WHERE consent_id = $1', [r.consentId, r.revokedAt]);
    return;
  }
  await client.query(
    'UPDATE fhir_consents SET information = ARRAY(SELECT unnest(information) EXCEPT SELECT unnest($2::text[])) WHERE consent_id = $1',
    [r.consentId, r.revokedInformation ?? []]);
}

export interface ConsentInForce {
  consentId: string;
  patientId: string;
  purpose: string;
  information: ConsentCategory[];
}

/**
 * The consents in force now (granted, not expired, not revoked) that name the recipient, for these patients (all of
 * the tenant's when undefined), newest grant first. Read in the request's tenant transaction.
 */
export async function consentsInForce(client: PoolClient, recipient: string, patientIds?: readonly string[]): Promise<ConsentInForce[]> {
  const { rows } = await client.query<ConsentInForce>(
    `SELECT consent_id AS "consentId", patient_id AS "patientId", purpose, information FROM fhir_consents
     WHERE recipient = $1 AND revoked_at IS NULL AND granted_at <= now() AND (expires_at IS NULL OR expires_at > now())
       AND ($2::uuid[] IS NULL OR patient_id = ANY($2::uuid[]))
     ORDER BY granted_at DESC, consent_id`,
    [recipient, patientIds ?? null]);
  return rows;
}
