import type { Projection } from '@iop/event-store';
import type { ConsentGranted, ConsentRevoked } from '../domain/consent/consent.events';
import { actorOf, dataOf, projectionOf, tenantOf } from './projection-support';

/** The consent ledger: the current state of each consent, and every version of it (42 CFR Part 2: versions kept). */
export const consentsProjection: Projection = { ...projectionOf('consents', ['consents', 'consent_versions'], {
  ConsentGranted: async (client, table, event) => {
    const d = dataOf<ConsentGranted['data']>(event);
    await client.query(
      `INSERT INTO ${table('consents')} (tenant_id, consent_id, patient_id, recipient, purpose, information, expires_at, granted_at, status, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9) ON CONFLICT DO NOTHING`,
      [tenantOf(event), d.consentId, d.patientId, d.recipient, d.purpose, d.information, d.expiresAt ?? null, d.grantedAt, event.streamVersion],
    );
    await client.query(
      `INSERT INTO ${table('consent_versions')} (tenant_id, consent_id, version, change, information, recorded_at, recorded_by)
       VALUES ($1, $2, $3, 'granted', $4, $5, $6) ON CONFLICT DO NOTHING`,
      [tenantOf(event), d.consentId, event.streamVersion, d.information, d.grantedAt, actorOf(event)],
    );
  },
  ConsentRevoked: async (client, table, event) => {
    const d = dataOf<ConsentRevoked['data']>(event);
    const { rows } = await client.query<{ information: string[] }>(
      `UPDATE ${table('consents')} SET
         information = CASE WHEN $3 = 'full' THEN '{}'::text[] ELSE ARRAY(SELECT i FROM unnest(information) i WHERE i <> ALL($4::text[])) END,
         version = $5
       WHERE tenant_id = $1 AND consent_id = $2 RETURNING information`,
      [tenantOf(event), d.consentId, d.scope, d.revokedInformation ?? [], event.streamVersion],
    );
    const remaining = rows[0]?.information ?? [];
    await client.query(
      `UPDATE ${table('consents')} SET status = CASE WHEN cardinality(information) = 0 THEN 'revoked' ELSE 'active' END
       WHERE tenant_id = $1 AND consent_id = $2`,
      [tenantOf(event), d.consentId],
    );
    await client.query(
      `INSERT INTO ${table('consent_versions')} (tenant_id, consent_id, version, change, scope, information, revoked_information, recorded_at, recorded_by)
       VALUES ($1, $2, $3, 'revoked', $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [tenantOf(event), d.consentId, event.streamVersion, d.scope, remaining, d.revokedInformation ?? null, d.revokedAt, actorOf(event)],
    );
  },
}),
  // A revocation reads the categories it leaves (RETURNING): its writes cannot wait for the COMMIT.
  readsBack: true,
};
