import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL, withTenant, type Principal, type Role } from '@iop/platform';
import { authorNeedsCosignature } from '../domain/note/note.rules';

/** Documentation rules a clinic may tune; the defaults are the (7-day plan, 30-day review, 72 h notes). */
export interface DocumentationSettings {
  planDueDays: number;
  planReviewDays: number;
  lateAfterHours: number;
  /** Authors holding one of these roles need a supervisor's co-signature. */
  cosignRequiredRoles: Role[];
  /** Authors whose registered credential (e.g. `cadc-i`, `intern`) is listed need one too. */
  cosignRequiredCredentials: string[];
}

export const DEFAULT_SETTINGS: DocumentationSettings = {
  planDueDays: 7, planReviewDays: 30, lateAfterHours: 72, cosignRequiredRoles: [], cosignRequiredCredentials: [],
};

type Row = { plan_due_days: number; plan_review_days: number; late_after_hours: number; cosign_roles: Role[]; cosign_credentials: string[] };

/** Plain configuration rows, not event-sourced: they shape future decisions, and each decision records its outcome. */
@Injectable()
export class DocumentationSettingsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async get(tenantId: string): Promise<DocumentationSettings> {
    const { rows } = await withTenant(this.pool, tenantId, (c) =>
      c.query<Row>('SELECT * FROM documentation_settings WHERE tenant_id = $1', [tenantId]));
    const r = rows[0];
    if (!r) return DEFAULT_SETTINGS;
    return {
      planDueDays: r.plan_due_days, planReviewDays: r.plan_review_days, lateAfterHours: r.late_after_hours,
      cosignRequiredRoles: r.cosign_roles, cosignRequiredCredentials: r.cosign_credentials,
    };
  }

  async put(by: Principal, s: DocumentationSettings): Promise<void> {
    await withTenant(this.pool, by.tenantId, (c) => c.query(
      `INSERT INTO documentation_settings
         (tenant_id, plan_due_days, plan_review_days, late_after_hours, cosign_roles, cosign_credentials, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (tenant_id) DO UPDATE SET plan_due_days = $2, plan_review_days = $3, late_after_hours = $4, cosign_roles = $5,
         cosign_credentials = $6, updated_by = $7, updated_at = now()`,
      [by.tenantId, s.planDueDays, s.planReviewDays, s.lateAfterHours, s.cosignRequiredRoles, s.cosignRequiredCredentials, by.subject],
    ));
  }

  async setCredential(tenantId: string, subject: string, credential: string): Promise<void> {
    await withTenant(this.pool, tenantId, (c) => c.query(
      `INSERT INTO staff_credentials (tenant_id, subject, credential, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id, subject) DO UPDATE SET credential = $3, updated_at = now()`, [tenantId, subject, credential]));
  }

  async credentialOf(tenantId: string, subject: string): Promise<string | null> {
    const { rows } = await withTenant(this.pool, tenantId, (c) => c.query<{ credential: string }>(
      'SELECT credential FROM staff_credentials WHERE tenant_id = $1 AND subject = $2', [tenantId, subject]));
    return rows[0]?.credential ?? null;
  }

  /** What signing needs from the tenant's rules: the late-entry threshold and whether this author needs a co-signer. */
  async signingRules(author: Principal): Promise<{ lateAfterHours: number; cosignRequired: boolean }> {
    const [settings, credential] = await Promise.all([this.get(author.tenantId), this.credentialOf(author.tenantId, author.subject)]);
    const policy = { roles: settings.cosignRequiredRoles, credentials: settings.cosignRequiredCredentials };
    return { lateAfterHours: settings.lateAfterHours, cosignRequired: authorNeedsCosignature(policy, { roles: author.roles, credential }) };
  }
}
