import type { PoolClient } from 'pg';
import type { AuditAction, AuditLog, Principal } from '@iop/platform';

/**
 * HIPAA audit controls: one record per patient whose data was read or changed, so "who saw this patient's record"
 * is one indexed query. Written in the caller's transaction: no read or change without its record.
 */
export async function auditPatients(
  audit: AuditLog, client: PoolClient, actor: Principal, action: AuditAction, resource: string, patientIds: readonly string[],
): Promise<void> {
  for (const patientId of new Set(patientIds)) await audit.record({ actor, action, resource, patientId }, client);
}
