/**
 * The Part 2 consent ledger as admissions publishes it. The dispatcher checks it before every delivery of a
 * patient-related event, so a revocation also stops messages already queued.
 */
import type { PoolClient } from 'pg';
import type { ConsentGranted, ConsentRevoked, PublicEvent } from '@iop/domain-events';

/** A grant is a new consent (admissions keeps the versions). */
export async function consentGranted(event: PublicEvent, client: PoolClient): Promise<void> {
  const c = event.data as ConsentGranted;
  await client.query(
    `INSERT INTO consents (consent_id, tenant_id, patient_id, recipient, purpose, information, expires_at, granted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (consent_id) DO NOTHING`,
    [c.consentId, event.tenantId, c.patientId, c.recipient, c.purpose, c.information, c.expiresAt ?? null, c.grantedAt],
  );
}

/** A full revocation ends the consent; a partial one removes categories, so later events of them are withheld. */
export async function consentRevoked(event: PublicEvent, client: PoolClient): Promise<void> {
  const r = event.data as ConsentRevoked;
  if (r.scope === 'full') {
    await client.query('UPDATE consents SET revoked_at = $3 WHERE consent_id = $1 AND tenant_id = $2', [r.consentId, event.tenantId, r.revokedAt]);
    return;
  }
  await client.query(
    `UPDATE consents SET information = ARRAY(SELECT unnest(information) EXCEPT SELECT unnest($3::text[])),
       revoked_information = ARRAY(SELECT DISTINCT unnest(revoked_information || $3::text[]))
     WHERE consent_id = $1 AND tenant_id = $2`,
    [r.consentId, event.tenantId, r.revokedInformation ?? []],
  );
}
