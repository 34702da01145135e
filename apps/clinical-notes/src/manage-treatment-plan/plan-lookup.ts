import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { withTenant } from '@iop/platform';
import type { KnownDiagnosis, ProblemInput } from '../domain/treatment-plan/plan-content.rules';
import { treatmentPlanStream } from '../domain/treatment-plan/treatment-plan.decide';

/** Plans are streamed per episode; routes address them by plan id, resolved through the tenant-isolated read model. */
export async function planStreamOf(pool: Pool, tenantId: string, planId: string): Promise<{ id: string; type: string }> {
  const { rows } = await withTenant(pool, tenantId, (c) =>
    c.query<{ episode_id: string }>('SELECT episode_id FROM treatment_plans WHERE plan_id = $1', [planId]));
  if (!rows[0]) throw notFound('No such treatment plan.');
  return treatmentPlanStream(rows[0].episode_id);
}

/** The diagnoses the problems name, as admissions' events told this service about them (unknown ones are left out). */
export async function diagnosesNamed(pool: Pool, tenantId: string, problems: readonly ProblemInput[]): Promise<Record<string, KnownDiagnosis>> {
  const ids = [...new Set(problems.flatMap((p) => (p.diagnosisId ? [p.diagnosisId] : [])))];
  if (ids.length === 0) return {};
  const { rows } = await withTenant(pool, tenantId, (c) => c.query<{ diagnosis_id: string; episode_id: string; status: KnownDiagnosis['status'] }>(
    'SELECT diagnosis_id, episode_id, status FROM episode_diagnoses WHERE diagnosis_id = ANY($1::uuid[])', [ids]));
  return Object.fromEntries(rows.map((r) => [r.diagnosis_id, { episodeId: r.episode_id, status: r.status }]));
}

