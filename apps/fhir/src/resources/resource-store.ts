import type { PoolClient } from 'pg';
import type { FhirResource, ResourceType, SessionTimes, StoredResource } from './fhir-resources';

/**
 * Reads and writes of the FHIR read model inside a consumer's inbox transaction. A write that changes nothing (a
 * redelivery) keeps the version; any other bumps `meta.versionId` and stamps `meta.lastUpdated` with the database's
 * clock, which is the store's own time, not the clinical record's.
 */
/**
 * A resource for a consumer to change, in its transaction. Events about one resource can arrive on different
 * partitions (a patient's referral and admission have different keys) and be applied at once: the resource is locked
 * (a transaction-scoped advisory lock, which also covers one that does not exist yet) so that the second change starts
 * from the first one's result instead of overwriting it.
 */
export async function loadResource(client: PoolClient, type: ResourceType, id: string): Promise<FhirResource | undefined> {
  // Two statements: a read in the locking statement would use that statement's snapshot, taken before the wait, and
  // miss the change committed by the transaction it waited for.
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2::text, 0))`, [type, id]);
  const { rows } = await client.query<{ resource: FhirResource }>('SELECT resource FROM fhir_resources WHERE resource_type = $1 AND id = $2', [type, id]);
  return rows[0]?.resource ? withoutStamp(rows[0].resource) : undefined;
}

/** The resource without the store's stamp, as the mapping functions build it. */
function withoutStamp(r: FhirResource): FhirResource {
  const { versionId: _v, lastUpdated: _l, ...meta } = (r.meta ?? {}) as Record<string, unknown>;
  return { ...r, meta };
}

/**
 * Writes the resource's new state and, when it changed, its version row: the upsert's RETURNING feeds the history
 * table in the same statement, so a redelivery that changes nothing adds no version. A resource made again after a
 * deletion (an absence corrected back to attendance) continues its version numbers from the history.
 */
export async function saveResource(client: PoolClient, tenantId: string, s: StoredResource): Promise<void> {
  await client.query(
    `WITH saved AS (
       INSERT INTO fhir_resources AS f (tenant_id, resource_type, id, patient_id, date, status, version_id, last_updated, resource)
       SELECT $1::text, $2::text, $3::text, $4::uuid, $5::text, $6::text, v.next, now(),
              jsonb_set($7::jsonb, '{meta}', coalesce($7::jsonb -> 'meta', '{}') || jsonb_build_object('versionId', v.next::text, 'lastUpdated', to_jsonb(now())))
       FROM (SELECT coalesce(max(version_id), 0) + 1 AS next FROM fhir_resource_versions WHERE resource_type = $2::text AND id = $3::text) v
       ON CONFLICT (resource_type, id) DO UPDATE SET
         date = excluded.date, status = excluded.status, version_id = f.version_id + 1, last_updated = now(),
         resource = jsonb_set($7::jsonb, '{meta}', coalesce($7::jsonb -> 'meta', '{}') || jsonb_build_object('versionId', (f.version_id + 1)::text, 'lastUpdated', to_jsonb(now())))
       WHERE (f.resource - 'meta') IS DISTINCT FROM ($7::jsonb - 'meta') OR (f.resource -> 'meta' -> 'security') IS DISTINCT FROM ($7::jsonb -> 'meta' -> 'security')
       RETURNING tenant_id, resource_type, id, patient_id, version_id, last_updated, resource)
     INSERT INTO fhir_resource_versions (tenant_id, resource_type, id, version_id, patient_id, last_updated, deleted, resource)
     SELECT tenant_id, resource_type, id, version_id, patient_id, last_updated, false, resource FROM saved`,
    [tenantId, s.type, s.id, s.patientId, s.date, s.status, JSON.stringify(s.resource)]);
}

/** Removes the resource; its history keeps a deletion as the next version (what `_history` shows as a DELETE). */
export async function deleteResource(client: PoolClient, type: ResourceType, id: string): Promise<void> {
  await client.query(
    `WITH gone AS (DELETE FROM fhir_resources WHERE resource_type = $1 AND id = $2 RETURNING tenant_id, resource_type, id, patient_id, version_id)
     INSERT INTO fhir_resource_versions (tenant_id, resource_type, id, version_id, patient_id, last_updated, deleted, resource)
     SELECT tenant_id, resource_type, id, version_id + 1, patient_id, now(), true, NULL FROM gone`,
    [type, id]);
}

export async function saveSession(client: PoolClient, tenantId: string, s: SessionTimes): Promise<void> {
  await client.query(
    `INSERT INTO fhir_sessions (tenant_id, session_id, type, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (session_id) DO UPDATE SET type = excluded.type, starts_at = excluded.starts_at, ends_at = excluded.ends_at`,
    [tenantId, s.sessionId, s.type, s.startsAt, s.endsAt]);
}

export async function loadSession(client: PoolClient, sessionId: string): Promise<SessionTimes | undefined> {
  const { rows } = await client.query('SELECT session_id, type, starts_at, ends_at FROM fhir_sessions WHERE session_id = $1', [sessionId]);
  return rows[0] ? { sessionId: rows[0].session_id, type: rows[0].type, startsAt: rows[0].starts_at, endsAt: rows[0].ends_at } : undefined;
}
