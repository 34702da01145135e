import type { PoolClient } from 'pg';

export type TenantSettings = { plannedProgramWeeks: number; minimumWeeklyHours: number | null };

/** docs/DOMAIN.md section 1: designed for 8 weeks; ASAM 2.1 asks 9 h/week for adults (null = the criteria's default). */
export const DEFAULT_SETTINGS: TenantSettings = { plannedProgramWeeks: 8, minimumWeeklyHours: null };

export async function readSettings(client: PoolClient, tenantId: string): Promise<TenantSettings> {
  const { rows } = await client.query<{ planned_program_weeks: number; minimum_weekly_hours: number | null }>(
    'SELECT planned_program_weeks, minimum_weekly_hours FROM tenant_settings WHERE tenant_id = $1', [tenantId]);
  return rows[0] ? { plannedProgramWeeks: rows[0].planned_program_weeks, minimumWeeklyHours: rows[0].minimum_weekly_hours } : DEFAULT_SETTINGS;
}

export async function saveSettings(client: PoolClient, tenantId: string, s: TenantSettings, by: string): Promise<void> {
  await client.query(
    `INSERT INTO tenant_settings (tenant_id, planned_program_weeks, minimum_weekly_hours, updated_at, updated_by) VALUES ($1, $2, $3, now(), $4)
     ON CONFLICT (tenant_id) DO UPDATE SET planned_program_weeks = $2, minimum_weekly_hours = $3, updated_at = now(), updated_by = $4`,
    [tenantId, s.plannedProgramWeeks, s.minimumWeeklyHours, by],
  );
}
