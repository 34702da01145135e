import type { PoolClient } from 'pg';
import { type KeyedRow, keyset, type PageParams } from '@iop/platform';

/** Each consent with every version of it, oldest first (42 CFR Part 2: the ledger keeps versions). */
export async function listConsents(client: PoolClient, tenantId: string, patientId: string) {
  const { rows } = await client.query(
    `SELECT c.consent_id, c.recipient, c.purpose, c.information, c.expires_at, c.granted_at, c.status, c.version,
       coalesce(c.expires_at <= now(), false) AS expired,
       (SELECT jsonb_agg(jsonb_build_object('version', v.version, 'change', v.change, 'scope', v.scope, 'information', v.information,
          'revokedInformation', v.revoked_information, 'recordedAt', v.recorded_at, 'recordedBy', v.recorded_by) ORDER BY v.version)
        FROM consent_versions v WHERE v.tenant_id = c.tenant_id AND v.consent_id = c.consent_id) AS versions
     FROM consents c WHERE c.tenant_id = $1 AND c.patient_id = $2 ORDER BY c.granted_at, c.consent_id`,
    [tenantId, patientId],
  );
  return rows.map((r) => ({
    consentId: r.consent_id, patientId, recipient: r.recipient, purpose: r.purpose, information: r.information,
    expiresAt: r.expires_at?.toISOString() ?? null, grantedAt: r.granted_at.toISOString(),
    status: r.status === 'active' && r.expired ? 'expired' : r.status, version: r.version, versions: r.versions ?? [],
  }));
}

type DisclosureRow = Record<string, unknown> & KeyedRow;

const DISCLOSURES = keyset('admissions.disclosures', [{ sql: 'disclosed_at', type: 'timestamptz', desc: true }, { sql: 'disclosure_id', type: 'uuid', desc: true }]);

/** 42 CFR 2.24: the disclosures of the last three years, newest first (as of `now`). */
export async function listDisclosures(client: PoolClient, tenantId: string, patientId: string, now: string, q: PageParams) {
  const page = DISCLOSURES.request(q);
  const after = DISCLOSURES.where(page, 5);
  const { rows } = await client.query<DisclosureRow>(
    `SELECT disclosure_id, recipient, purpose, channel, event_type, event_id, interaction, resources, consent_id, disclosed_at,
       ${DISCLOSURES.keySelect}
     FROM disclosures WHERE tenant_id = $1 AND patient_id = $2 AND disclosed_at >= $3::timestamptz - interval '3 years' AND ${after.sql}
     ORDER BY ${DISCLOSURES.orderBy} LIMIT $4`,
    [tenantId, patientId, now, page.limit + 1, ...after.params],
  );
  return DISCLOSURES.page(rows, page, (r) => ({
    disclosureId: r.disclosure_id, recipient: r.recipient, purpose: r.purpose, channel: r.channel, eventType: r.event_type, eventId: r.event_id,
    interaction: r.interaction, resources: r.resources, consentId: r.consent_id, disclosedAt: (r.disclosed_at as Date).toISOString(),
  }));
}
