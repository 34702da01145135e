import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL, type Principal, withTenant } from '@iop/platform';

/** What a clinic tunes about safety alerts (docs/DOMAIN.md section 8). */
export interface SafetyAlertSettings {
  /** An alert nobody acknowledged this long after it opened escalates to the supervisor role. */
  escalateAfterMinutes: number;
  /** An unexcused absence this many days before a positive drug screen's collection opens an alert. */
  missedSessionWindowDays: number;
}

/** 30 minutes: a patient at risk outside the facility should hear back within the half hour; 7 days: one program week. */
export const DEFAULT_SAFETY_ALERT_SETTINGS: SafetyAlertSettings = { escalateAfterMinutes: 30, missedSessionWindowDays: 7 };

type Row = { escalate_after_minutes: number; missed_session_window_days: number };

/** Reads a tenant's settings on a client of the caller's (a consumer's inbox transaction, the timer's). */
export async function safetyAlertSettingsOf(client: PoolClient, tenantId: string): Promise<SafetyAlertSettings> {
  const { rows } = await client.query<Row>('SELECT * FROM safety_alert_settings WHERE tenant_id = $1', [tenantId]);
  const r = rows[0];
  return r ? { escalateAfterMinutes: r.escalate_after_minutes, missedSessionWindowDays: r.missed_session_window_days } : DEFAULT_SAFETY_ALERT_SETTINGS;
}

/** Plain configuration rows, as documentation settings are: they shape future decisions, each decision records its outcome. */
@Injectable()
export class SafetyAlertSettingsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  get(tenantId: string): Promise<SafetyAlertSettings> {
    return withTenant(this.pool, tenantId, (c) => safetyAlertSettingsOf(c, tenantId));
  }

  async put(by: Principal, s: SafetyAlertSettings): Promise<void> {
    await withTenant(this.pool, by.tenantId, (c) => c.query(
      `INSERT INTO safety_alert_settings (tenant_id, escalate_after_minutes, missed_session_window_days, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (tenant_id) DO UPDATE SET escalate_after_minutes = $2, missed_session_window_days = $3, updated_by = $4, updated_at = now()`,
      [by.tenantId, s.escalateAfterMinutes, s.missedSessionWindowDays, by.subject],
    ));
  }
}
