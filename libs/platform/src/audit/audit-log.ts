import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Principal } from '../auth/principal';
import { PG_POOL, writeAtCommit } from '../db/database';

export type AuditAction = 'read' | 'create' | 'update' | 'delete' | 'disclose' | 'export' | 'list';

export interface AuditEntry {
  actor: Principal;
  action: AuditAction;
  /** What was touched, e.g. `patient`, `episode/<id>`, `note/<id>`. */
  resource: string;
  patientId?: string | null;
  /** HIPAA purpose of use; defaults to treatment. */
  purpose?: string;
  correlationId?: string;
  details?: Record<string, unknown>;
}

/**
 * Who read or changed which patient's record, when and why. Append-only by database privilege (see the
 * migration). Pass the transaction's client to record a change in the same commit as the change itself.
 */
@Injectable()
export class AuditLog {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** In the caller's transaction the row travels with its COMMIT (one round trip less); without one it is written at once. */
  async record(entry: AuditEntry, client?: PoolClient): Promise<void> {
    const write = client ? (text: string, values: unknown[]) => writeAtCommit(client, text, values) : (text: string, values: unknown[]) => this.pool.query(text, values);
    await write(
      `INSERT INTO audit_log (tenant_id, actor, actor_roles, patient_id, action, resource, purpose, correlation_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.actor.tenantId,
        entry.actor.subject,
        entry.actor.roles,
        entry.patientId ?? null,
        entry.action,
        entry.resource,
        entry.purpose ?? 'treatment',
        entry.correlationId ?? null,
        entry.details ?? {},
      ],
    );
  }
}
